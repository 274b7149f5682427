from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.parametrize("model", ["topic", "question", "questionevent"])
def test_the_admin_lists_the_question_bank(admin_client, approved_question, model):
    assert admin_client.get(reverse(f"admin:questionbank_{model}_changelist")).status_code == 200


def test_the_admin_question_page_shows_choices_and_the_trail(admin_client, approved_question):
    html = admin_client.get(reverse("admin:questionbank_question_change", args=[approved_question.pk])).content.decode()
    assert "Không chia sẻ cho bất kỳ ai" in html
    assert "Lê Văn Duyệt" in html
