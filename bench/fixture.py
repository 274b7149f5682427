"""Bench data: an author with many questions, printed as JSON accounts.

Run by bench/harness.py against the bench database (cwd = the source tree,
DATABASE_URL in the environment). With ``--author PHONE`` (a demo author
from ``seed_demo``) it adds questions to that author's unit; without it,
it makes its own small unit tree with an author, a reviewer and a member.
Questions are a mix of drafts, ones in review and approved ones, written
through the question-bank services like an author would.

With ``--weekly-round`` (bench/weekly_round.py) it also adds ``--members``
bench members in teams of ten under the demo province (one shared password
hash, as the demo does) and prints, for the round open this week, every
member who may play it with a signed-in session made here: a password
check costs the server a few hundred ms, so only a few virtual users sign
in through the real form and the others bring the session cookie a sign-in
would have given them.

With ``--live-round --players N`` (bench/live_round.py, or any other client
of docs/PROTOCOL) it makes a live round in the demo competition (run
``manage.py migrate`` and ``seed_demo`` first): N new players in teams of up
to ten (leader = captain) entered in it, ``--live-questions`` approved
questions of the demo bank with their choice keys shuffled, and a host, an
organiser of the competition's unit. Its LAST line of output is one JSON
object::

    {"code": "123456", "round_id": 7, "host_user_id": 12, "player_user_ids": [...],
     "team_ids": [...], "question_ids": [...], "session_cookie": "sessionid",
     "host_session": "...", "player_sessions": [...]}   # the last two with --sessions

``player_sessions[i]`` is the session key of ``player_user_ids[i]``: a
signed-in session as the login form would make it (bulk-inserted, so 10,000
players take seconds, not a password check each). Players sign in by phone
``0905xxxxxx`` with the password ``Bench-mat-khau-2025`` too.

Its questions are of the kinds version 1 of the protocol knows (single,
multiple, true/false) unless ``--kinds single,order,hotspot`` names the kind
of each question in turn: an approved question of that kind from the demo
bank, or, when the bank has none left, one the fixture writes and approves
itself (a hotspot's image drawn here with Pillow). ``--kinds`` sets how many
questions the round has; the JSON is the same.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
from datetime import timedelta
from importlib import import_module
from io import BytesIO

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.base import VALID_KEY_CHARS  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from competitions.eligibility import eligible_teams  # noqa: E402
from competitions.live.models import LiveEntry, LiveQuestion, LiveRound  # noqa: E402
from competitions.models import Competition, Round, Stage  # noqa: E402
from questionbank import marking  # noqa: E402
from questionbank import services as qb  # noqa: E402
from questionbank.models import Question  # noqa: E402
from quizsite.accounts import services as accounts  # noqa: E402
from quizsite.accounts.demo import PASSWORD as DEMO_PASSWORD  # noqa: E402
from quizsite.accounts.models import Membership, RoleAssignment, Team, Unit, User  # noqa: E402
from quizsite.accounts.phone import normalize_phone  # noqa: E402

PASSWORD = "Bench-mat-khau-2025"
Role = RoleAssignment.Role


def person(phone: str, name: str) -> User:
    user = User.objects.filter(phone=phone).first()
    return user or User.objects.create_user(phone=phone, password=PASSWORD, full_name=name)


def own_tree() -> tuple[User, User, Unit, list[dict[str, str]]]:
    province = accounts.get_or_create_unit(name="Tỉnh Đo Tải", kind=Unit.Kind.PROVINCE, code="bench")
    commune = accounts.get_or_create_unit(name="Xã Đo Tải", kind=Unit.Kind.COMMUNE, parent=province)
    hamlet = accounts.get_or_create_unit(name="Ấp Đo Tải", kind=Unit.Kind.HAMLET, parent=commune)
    author = person("+84900000001", "Tác giả đo tải")
    reviewer = person("+84900000002", "Người duyệt đo tải")
    member = person("+84900000003", "Thành viên đo tải")
    for user, role in ((author, Role.AUTHOR), (reviewer, Role.REVIEWER)):
        if not RoleAssignment.objects.filter(user=user, role=role, unit=commune).exists():
            accounts.grant_role(user=user, role=role, unit=commune)
    if not member.memberships.exists():
        accounts.add_member(team=accounts.create_team(unit=hamlet, name="Tổ CNS đo tải"), user=member)
    logins = [
        {"role": role, "phone": user.phone, "password": PASSWORD}
        for role, user in (("author", author), ("reviewer", reviewer), ("member", member))
    ]
    return author, reviewer, commune, logins


def demo_author(phone: str) -> tuple[User, User, Unit]:
    author = User.objects.get(phone=normalize_phone(phone) or phone)
    unit = RoleAssignment.objects.filter(user=author, role=Role.AUTHOR).select_related("unit").first().unit
    reviewer = person("+84900000002", "Người duyệt đo tải")
    if not RoleAssignment.objects.filter(user=reviewer, role=Role.REVIEWER, unit=unit).exists():
        accounts.grant_role(user=reviewer, role=Role.REVIEWER, unit=unit)
    return author, reviewer, unit


def add_questions(*, author: User, reviewer: User, unit: Unit, count: int) -> None:
    topics = qb.ensure_root_topics()
    for i in range(count):
        data = qb.QuestionData(
            topic=topics[i % len(topics)],
            kind=Question.Kind.SINGLE,
            text=f"Câu hỏi đo tải số {i + 1}: dịch vụ công trực tuyến nào cho phép nộp hồ sơ tại nhà?",
            choices=[
                qb.ChoiceData("Cổng Dịch vụ công quốc gia", True),
                qb.ChoiceData("Một trang mạng xã hội bất kỳ", False),
                qb.ChoiceData("Tin nhắn từ số lạ", False),
                qb.ChoiceData(f"Phương án khác {i + 1}", False),
            ],
            explanation="Theo Quyết định 06/QĐ-TTg.",
            source="Quyết định 06/QĐ-TTg",
        )
        question = qb.create_question(author=author, unit=unit, data=data)
        if i % 3:
            question = qb.submit_for_review(question=question, actor=author)
        if i % 3 == 2:
            qb.approve(question=question, reviewer=reviewer)


def open_round() -> Round | None:
    """The self-paced round open now that seed_demo made for this week (the newest open one)."""
    return Round.objects.open_now().filter(mode=Round.Mode.SELF_PACED).order_by("-opens_at", "-pk").first()


def add_members(*, round: Round, count: int) -> None:
    """``count`` bench members in teams of ten, in hamlets of a commune the round admits."""
    if count <= 0:
        return
    province = round.stage.competition.unit
    commune = Unit.objects.filter(parent=province).order_by("path").first() or province
    base = 903_000_000
    password = make_password(PASSWORD)
    User.objects.bulk_create(
        User(username=f"benchmember{n}", phone=f"+84{base + n}", full_name=f"Thành viên đo tải {n}", password=password)
        for n in range(1, count + 1)
    )
    users = list(User.objects.filter(username__startswith="benchmember").order_by("pk"))
    memberships = []
    for start in range(0, len(users), 10):
        n = start // 10 + 1
        hamlet = accounts.get_or_create_unit(name=f"Ấp Đo Tải {n}", kind=Unit.Kind.HAMLET, parent=commune)
        team = accounts.create_team(unit=hamlet, name=f"Tổ công nghệ số cộng đồng Ấp Đo Tải {n}")
        memberships += [Membership(team=team, user=user) for user in users[start : start + 10]]
    Membership.objects.bulk_create(memberships)


def signed_in_players(round: Round) -> list[dict[str, str]]:
    """Everyone who may play ``round``, each with a session as the login form would have made it."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[0]
    players = []
    members = Membership.objects.filter(team__in=eligible_teams(round)).select_related("user").order_by("pk")
    for membership in members:
        user = membership.user
        session = store()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        players.append(
            {
                "login": "0" + user.phone[3:],
                "password": PASSWORD if user.username.startswith("benchmember") else DEMO_PASSWORD,
                "session": session.session_key,
            }
        )
    return players


