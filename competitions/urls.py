from __future__ import annotations

app_name = "competitions"

urlpatterns: list = []
