"""The words the live pages' scripts show, translated on the server and handed over by ``json_script``.

No JavaScript catalogue: a phone downloads only the strings of its page.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


def _common() -> dict[str, str]:
    return {
        "reconnecting": _("Đang kết nối lại…"),
        "connecting": _("Đang kết nối…"),
        "refused": _("Không vào được vòng thi này. Hãy tải lại trang hoặc đăng nhập lại."),
        "gone": _("Không còn vòng thi với mã này."),
        "question_of": _("Câu {i}/{n}"),
        "seconds": _("{s} giây"),
        "time_up": _("Hết giờ"),
        "get_ready": _("Chuẩn bị…"),
        "paused": _("Tạm dừng"),
        "paused_hint": _("Người dẫn chương trình đã tạm dừng. Xin chờ một chút."),
        "lobby": _("Phòng chờ"),
        "leaderboard": _("Bảng xếp hạng"),
        "final": _("Kết quả chung cuộc"),
        "points": _("{p} điểm"),
        "rank": _("Hạng"),
        "team": _("Đội"),
        "score": _("Điểm"),
        "players": _("{n} người chơi"),
        "answered": _("{a}/{p} đã trả lời"),
        "reveal": _("Đáp án"),
        "explanation": _("Giải thích"),
    }


def play() -> dict[str, str]:
    return _common() | {
        "my_team": _("Bạn chơi cho đội: {team}"),
        "team_players": _("Đội của bạn: {n} người đã vào"),
        "all_players": _("Tất cả: {n} người chơi"),
        "wait_start": _("Chờ người dẫn chương trình bắt đầu…"),
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
        "wait_reveal": _("Đang chờ công bố đáp án…"),
        "wait_next": _("Chờ câu hỏi tiếp theo…"),
        "my_rank": _("Đội {team}: hạng {rank}, {score} điểm"),
        "thanks": _("Cảm ơn bạn đã tham gia!"),
    }


def host() -> dict[str, str]:
    return _common() | {
        "status_lobby": _("Phòng chờ: các đội đang vào"),
        "status_question": _("Đang hỏi"),
        "status_reveal": _("Đã công bố đáp án"),
        "status_leaderboard": _("Đang xem bảng xếp hạng"),
        "status_paused": _("Tạm dừng"),
        "status_finished": _("Đã kết thúc"),
        "next_last": _("Kết thúc (hết câu hỏi)"),
        "confirm_finish": _("Kết thúc vòng thi ngay bây giờ? Không mở lại được."),
        "no_teams": _("Chưa có người chơi nào vào."),
        "correct": _("đúng"),
    }


def screen() -> dict[str, str]:
    return _common() | {
        "join_hint": _("Vào {url} và nhập mã"),
        "no_teams": _("Chưa có đội nào vào. Hãy quét mã QR!"),
        "thanks": _("Xin chúc mừng các đội!"),
    }
