from __future__ import annotations

app_name = "organise"

urlpatterns: list = []