# --- A live round -------------------------------------------------------------------

LIVE_PHONE_BASE = 905_000_000
LIVE_USERNAME = "benchlive"
TEAMS_PER_HAMLET = 100


def signed_in_sessions(users: list[User]) -> list[str]:
    """A session key per user, signed in as the login form would; bulk-inserted for the database engines."""
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[0]

    def data(user: User) -> dict[str, str]:
        return {
            SESSION_KEY: user._meta.pk.value_to_string(user),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }

    if settings.SESSION_ENGINE not in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }:
        keys = []
        for user in users:
            session = store()
            session.update(data(user))
            session.create()
            keys.append(session.session_key)
        return keys
    model = store.get_model_class()
    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    encoder = store()
    rows = [
        model(
            session_key=get_random_string(32, VALID_KEY_CHARS),
            session_data=encoder.encode(data(user)),
            expire_date=expires,
        )
        for user in users
    ]
    model.objects.bulk_create(rows, batch_size=2000)
    # cached_db reads a key missing from the cache from the database (and caches it then).
    return [row.session_key for row in rows]


# The kinds a version-1 client plays (PROTOCOL.md): a round without --kinds has only these.
V1_KINDS = marking.RECALL_KINDS
ORDER_STEPS = (
    "Mở ứng dụng ngân hàng và đăng nhập",
    "Chọn mục Thanh toán hóa đơn, rồi Tiền điện",
    "Nhập mã khách hàng in trên hóa đơn",
    "Kiểm tra tên, số tiền và xác nhận bằng mã OTP",
)
# (name, right, area): a text message from a "bank", its strange link the sign to tap.
HOTSPOT_AREAS = (
    ("Tên người gửi", False, qb.Area(0.06, 0.05, 0.5, 0.08)),
    ("Lời dọa khóa tài khoản", False, qb.Area(0.1, 0.25, 0.8, 0.12)),
    ("Đường link lạ", True, qb.Area(0.1, 0.42, 0.6, 0.07)),
    ("Giờ gửi tin", False, qb.Area(0.7, 0.05, 0.24, 0.08)),
)


