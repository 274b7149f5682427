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


def test_a_choice_added_in_the_admin_gets_a_random_key_like_every_other(admin_client, approved_question):
    question = approved_question
    existing = list(question.choices.all())
    data = {
        "unit": question.unit_id,
        "topic": question.topic_id,
        "kind": question.kind,
        "text": question.text,
        "explanation": question.explanation,
        "source": question.source,
        "difficulty": question.difficulty,
        "status": question.status,
        "author": question.author_id,
        "reviewer": question.reviewer_id,
        "choices-TOTAL_FORMS": len(existing) + 1,
        "choices-INITIAL_FORMS": len(existing),
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 6,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
        "events-MIN_NUM_FORMS": 0,
        "events-MAX_NUM_FORMS": 1000,
    }
    for i, choice in enumerate([*existing, None]):
        data.update(
            {
                f"choices-{i}-id": choice.pk if choice else "",
                f"choices-{i}-question": question.pk,
                f"choices-{i}-position": choice.position if choice else len(existing),
                f"choices-{i}-text": choice.text if choice else "Người lạ trên mạng",
            }
        )
        if choice and choice.is_correct:
            data[f"choices-{i}-is_correct"] = "on"

    response = admin_client.post(reverse("admin:questionbank_question_change", args=[question.pk]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    keys = dict(question.choices.values_list("text", "key"))
    assert len(keys) == 4
    assert keys["Người lạ trên mạng"] not in {c.key for c in existing}
    assert {len(str(key)) for key in keys.values()} == {9}
    assert {keys[c.text] for c in existing} == {c.key for c in existing}  # the others keep theirs
