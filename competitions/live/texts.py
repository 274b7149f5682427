"""The words the live pages' scripts show, translated on the server and handed over by ``json_script``.

No JavaScript catalogue: each page carries only the strings its script uses.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def _common() -> dict[str, str]:
    return {
        "reconnecting": _("Đang kết nối lại…"),
        "refused": _("Không vào được vòng thi này. Hãy tải lại trang hoặc đăng nhập lại."),
        "gone": _("Không còn vòng thi với mã này."),
        "question_of": _("Câu {i}/{n}"),
        "get_ready": _("Chuẩn bị…"),
    }


def play() -> dict[str, str]:
    return _common() | {
        "seconds": _("{s} giây"),
        "time_up": _("Hết giờ"),
        "paused": _("Tạm dừng"),
        "paused_hint": _("Người dẫn chương trình đã tạm dừng. Xin chờ một chút."),
        "lobby": _("Phòng chờ"),
        "my_team": _("Bạn chơi cho đội: {team}"),
        "team_players": _("Đội của bạn: {n} người đã vào"),
        "all_players": _("Tất cả: {n} người chơi"),
        "wait_start": _("Chờ người dẫn chương trình bắt đầu…"),
        "loading_question": _("Đang tải câu hỏi…"),
        "pick_all": _("Chọn tất cả phương án đúng rồi bấm “Gửi”."),
        "send": _("Gửi"),
        "sending": _("Đang gửi…"),
        "received": _("Đã nhận câu trả lời"),
        "reason_closed": _("Câu trả lời đến sau khi hết giờ nên không được tính."),
        "reason_not_open": _("Câu hỏi chưa mở hoặc đã đóng."),
        "reason_already_answered": _("Bạn đã trả lời câu này rồi; câu trả lời đầu tiên được tính."),
        "reason_invalid_choice": _("Phương án không hợp lệ. Hãy chọn lại."),
        "reason_not_a_player": _("Bạn không phải người chơi của vòng này."),
        "not_sent": _("Chưa gửi được (mất mạng?). Sẽ gửi lại khi có kết nối."),
        "right": _("Chính xác!"),
        "wrong": _("Chưa đúng"),
        "no_answer": _("Bạn chưa trả lời câu này"),
        "plus_points": _("+{p} điểm cho đội"),
        "team_rank": _("Đội bạn đang xếp hạng {rank}"),
        "explanation": _("Giải thích"),
        "wait_next": _("Chờ câu hỏi tiếp theo…"),
        "leaderboard": pgettext("live", "Bảng xếp hạng"),
        "final": _("Kết quả chung cuộc"),
        "my_rank": _("Đội {team}: hạng {rank}, {score} điểm"),
        "thanks": _("Cảm ơn bạn đã tham gia!"),
    }


def play_practice() -> dict[str, str]:
    """What play_practice.js adds, for a round with order or hotspot questions (PROTOCOL.md v2)."""
    return {
        "order_hint": _("Xếp các bước theo đúng thứ tự: bấm ▲ ▼ hoặc kéo ☰, rồi bấm “Gửi”."),
        "order_sent": _("Thứ tự bạn đã gửi:"),
        "move_up": _("Đưa lên: {step}"),
        "move_down": _("Đưa xuống: {step}"),
        "moved": _("“{step}” ở vị trí {n}/{count}"),
        "right_order": _("Thứ tự đúng"),
        "in_your_place": _("Bạn xếp đúng chỗ"),
        "your_place": _("Bạn xếp ở vị trí {n}"),
        "hot_hint": _("Chạm vào một vùng trên hình (hoặc chọn tên vùng bên dưới), rồi bấm “Gửi”."),
        "hot_sent": _("Vùng bạn đã chọn được đánh dấu trên hình."),
        "hot_image": _("Hình của câu hỏi; các vùng chọn được có tên ở bên dưới."),
        "areas": _("Các vùng trên hình:"),
        "picked_area": _("Đã chọn: {area}. Bấm “Gửi” để trả lời."),
        "right_area": _("Vùng đúng: {area}"),
        "your_area": _("Bạn chọn: {area}"),
    }


def host() -> dict[str, str]:
    return _common() | {
        "seconds": _("{s} giây"),
        "time_up": _("Hết giờ"),
        "paused": _("Tạm dừng"),
        "status_lobby": _("Phòng chờ: các đội đang vào"),
        "status_question": _("Đang hỏi"),
        "status_reveal": _("Đã công bố đáp án"),
        "status_leaderboard": _("Đang xem bảng xếp hạng"),
        "status_paused": _("Tạm dừng"),
        "status_finished": _("Đã kết thúc"),
        "next_last": _("Kết thúc (hết câu hỏi)"),
        "confirm_finish": _("Kết thúc vòng thi ngay bây giờ? Không mở lại được."),
        "no_teams": _("Chưa có người chơi nào vào."),
        "players": _("{n} người chơi"),
        "answered": _("{a}/{p} đã trả lời"),
        "correct": _("đúng"),
        "in_place": _("{n} người xếp đúng vị trí"),
        "leaderboard": pgettext("live", "Bảng xếp hạng"),
        "final": _("Kết quả chung cuộc"),
    }


def screen() -> dict[str, str]:
    return _common() | {
        "no_teams": _("Chưa có đội nào vào. Hãy quét mã QR!"),
        "players": _("{n} người chơi"),
        "answered": _("{a}/{p} đã trả lời"),
        "leaderboard": pgettext("live", "Bảng xếp hạng"),
        "points": _("{p} điểm"),
        "in_place": _("{n} người xếp đúng vị trí"),
        "right_order": _("Thứ tự đúng"),
    }