def message_png() -> SimpleUploadedFile:
    """A small drawing of a phone's text message, HOTSPOT_AREAS's parts where the areas are."""
    from PIL import Image, ImageDraw

    width, height = 360, 640
    picture = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(picture)
    colours = {"Tên người gửi": "#d9d9d9", "Lời dọa khóa tài khoản": "#ffe3b3", "Đường link lạ": "#cfe3ff"}
    for name, _right, area in HOTSPOT_AREAS:
        box = (area.x * width, area.y * height, (area.x + area.w) * width, (area.y + area.h) * height)
        draw.rectangle(box, fill=colours.get(name, "#eeeeee"))
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return SimpleUploadedFile("bench-tin-nhan.png", buffer.getvalue(), content_type="image/png")


def practice_question(kind: str, province: Unit) -> Question:
    """An approved question of ``kind`` written here, for a bank that has none (left) of it."""
    author = person("+84900000001", "Tác giả đo tải")
    reviewer = person("+84900000002", "Người duyệt đo tải")
    for user, role in ((author, Role.AUTHOR), (reviewer, Role.REVIEWER)):
        if not RoleAssignment.objects.filter(user=user, role=role, unit=province).exists():
            accounts.grant_role(user=user, role=role, unit=province)
    topic = qb.ensure_root_topics()[0]
    image = None
    if kind == Question.Kind.ORDER:
        text = "Sắp xếp các bước thanh toán tiền điện trên ứng dụng ngân hàng."
        choices = [qb.ChoiceData(step, False) for step in ORDER_STEPS]
    elif kind == Question.Kind.HOTSPOT:
        text = "Tin nhắn này tự xưng là của ngân hàng. Chạm vào dấu hiệu lừa đảo rõ nhất."
        choices = [qb.ChoiceData(name, right, area) for name, right, area in HOTSPOT_AREAS]
        image = message_png()
    elif kind == Question.Kind.TRUE_FALSE:
        text = "Mã OTP có thể đọc cho nhân viên ngân hàng qua điện thoại."
        choices = [qb.ChoiceData("Đúng", False), qb.ChoiceData("Sai", True)]
    else:
        text = "Những việc nào giúp giữ an toàn tài khoản ngân hàng?"
        right = kind == Question.Kind.MULTIPLE
        choices = [
            qb.ChoiceData("Không chia sẻ mã OTP", True),
            qb.ChoiceData("Bật xác thực hai lớp", right),
            qb.ChoiceData("Bấm link trong tin nhắn lạ", False),
        ]
    data = qb.QuestionData(
        topic=topic,
        kind=kind,
        text=text,
        choices=choices,
        explanation="Câu hỏi đo tải.",
        has_image=image is not None,
    )
    question = qb.create_question(author=author, unit=province, data=data, image=image)
    question = qb.submit_for_review(question=question, actor=author)
    return qb.approve(question=question, reviewer=reviewer)


