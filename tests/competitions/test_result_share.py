"""“Chia sẻ kết quả”: a member makes a public link of their result, chooses whether a name shows, withdraws it."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from competitions import attempts
from competitions.result_shares import ResultShare
from quizsite import og
from quizsite.accounts import services as accounts
from tests.og_tags import image_path, og_tags

from .helpers import right_ids, slots


def _played(round, user, right: int = 1):
    attempt = attempts.start_attempt(round=round, user=user)
    for slot in slots(attempt)[:right]:
        attempts.record_answer(attempt=attempt, question_id=slot.question_id, choice_ids=right_ids(slot))
    return attempts.submit_attempt(attempt=attempt)


def _share(client, attempt, **data):
    return client.post(reverse("competitions:attempt_share", args=[attempt.pk]), data)


def test_the_result_page_offers_to_share_with_no_name_ticked_and_the_given_name_ready(player, member_a, open_round):
    attempt = _played(open_round, member_a)

    page = player.get(reverse("competitions:attempt_result", args=[attempt.pk])).content.decode()

    assert "Chia sẻ kết quả" in page and "Tạo liên kết chia sẻ" in page
    assert 'name="show_name" id="id_show_name">' in page  # not checked
    assert 'value="Viên"' in page  # Hoàng Thành Viên's given name, offered, not shown until ticked


def test_a_member_shares_a_result_and_anyone_opens_it_without_signing_in(player, client, member_a, open_round):
    attempt = _played(open_round, member_a, right=2)

    response = _share(player, attempt)
    share = ResultShare.objects.get(attempt=attempt)
    page = player.get(response["Location"]).content.decode()
    player.logout()
    public = client.get(reverse("competitions:result_share", args=[share.token]))

    assert response["Location"].endswith("#share-result")
    assert "Chia sẻ lên Zalo" in page and share.token in page
    assert public.status_code == 200
    html = public.content.decode()
    assert "Tôi được 2/3 điểm Tuần 1: An toàn trên mạng — cùng thi với tổ mình nhé" in html
    assert "Tổ CNS Ấp 1" in html and "Hoàng" not in html and "Viên" not in html
    assert reverse("competitions:round_detail", args=[open_round.pk]) in html


def test_a_ticked_name_shows_only_the_name_typed(player, member_a, open_round):
    client = Client()  # someone else's phone, signed out
    attempt = _played(open_round, member_a)

    _share(player, attempt, show_name="on", name="Viên 🌾")
    share = ResultShare.objects.get(attempt=attempt)
    html = client.get(reverse("competitions:result_share", args=[share.token])).content.decode()

    assert "Viên 🌾" in html and "Hoàng" not in html
    assert client.get(image_path(og_tags(html))).status_code == 200


def test_ticking_a_name_without_typing_one_says_so_and_shares_nothing(player, member_a, open_round):
    attempt = _played(open_round, member_a)

    response = _share(player, attempt, show_name="on", name="  ")

    assert not ResultShare.objects.exists()
    assert "Hãy nhập tên muốn hiện" in player.get(response["Location"]).content.decode()


def test_changing_the_name_keeps_the_link_and_unticking_takes_the_name_away(player, member_a, open_round):
    client = Client()
    attempt = _played(open_round, member_a)
    _share(player, attempt, show_name="on", name="Viên")
    token = ResultShare.objects.get().token

    _share(player, attempt, name="Viên")

    assert ResultShare.objects.get().token == token
    assert "Viên" not in client.get(reverse("competitions:result_share", args=[token])).content.decode()


def test_a_withdrawn_share_and_its_image_are_gone(player, member_a, open_round):
    client = Client()
    attempt = _played(open_round, member_a)
    _share(player, attempt)
    share = ResultShare.objects.get()
    page_url = reverse("competitions:result_share", args=[share.token])
    image_url = image_path(og_tags(client.get(page_url).content))
    assert client.get(image_url).status_code == 200

    player.post(reverse("competitions:attempt_share_withdraw", args=[attempt.pk]))

    assert not ResultShare.objects.exists()
    assert client.get(page_url).status_code == 404
    assert client.get(image_url).status_code == 404


def test_nobody_shares_or_withdraws_another_persons_result(client, member_a, make_user, team_a, open_round):
    attempt = _played(open_round, member_a)
    other = make_user(name="Lý Người Khác")
    accounts.add_member(team=team_a, user=other)
    client.force_login(other)

    assert _share(client, attempt).status_code == 404
    assert not ResultShare.objects.exists()


def test_an_attempt_under_way_cannot_be_shared(player, member_a, open_round):
    attempt = attempts.start_attempt(round=open_round, user=member_a)

    response = _share(player, attempt)

    assert not ResultShare.objects.exists()
    assert "Hãy nộp bài trước khi chia sẻ kết quả." in player.get(response["Location"], follow=True).content.decode()


def test_sharing_needs_a_sign_in_and_a_post(client, player, member_a, open_round):
    attempt = _played(open_round, member_a)

    assert player.get(reverse("competitions:attempt_share", args=[attempt.pk])).status_code == 405
    player.logout()
    response = _share(client, attempt)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_token_that_is_not_one_is_a_404(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("competitions:result_share", args=["no-ví-dụ!"])).status_code == 404
    assert client.get(reverse("competitions:result_share", args=["A" * 16])).status_code == 404
    assert client.get(reverse("cards:image", args=["result", og.ref("result", 999)])).status_code == 404
