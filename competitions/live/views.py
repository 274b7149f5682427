"""The live round's pages: the join form, the player's phone, the host's console, the projector.

The pages hold nothing of the game: each opens its socket (PROTOCOL.md) and
draws what the server sends. Nothing about a question, least of all its
answer, is in the HTML.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from quizsite import limits

from . import cards, guards, guests, links, texts
from .access import can_host, can_watch, entered_membership_of, is_code
from .forms import GuestForm
from .messages import V2_KINDS
from .models import LiveRound
from .qr import qr_png as draw_qr_png
from .qr import qr_svg


def _wrong_code(request: HttpRequest, code: str) -> HttpResponse:
    """A code that names no round, or a finished one (the same words: nothing tells them apart)."""
    if is_code(code):
        error = _("Không có vòng thi nào với mã {code}. Hãy kiểm tra lại mã trên màn hình.").format(code=code)
    else:
        error = _("Mã tham gia gồm đúng 6 chữ số.")
    return render(request, "live/join.html", {"code": code, "error": error}, status=404)


def _too_many_codes(request: HttpRequest, code: str) -> HttpResponse:
    error = _(
        "Có quá nhiều mã sai được nhập từ mạng của bạn. Hãy chờ khoảng 10 phút rồi thử lại, "
        "hoặc hỏi ban tổ chức mã đúng."
    )
    response = render(request, "live/join.html", {"code": code, "error": error}, status=429)
    response["Retry-After"] = str(guards.WRONG_CODES.seconds)
    return response


def _round_or_wrong_code(request: HttpRequest, code: str, *, token: str | None = None) -> LiveRound | HttpResponse:
    found = guards.find_round(
        code,
        user=request.user,
        session=request.session,
        address=limits.client_address(request),
        token=token,
    )
    if found.too_many:
        return _too_many_codes(request, code)
    return found.live or _wrong_code(request, code)


def _socket_path(live_round: LiveRound, role: str, **query: str) -> str:
    path = f"/ws/live/{live_round.code}/{role}/"
    return f"{path}?{urlencode(query)}" if query else path


@require_GET
def join(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip().replace(" ", "")
    if not code:
        return render(request, "live/join.html", {"code": ""})
    live_round = _round_or_wrong_code(request, code)
    if isinstance(live_round, HttpResponse):
        return live_round
    return redirect("live:play", code=live_round.code)


def _game(
    request: HttpRequest, live_round: LiveRound, team_name: str, display_name: str, *, leads: bool = False
) -> HttpResponse:
    # The phone loads what draws order and hotspot questions only where the round has one: a 2G phone in any
    # other round is spared its bytes.
    practice = live_round.questions.filter(question__kind__in=V2_KINDS).exists()
    config = {"socket": _socket_path(live_round, "play"), "texts": texts.play()}
    if practice:
        config["texts"] |= texts.play_practice()
    context = {
        "live": live_round,
        "team_name": team_name,
        "display_name": display_name,
        "config": config,
        "practice": practice,
    }
    if leads and live_round.status == LiveRound.Status.LOBBY:
        # A team's leader brings the team in: the join link to share before the round starts.
        context["live_share"] = cards.share_links(request, live_round)
    return render(request, "live/play.html", context)


@require_http_methods(["GET", "POST"])
def play_page(request: HttpRequest, code: str) -> HttpResponse:
    live_round = _round_or_wrong_code(request, code)
    if isinstance(live_round, HttpResponse):
        return live_round
    membership = entered_membership_of(request.user, live_round)
    if membership is not None:
        return _game(request, live_round, membership.team.name, request.user.display_name, leads=membership.leads)
    guest = guests.session_guest(request.session, live_round)
    if guest is not None:
        return _game(request, live_round, guest.team.name, guest.display_name)
    if not live_round.guests_allowed:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        context = {"live": live_round, "can_host": can_host(request.user, live_round)}
        return render(request, "live/not_entered.html", context, status=403)
    return _guest_join(request, live_round)


def _guest_context(request: HttpRequest, live_round: LiveRound, form: GuestForm) -> dict:
    # The page a shared join link opens for someone signed out: its card is the round's (Zalo, Facebook).
    return {"live": live_round, "form": form, "og": cards.join_card(request, live_round)}


def _guest_join(request: HttpRequest, live_round: LiveRound) -> HttpResponse:
    form = GuestForm(request.POST or None, live_round=live_round)
    if request.method != "POST" or not form.is_valid():
        return render(request, "live/guest.html", _guest_context(request, live_round, form))
    if not guards.may_add_guest(request):
        form.add_error(
            None, _("Nhiều người đang vào cùng lúc từ mạng của bạn. Hãy chờ vài giây rồi bấm “Vào chơi” lại.")
        )
        response = render(request, "live/guest.html", _guest_context(request, live_round, form), status=429)
        response["Retry-After"] = str(guards.GUEST_ADDS_PER_BROWSER.seconds)
        return response
    guest_key, nickname = guests.new_guest_key(), form.cleaned_data["nickname"]
    try:
        guest = guests.join_guest(
            live_round, guest_key=guest_key, nickname=nickname, team_id=form.cleaned_data["team"].pk
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "live/guest.html", _guest_context(request, live_round, form))
    guests.remember_guest(request.session, live_round, guest_key)  # the lobby hears of them when their socket opens
    if guest.display_name != nickname:
        message = _("Trong đội đã có người tên “{name}”, nên bạn có tên “{given}”.")
        messages.info(request, message.format(name=nickname, given=guest.display_name))
    return redirect("live:play", code=live_round.code)


@login_required
@require_GET
def host_page(request: HttpRequest, code: str) -> HttpResponse:
    live_round = _round_or_wrong_code(request, code)
    if isinstance(live_round, HttpResponse):
        return live_round
    if not can_host(request.user, live_round):
        raise PermissionDenied
    config = {"socket": _socket_path(live_round, "host"), "texts": texts.host()}
    context = {
        "live": live_round,
        "config": config,
        "screen_url": request.build_absolute_uri(links.screen_path(live_round.code, live_round.screen_token)),
        "play_url": request.build_absolute_uri(links.player_path(live_round.code)),
        "guest_count": guests.guest_count(live_round),
        "live_share": cards.share_links(request, live_round),
    }
    return render(request, "live/host.html", context)


@require_GET
def qr_png(request: HttpRequest, code: str) -> HttpResponse:
    """The join link's QR code to download: for whoever has the code, found (and counted) as the join page does."""
    live_round = _round_or_wrong_code(request, code)
    if isinstance(live_round, HttpResponse):
        return live_round
    response = HttpResponse(draw_qr_png(request.build_absolute_uri(links.player_path(live_round.code))))
    response["Content-Type"] = "image/png"
    response["Content-Disposition"] = f'attachment; filename="ma-qr-{live_round.code}.png"'
    # The code stays a round's only while it is played: a browser keeps the image, a shared cache does not.
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def screen_page(request: HttpRequest, code: str) -> HttpResponse:
    token = request.GET.get("token", "")
    live_round = _round_or_wrong_code(request, code, token=token)
    if isinstance(live_round, HttpResponse):
        return live_round
    if not token and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_watch(request.user, live_round, token):
        raise PermissionDenied
    play_url = request.build_absolute_uri(links.player_path(live_round.code))
    join_url = request.build_absolute_uri(reverse("live:join"))
    socket = _socket_path(live_round, "screen", **({"token": token} if token else {}))
    context = {
        "live": live_round,
        "config": {"socket": socket, "texts": texts.screen()},
        "qr": qr_svg(play_url),
        "join_address": join_url.split("://", 1)[-1].rstrip("/"),
    }
    return render(request, "live/screen.html", context)