def pick_questions(bank: list[Question], kinds: list[str], rng: random.Random, province: Unit) -> list[Question]:
    """A question of each of ``kinds`` in turn, none twice: the bank's where it has one left, else a new one."""
    chosen: list[Question] = []
    for kind in kinds:
        left = [q for q in bank if q.kind == kind and q not in chosen]
        chosen.append(rng.choice(left) if left else practice_question(kind, province))
    return chosen


def _free_code(rng: random.Random) -> str:
    while True:
        code = f"{rng.randrange(10**6):06d}"
        if not LiveRound.objects.filter(code=code).exclude(status=LiveRound.Status.FINISHED).exists():
            return code


def live_round(
    *,
    players: int,
    questions: int = 5,
    duration_seconds: int = 20,
    team_mode: str = "sum",
    seed: int | None = None,
    kinds: list[str] | None = None,
) -> tuple[LiveRound, User, list[User], list[LiveQuestion]]:
    """A published live round of the demo competition, ``players`` new members entered in it in teams of ten.

    Its questions: ``questions`` of the bank's version-1 kinds, or one of each of ``kinds`` in that order.
    """
    rng = random.Random(seed)
    competition = Competition.objects.select_related("unit").order_by("created_at", "pk").first()
    if competition is None:
        raise SystemExit("no competition: run manage.py seed_demo first")
    province = competition.unit
    bank = list(
        Question.objects.approved()
        .latest_versions()
        .filter(unit__path__startswith=province.path)
        .order_by("pk")
        .prefetch_related("choices")
    )
    if not kinds:
        bank = [q for q in bank if q.kind in V1_KINDS]
    if not kinds and len(bank) < questions:
        raise SystemExit(f"only {len(bank)} approved questions in {province}: run manage.py seed_demo first")
    with transaction.atomic():
        now = timezone.now()
        stage, _ = Stage.objects.get_or_create(
            competition=competition, kind=Stage.Kind.CUSTOM, title="Vòng trực tiếp đo tải", defaults={"position": 9}
        )
        code = _free_code(rng)
        round = Round.objects.create(
            stage=stage,
            title=f"Thi trực tiếp đo tải {code}",
            mode=Round.Mode.LIVE,
            opens_at=now,
            closes_at=now + timedelta(days=1),
            published_at=now,
        )
        live = LiveRound.objects.create(round=round, code=code, team_mode=team_mode)
        chosen = pick_questions(bank, kinds, rng, province) if kinds else rng.sample(bank, questions)
        live_questions = LiveQuestion.objects.bulk_create(
            LiveQuestion(
                live_round=live,
                question=question,
                position=position,
                duration_seconds=duration_seconds,
                # Steps never already in their right order (marking.shuffled), as an organiser's round has them.
                choice_order=marking.shuffled(
                    question.kind, [c.key for c in sorted(question.choices.all(), key=lambda c: c.position)], rng
                ),
            )
            for position, question in enumerate(chosen)
        )
        # A new host every time (an organiser of the competition's unit), and players after any made before.
        start = User.objects.filter(username__startswith=LIVE_USERNAME).count() + 1
        password = make_password(PASSWORD)
        host = User.objects.create(
            username=f"{LIVE_USERNAME}host{code}{start}", full_name=f"Người dẫn đo tải {code}", password=password
        )
        accounts.grant_role(user=host, role=Role.ORGANISER, unit=province)
        numbers = range(start + 1, start + 1 + players)
        made = User.objects.bulk_create(
            (
                User(
                    username=f"{LIVE_USERNAME}{n}",
                    phone=f"+84{LIVE_PHONE_BASE + n}",
                    full_name=f"Người chơi đo tải {n}",
                    password=password,
                )
                for n in numbers
            ),
            batch_size=2000,
        )
        users = (
            made
            if all(u.pk for u in made)
            else list(User.objects.filter(username__in=[u.username for u in made]).order_by("pk"))
        )
        commune = Unit.objects.filter(parent=province).order_by("path").first() or province
        teams: list[Team] = []
        team_count = (players + 9) // 10
        for h in range(0, team_count, TEAMS_PER_HAMLET):
            hamlet = accounts.get_or_create_unit(
                name=f"Ấp Trực Tiếp {code}-{h // TEAMS_PER_HAMLET + 1}", kind=Unit.Kind.HAMLET, parent=commune
            )
            teams += [
                Team(unit=hamlet, name=f"Tổ trực tiếp {code}-{t + 1}", invite_token=secrets.token_urlsafe(16)[:22])
                for t in range(h, min(team_count, h + TEAMS_PER_HAMLET))
            ]
        teams = Team.objects.bulk_create(teams)
        if not all(t.pk for t in teams):
            teams = list(Team.objects.filter(name__startswith=f"Tổ trực tiếp {code}-").order_by("pk"))
        roles = [Membership.Role.LEADER, Membership.Role.DEPUTY] + [Membership.Role.MEMBER] * 8
        Membership.objects.bulk_create(
            (Membership(team=teams[i // 10], user=user, role=roles[i % 10]) for i, user in enumerate(users)),
            batch_size=2000,
        )
        LiveEntry.objects.bulk_create(
            LiveEntry(live_round=live, team=team, captain=users[t * 10]) for t, team in enumerate(teams)
        )
    return live, host, users, live_questions


def live_round_json(
    live: LiveRound, host: User, users: list[User], questions: list[LiveQuestion], *, sessions: bool
) -> dict:
    out = {
        "code": live.code,
        "round_id": live.round_id,
        "host_user_id": host.pk,
        "player_user_ids": [u.pk for u in users],
        "team_ids": list(live.entries.order_by("team_id").values_list("team_id", flat=True)),
        "question_ids": [q.pk for q in questions],
        "session_cookie": settings.SESSION_COOKIE_NAME,
    }
    if sessions:
        keys = signed_in_sessions([host, *users])
        out["host_session"], out["player_sessions"] = keys[0], keys[1:]
    return out


def kinds_list(text: str) -> list[str]:
    kinds = [kind.strip() for kind in text.split(",") if kind.strip()]
    unknown = [kind for kind in kinds if kind not in Question.Kind.values]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(f"kinds are some of {', '.join(Question.Kind.values)}: {text!r}")
    return kinds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--questions", type=int, default=None, help="bench questions to add (default 300; 0 with --live-round)"
    )
    parser.add_argument("--author", help="phone of a demo author to add questions for")
    parser.add_argument("--weekly-round", action="store_true", help="print the open round's players, signed in")
    parser.add_argument("--members", type=int, default=0, help="bench members to add (with --weekly-round)")
    live = parser.add_argument_group("live round (the last line of output is its JSON)")
    live.add_argument("--live-round", action="store_true", help="make a live round with --players entered players")
    live.add_argument("--players", type=int, default=0, help="new players, in teams of up to ten")
    live.add_argument("--live-questions", type=int, default=5, help="approved demo questions in the round")
    live.add_argument(
        "--kinds",
        type=kinds_list,
        default=None,
        help="the kind of each question in turn, e.g. single,order,hotspot (sets how many; default: "
        "--live-questions of single, multiple and true_false)",
    )
    live.add_argument("--duration-seconds", type=int, default=20, help="each question's time (at least 5)")
    live.add_argument("--team-mode", choices=LiveRound.TeamMode.values, default=LiveRound.TeamMode.SUM)
    live.add_argument("--sessions", action="store_true", help="print a signed-in session key per player and host")
    live.add_argument("--seed", type=int, default=None, help="random seed (code, questions, choice orders)")
    args = parser.parse_args(argv)
    if args.questions is None:
        args.questions = 0 if args.live_round else 300
    if args.questions or args.weekly_round or not args.live_round:
        if args.author:
            author, reviewer, unit = demo_author(args.author)
            logins: list[dict[str, str]] = []
        else:
            author, reviewer, unit, logins = own_tree()
        add_questions(author=author, reviewer=reviewer, unit=unit, count=args.questions)
        out = {"accounts": logins, "questions_added": args.questions, "unit": unit.name}
        if args.weekly_round:
            round = open_round()
            if round is None:
                raise SystemExit("no self-paced round is open now: run seed_demo first")
            add_members(round=round, count=args.members)
            out["weekly_round"] = {"round": round.pk, "title": round.title, "players": signed_in_players(round)}
        print(json.dumps(out, ensure_ascii=False))
    if args.live_round:
        made = live_round(
            players=args.players,
            questions=args.live_questions,
            duration_seconds=args.duration_seconds,
            team_mode=args.team_mode,
            seed=args.seed,
            kinds=args.kinds,
        )
        print(json.dumps(live_round_json(*made, sessions=args.sessions), ensure_ascii=False))


if __name__ == "__main__":
    main()
