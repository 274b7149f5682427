"""The pages call the teams by their name since the 2024 rename: Tổ chuyển đổi số cộng đồng."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

OLD_NAME = re.compile(r"tổ công nghệ số", re.IGNORECASE)


def test_no_template_uses_the_old_name():
    templates = Path(settings.BASE_DIR) / "templates"

    old = [str(path.relative_to(templates)) for path in templates.rglob("*.html") if OLD_NAME.search(path.read_text())]

    assert old == []


def test_the_title_and_the_home_page_use_the_new_name(client, db):
    page = client.get(reverse("home")).content.decode()

    assert re.search(r"<title>[^<]* · Tổ chuyển đổi số cộng đồng</title>", page)
    assert "Dành cho thành viên Tổ chuyển đổi số cộng đồng:" in page
    assert not OLD_NAME.search(page)


def test_no_message_or_demo_data_in_the_code_uses_the_old_name():
    """The demo bank quotes documents of 2022 by their own words, so it keeps the old name."""
    base = Path(settings.BASE_DIR)
    sources = [
        path
        for app in ("quizsite", "questionbank", "competitions", "leaderboards")
        for path in (base / app).rglob("*.py")
        if "migrations" not in path.parts and "demo_bank" not in path.parts
    ]

    old = [str(path.relative_to(base)) for path in sources if OLD_NAME.search(path.read_text())]

    assert old == []
