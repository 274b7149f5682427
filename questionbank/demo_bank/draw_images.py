"""Draw the demo bank's practice pictures: made-up phone screens for the "Chạm vào hình" questions.

Run by hand, never imported by the site:

    python -m questionbank.demo_bank.draw_images          # remake every PNG in hinh/
    python -m questionbank.demo_bank.draw_images --areas  # print each screen's areas as the workbook writes them

Every name, bank, shop, link and number on these screens is invented (links
end in made-up addresses, phone numbers are "0900 000 xxx"): no real brand,
person or site. Each screen marks the regions a question may use as an area
("Vùng A"… in the workbook, x; y; width; height in percent of the picture);
marks never overlap and are at least 6% of the picture wide and high, so any
of them may stand beside any other in one question.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FOLDER = Path(__file__).resolve().parent / "hinh"
FONTS = Path(__file__).resolve().parents[2] / "quizsite" / "fonts"
# A phone's portrait screen: shown 360 px wide, 1 px here is 2/3 of a CSS pixel there.
W, H = 540, 960
MIN_SIDE = 0.06
# Pixels between two marks: the workbook's percentages, rounded to 0.1, never make them touch.
GAP = 4
COLOURS = 64  # a palette PNG: flat screens need few colours, and stay small on a slow network

INK = (33, 37, 41)
GREY = (108, 117, 125)
LINE = (222, 226, 230)
PAPER = (255, 255, 255)
SHADE = (241, 243, 245)
BLUE = (25, 103, 210)
RED = (198, 40, 40)
GREEN = (46, 125, 50)

Box = tuple[int, int, int, int]


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


class Screen:
    """One phone screen being drawn, with the named regions questions may use as areas."""

    def __init__(self, title: str, colour: tuple[int, int, int], *, subtitle: str = "", clock: str = "09:41"):
        self.image = Image.new("RGB", (W, H), PAPER)
        self.draw = ImageDraw.Draw(self.image)
        self.marks: dict[str, Box] = {}
        self.colour = colour
        self.draw.rectangle((0, 0, W, 36), fill=tuple(max(c - 30, 0) for c in colour))
        self.draw.text((20, 6), clock, font=font(20, True), fill=PAPER)
        self.draw.rectangle((470, 12, 506, 26), outline=PAPER, width=2)
        self.draw.rectangle((474, 16, 498, 22), fill=PAPER)
        for i, h in enumerate((6, 10, 14)):
            self.draw.rectangle((430 + i * 9, 26 - h, 435 + i * 9, 26), fill=PAPER)
        self.draw.rectangle((0, 36, W, 116), fill=colour)
        self.draw.text((18, 50), "‹", font=font(44), fill=PAPER)
        if subtitle:
            self.draw.text((62, 46), title, font=font(27, True), fill=PAPER)
            self.draw.text((62, 82), subtitle, font=font(19), fill=PAPER)
        else:
            self.draw.text((62, 58), title, font=font(28, True), fill=PAPER)

    def lines(self, text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
        """``text`` cut into lines no wider than ``width`` px (0: only at its own line breaks)."""
        out = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split(" "):
                trial = f"{line} {word}".strip()
                if width and line and self.draw.textlength(trial, font=face) > width:
                    out.append(line)
                    line = word
                else:
                    line = trial
            out.append(line)
        return out

    def text(self, xy: tuple[int, int], text: str, *, size: int = 24, bold: bool = False, fill=INK, width: int = 0):
        """Write ``text`` from ``xy``, wrapped to ``width`` px if given; return the bottom y."""
        face = font(size, bold)
        x, y = xy
        for line in self.lines(text, face, width):
            self.draw.text((x, y), line, font=face, fill=fill)
            y += round(size * 1.35)
        return y

    def box(self, box: Box, *, fill=PAPER, outline=LINE, radius: int = 14, width: int = 2) -> Box:
        self.draw.rounded_rectangle(box, radius=radius, fill=fill, outline=outline, width=width)
        return box

    def button(self, box: Box, label: str, *, fill=None, ink=PAPER, outline=None) -> Box:
        fill = self.colour if fill is None else fill
        self.box(box, fill=fill, outline=outline or fill)
        face = font(25, True)
        length = self.draw.textlength(label, font=face)
        self.draw.text(((box[0] + box[2] - length) / 2, (box[1] + box[3]) / 2 - 15), label, font=face, fill=ink)
        return box

    def row(self, top: int, label: str, value: str, *, height: int = 72, value_fill=INK, bold: bool = True) -> Box:
        """A label on the left and its value on the right, on a line of its own."""
        self.draw.line((24, top + height, W - 24, top + height), fill=LINE, width=2)
        self.text((24, top + height // 2 - 15), label, size=22, fill=GREY)
        face = font(23, bold)
        length = self.draw.textlength(value, font=face)
        self.draw.text((W - 24 - length, top + height // 2 - 15), value, font=face, fill=value_fill)
        return (16, top + 4, W - 16, top + height - 4)

    def toggle(self, x: int, y: int, on: bool) -> None:
        self.draw.rounded_rectangle((x, y, x + 64, y + 34), radius=17, fill=self.colour if on else (189, 189, 189))
        knob = x + 34 if on else x + 4
        self.draw.ellipse((knob, y + 4, knob + 26, y + 30), fill=PAPER)

    def mark(self, name: str, box: Box) -> None:
        """Name a region a question may use as an area, grown to the least a finger can tap."""
        x0, y0, x1, y1 = box
        min_w, min_h = round(W * MIN_SIDE) + 2, round(H * MIN_SIDE) + 2
        if x1 - x0 < min_w:
            x0, x1 = (x0 + x1 - min_w) // 2, (x0 + x1 + min_w) // 2
        if y1 - y0 < min_h:
            y0, y1 = (y0 + y1 - min_h) // 2, (y0 + y1 + min_h) // 2
        grown = (max(x0, 0), max(y0, 0), min(x1, W), min(y1, H))
        for other, seen in self.marks.items():
            gap = GAP
            apart = (
                grown[2] + gap <= seen[0]
                or seen[2] + gap <= grown[0]
                or grown[3] + gap <= seen[1]
                or seen[3] + gap <= grown[1]
            )
            assert apart, f"{name} touches {other}"
        self.marks[name] = grown

    def bottom_bar(self, hint: str) -> Box:
        self.draw.rectangle((0, 866, W, H), fill=SHADE)
        self.box((20, 884, 440, 942), fill=PAPER, radius=29)
        self.text((44, 897), hint, size=23, fill=GREY)
        self.draw.ellipse((456, 884, 514, 942), fill=self.colour)
        self.draw.polygon([(474, 898), (502, 913), (474, 928)], fill=PAPER)
        return (16, 878, W - 16, 948)


def bubble(s: Screen, top: int, text: str, *, mine: bool = False, size: int = 24, width: int = 380) -> Box:
    """A chat bubble (left for others, right for me); its box."""
    height = len(s.lines(text, font(size), width)) * round(size * 1.35) + 28
    left = W - 24 - width - 28 if mine else 24
    fill = (220, 236, 255) if mine else SHADE
    s.box((left, top, left + width + 28, top + height), fill=fill, outline=fill, radius=20)
    s.text((left + 14, top + 14), text, size=size, width=width)
    return (left, top, left + width + 28, top + height)


# --- The screens -------------------------------------------------------------------


def fake_bank_sms() -> Screen:
    s = Screen("NH Sao Mai", (61, 90, 128), subtitle="Tin nhắn SMS")
    s.mark("sender", (56, 40, 360, 112))
    s.box((200, 134, 340, 170), fill=SHADE, outline=SHADE, radius=18)
    s.text((226, 139), "Hôm nay", size=20, fill=GREY)
    s.box((24, 196, 500, 552), fill=SHADE, outline=SHADE, radius=22)
    bottom = s.text(
        (44, 214),
        "NH Sao Mai: Tài khoản của Quý khách đã bị TẠM KHÓA do đăng nhập bất thường.",
        size=25,
        width=430,
    )
    s.mark("notice", (36, 206, 490, bottom + 4))
    top = bottom + 26
    bottom = s.text((44, top), "Xác thực ngay trong 24 giờ để tránh bị khóa vĩnh viễn:", size=25, width=430)
    s.mark("deadline", (36, top - 8, 490, bottom + 4))
    top = bottom + 34
    face = font(25)
    link = "sao-mai-xacthuc.vip/kh"
    s.draw.text((44, top), link, font=face, fill=BLUE)
    length = s.draw.textlength(link, font=face)
    s.draw.line((44, top + 32, 44 + length, top + 32), fill=BLUE, width=2)
    s.mark("link", (36, top - 14, 56 + int(length), top + 50))
    s.text((44, 500), "Trân trọng.", size=25)
    s.text((420, 566), "10:12", size=21, fill=GREY)
    s.mark("time", (400, 562, 500, 624))
    s.mark("reply", s.bottom_bar("Nhập tin nhắn"))
    return s


def chat_borrowing() -> Screen:
    s = Screen("Lan Anh", (0, 105, 217), subtitle="Vừa truy cập")
    s.mark("contact", (56, 40, 300, 112))
    s.draw.rounded_rectangle((462, 62, 494, 90), radius=6, outline=PAPER, width=3)
    s.draw.polygon([(494, 76), (512, 64), (512, 88)], fill=PAPER)
    s.mark("video", (452, 44, 522, 110))
    s.text((394, 54), "✆", size=36, fill=PAPER)
    s.mark("call", (378, 44, 446, 110))
    s.text((206, 138), "Hôm nay 20:05", size=20, fill=GREY)
    ask = bubble(s, 180, "Em ơi, chị đang kẹt tiền gấp quá. Chuyển giúp chị 5 triệu nhé, tối nay chị trả.")
    s.mark("ask", ask)
    account = bubble(
        s, ask[3] + 16, "Chuyển vào tài khoản này giúp chị:\nNH Bình Minh 8888 6666 02\nChủ TK: TRAN VAN BINH"
    )
    s.mark("account", account)
    mine = bubble(s, account[3] + 16, "Chị Lan Anh đúng không ạ?", mine=True, width=320)
    s.mark("mine", mine)
    hurry = bubble(s, mine[3] + 16, "Đúng rồi, em nhanh giúp chị, chị đang cần lắm.")
    s.mark("hurry", hurry)
    s.mark("input", s.bottom_bar("Nhắn tin"))
    return s


def privacy_settings() -> Screen:
    s = Screen("Cài đặt tài khoản", (69, 90, 100))
    s.text((24, 136), "QUYỀN RIÊNG TƯ", size=21, bold=True, fill=GREY)
    rows = [
        ("phone_visibility", "Ai xem được số điện thoại", "Mọi người ›", None),
        ("find_by_phone", "Người lạ tìm tôi qua số", None, True),
        ("location", "Chia sẻ vị trí", "Luôn luôn ›", None),
    ]
    top = 172
    for name, label, value, on in rows:
        if value:
            s.mark(name, s.row(top, label, value, height=80))
        else:
            s.row(top, label, "", height=80)
            s.toggle(W - 24 - 64, top + 23, on)
            s.mark(name, (16, top + 4, W - 16, top + 76))
        top += 88
    s.text((24, top + 26), "BẢO MẬT", size=21, bold=True, fill=GREY)
    top += 62
    rows = [
        ("two_factor", "Xác thực hai lớp", None, False),
        ("password", "Đổi mật khẩu", "›", None),
        ("devices", "Thiết bị đang đăng nhập", "3 thiết bị ›", None),
    ]
    for name, label, value, on in rows:
        if value:
            s.mark(name, s.row(top, label, value, height=80))
        else:
            s.row(top, label, "", height=80)
            s.toggle(W - 24 - 64, top + 23, on)
            s.mark(name, (16, top + 4, W - 16, top + 76))
        top += 88
    s.button((24, 860, W - 24, 934), "Đăng xuất", fill=PAPER, ink=RED, outline=LINE)
    s.mark("logout", (16, 852, W - 16, 942))
    return s


def product_page() -> Screen:
    s = Screen("Chợ Quê", (232, 89, 12), subtitle="Gian hàng nông sản")
    s.draw.rectangle((0, 116, W, 396), fill=(255, 243, 224))
    s.draw.rounded_rectangle((200, 170, 340, 370), radius=24, fill=(255, 179, 0), outline=(230, 145, 0), width=4)
    s.draw.rectangle((212, 146, 328, 176), fill=(141, 110, 99))
    s.draw.rounded_rectangle((222, 240, 318, 300), radius=10, fill=PAPER)
    s.text((236, 256), "MẬT ONG", size=16, bold=True, fill=(141, 110, 99))
    s.mark("photo", (120, 132, 420, 388))
    s.text((24, 408), "Mật ong hoa nhãn 500 ml", size=27, bold=True)
    s.text((24, 452), "125.000 đ", size=30, bold=True, fill=RED)
    s.mark("price", (16, 444, 220, 506))
    s.box((300, 452, 516, 500), fill=(232, 245, 233), outline=GREEN, radius=24)
    s.text((318, 460), "OCOP 3 sao", size=23, bold=True, fill=GREEN)
    s.mark("ocop", (292, 444, 524, 508))
    s.draw.line((0, 522, W, 522), fill=LINE, width=8)
    s.text((24, 544), "★ 4,8  ·  1.250 đánh giá  ·  Đã bán 3.400", size=22, fill=(230, 145, 0))
    s.mark("rating", (16, 532, W - 16, 596))
    s.draw.line((0, 606, W, 606), fill=LINE, width=8)
    s.draw.ellipse((24, 624, 84, 684), fill=(255, 224, 178))
    s.text((40, 637), "BL", size=22, bold=True, fill=(230, 81, 0))
    s.text((100, 626), "Nông sản Ba Làng", size=24, bold=True)
    s.text((100, 658), "Xem gian hàng ›", size=20, fill=GREY)
    s.mark("shop", (16, 616, W - 16, 694))
    s.draw.line((0, 704, W, 704), fill=LINE, width=8)
    s.text((24, 724), "↺  Đổi trả trong 7 ngày nếu hàng lỗi", size=22)
    s.mark("returns", (16, 712, W - 16, 776))
    s.text((24, 800), "Mô tả sản phẩm ›", size=22, fill=GREY)
    s.draw.rectangle((0, 860, W, H), fill=SHADE)
    s.button((20, 876, 262, 944), "Thêm vào giỏ", fill=PAPER, ink=(232, 89, 12), outline=(232, 89, 12))
    s.mark("cart", (16, 868, 266, 952))
    s.button((278, 876, 520, 944), "Mua ngay")
    s.mark("buy", (274, 868, 524, 952))
    return s


def checkout_page() -> Screen:
    s = Screen("Thanh toán", (232, 89, 12), subtitle="Chợ Quê")
    s.text((24, 132), "Địa chỉ nhận hàng", size=21, bold=True, fill=(232, 89, 12))
    s.text((24, 164), "Nguyễn Thị Mai | 0900 000 xxx\nẤp Phú Hòa, xã Tân Lập", size=22)
    s.mark("address", (16, 126, W - 16, 230))
    s.draw.line((0, 240, W, 240), fill=LINE, width=8)
    s.draw.rounded_rectangle((24, 258, 104, 338), radius=12, fill=(255, 179, 0))
    s.text((120, 262), "Mật ong hoa nhãn 500 ml", size=22)
    s.text((120, 298), "x2      250.000 đ", size=22, fill=GREY)
    s.mark("item", (16, 250, W - 16, 346))
    s.mark("shipping", s.row(350, "Phí vận chuyển", "18.000 đ", height=68))
    s.text((24, 436), "Phương thức thanh toán", size=21, bold=True, fill=(232, 89, 12))
    options = [
        ("wallet", "Ví điện tử", True),
        ("cod", "Thanh toán khi nhận hàng", False),
        ("transfer", "Chuyển khoản", False),
    ]
    top = 474
    for name, label, chosen in options:
        s.box((24, top, W - 24, top + 64), outline=(232, 89, 12) if chosen else LINE)
        s.draw.ellipse((42, top + 18, 70, top + 46), outline=GREY, width=3)
        if chosen:
            s.draw.ellipse((49, top + 25, 63, top + 39), fill=(232, 89, 12))
        s.text((88, top + 17), label, size=23)
        s.mark(name, (20, top - 2, W - 20, top + 66))
        top += 76
    s.draw.line((0, 712, W, 712), fill=LINE, width=8)
    s.text((24, 740), "Tổng thanh toán", size=23)
    s.text((330, 736), "268.000 đ", size=30, bold=True, fill=RED)
    s.mark("total", (16, 724, W - 16, 792))
    s.button((24, 856, W - 24, 934), "Đặt hàng")
    s.mark("order", (16, 848, W - 16, 942))
    return s


def transfer_confirmation() -> Screen:
    s = Screen("Xác nhận chuyển tiền", (0, 121, 107), subtitle="NH Sao Mai")
    s.mark("source", s.row(128, "Từ tài khoản", "••• 4821", height=66))
    s.text((24, 206), "Số tiền", size=22, fill=GREY)
    s.text((24, 236), "2.500.000 đ", size=38, bold=True, fill=(0, 121, 107))
    s.mark("amount", (16, 198, W - 16, 292))
    s.draw.line((24, 296, W - 24, 296), fill=LINE, width=2)
    rows = [
        ("recipient", "Người nhận", "TRAN THI HOA"),
        ("account", "Số tài khoản", "8888 6666 02"),
        ("bank", "Ngân hàng nhận", "NH Bình Minh"),
        ("note", "Nội dung", "Tien hang don 58"),
        ("fee", "Phí giao dịch", "Miễn phí"),
    ]
    top = 300
    for name, label, value in rows:
        s.mark(name, s.row(top, label, value, height=70))
        top += 74
    s.text((24, top + 20), "Kiểm tra kỹ người nhận và số tiền:\ntiền đã chuyển rất khó lấy lại.", size=20, fill=GREY)
    s.button((24, 860, 250, 936), "Hủy", fill=PAPER, ink=(0, 121, 107), outline=(0, 121, 107))
    s.mark("cancel", (16, 852, 258, 944))
    s.button((268, 860, 516, 936), "Xác nhận")
    s.mark("confirm", (262, 852, 524, 944))
    return s


def qr_payment() -> Screen:
    s = Screen("Thanh toán QR", (0, 121, 107), subtitle="NH Sao Mai")
    s.text((24, 130), "Mã QR vừa quét", size=21, fill=GREY)
    _qr(s.draw, 190, 166, 160)
    s.mark("qr", (170, 160, 370, 334))
    s.text((24, 354), "Thanh toán cho", size=22, fill=GREY)
    s.text((24, 386), "TẠP HÓA CÔ BA", size=30, bold=True)
    s.text((24, 428), "Tài khoản ••• 5521", size=21, fill=GREY)
    s.mark("merchant", (16, 346, W - 16, 460))
    s.draw.line((24, 472, W - 24, 472), fill=LINE, width=2)
    s.text((24, 490), "Số tiền", size=22, fill=GREY)
    s.box((24, 522, W - 24, 588), outline=(0, 121, 107))
    s.text((44, 536), "45.000 đ", size=30, bold=True)
    s.mark("amount", (16, 482, W - 16, 594))
    s.text((24, 614), "Nội dung", size=22, fill=GREY)
    s.box((24, 644, W - 24, 704))
    s.text((44, 657), "Mua hang", size=24)
    s.mark("note", (16, 606, W - 16, 710))
    s.button((24, 856, W - 24, 934), "Thanh toán")
    s.mark("pay", (16, 848, W - 16, 942))
    return s


def _qr(draw: ImageDraw.ImageDraw, x: int, y: int, size: int) -> None:
    """A QR-looking square: three finder eyes and a fixed pattern (it encodes nothing)."""
    cells, cell = 21, size // 21
    for row in range(cells):
        for col in range(cells):
            if (row * 7 + col * 13 + row * col) % 5 < 2:
                draw.rectangle(
                    (x + col * cell, y + row * cell, x + col * cell + cell - 1, y + row * cell + cell - 1), fill=INK
                )
    for ex, ey in ((0, 0), (cells - 7, 0), (0, cells - 7)):
        left, top = x + ex * cell, y + ey * cell
        draw.rectangle((left, top, left + 7 * cell - 1, top + 7 * cell - 1), fill=PAPER)
        draw.rectangle((left, top, left + 7 * cell - 1, top + 7 * cell - 1), outline=INK, width=cell)
        draw.rectangle((left + 2 * cell, top + 2 * cell, left + 5 * cell - 1, top + 5 * cell - 1), fill=INK)


def birth_registration() -> Screen:
    s = Screen("Đăng ký khai sinh", (183, 28, 28), subtitle="Dịch vụ công trực tuyến (mô phỏng)")
    s.text((24, 130), "Bước 2/3: Thông tin hồ sơ", size=22, bold=True, fill=(183, 28, 28))
    s.draw.rectangle((24, 166, 516, 174), fill=LINE)
    s.draw.rectangle((24, 166, 352, 174), fill=(183, 28, 28))
    s.mark("steps", (16, 124, W - 16, 186))
    fields = [
        ("child", "Họ, chữ đệm, tên của trẻ *", "Nguyễn Gia Bảo"),
        ("birth_date", "Ngày, tháng, năm sinh *", "28/11/2026"),
        ("mother", "Họ, chữ đệm, tên người mẹ *", "Nguyễn Thị Mai"),
    ]
    top = 198
    for name, label, value in fields:
        s.text((24, top), label, size=21, fill=GREY)
        s.box((24, top + 30, W - 24, top + 84), radius=8)
        s.text((40, top + 42), value, size=23)
        s.mark(name, (16, top - 4, W - 16, top + 90))
        top += 104
    s.text((24, top), "Giấy chứng sinh (bản chụp) *", size=21, fill=GREY)
    s.draw.rounded_rectangle((24, top + 30, W - 24, top + 98), radius=10, outline=BLUE, width=3)
    s.text((150, top + 48), "⇪  Tải tệp lên", size=24, bold=True, fill=BLUE)
    s.mark("upload", (16, top + 24, W - 16, top + 104))
    top += 118
    s.text((24, top), "Nhận kết quả", size=21, fill=GREY)
    s.draw.ellipse((24, top + 36, 50, top + 62), outline=GREY, width=3)
    s.text((60, top + 34), "Tại bộ phận một cửa", size=22)
    s.draw.ellipse((24, top + 76, 50, top + 102), outline=GREY, width=3)
    s.draw.ellipse((31, top + 83, 43, top + 95), fill=(183, 28, 28))
    s.text((60, top + 74), "Qua bưu chính, tại nhà", size=22)
    s.mark("delivery", (16, top + 28, W - 16, top + 110))
    s.button((24, 860, W - 24, 936), "Nộp hồ sơ")
    s.mark("submit", (16, 852, W - 16, 944))
    return s


def file_lookup() -> Screen:
    s = Screen("Tra cứu hồ sơ", (183, 28, 28), subtitle="Dịch vụ công trực tuyến (mô phỏng)")
    s.text((24, 132), "Mã hồ sơ", size=21, fill=GREY)
    s.box((24, 162, 380, 218), radius=8)
    s.text((40, 175), "H26.1206.0042", size=23)
    s.mark("code", (16, 126, 382, 224))
    s.button((392, 162, 516, 218), "Tra cứu")
    s.mark("search", (388, 150, 524, 224))
    top = 244
    rows = [
        ("procedure", "Thủ tục", "Đăng ký khai sinh"),
        ("submitted", "Ngày nộp", "02/12/2026"),
        ("due", "Ngày hẹn trả", "04/12/2026"),
        ("fee", "Lệ phí", "Miễn lệ phí"),
    ]
    for name, label, value in rows:
        s.mark(name, s.row(top, label, value, height=70))
        top += 74
    s.text((24, top + 16), "Tình trạng", size=22, bold=True)
    states = [("✓  Đã tiếp nhận", GREEN), ("●  Đang xử lý", (230, 145, 0)), ("○  Có kết quả", GREY)]
    line_top = top + 56
    for label, colour in states:
        s.text((40, line_top), label, size=23, fill=colour)
        line_top += 44
    s.mark("status", (16, top + 8, W - 16, line_top + 4))
    s.text((24, 870), "Giữ mã hồ sơ để tra cứu và nhận kết quả.", size=20, fill=GREY)
    return s


def health_book() -> Screen:
    s = Screen("Sổ sức khỏe điện tử", (46, 125, 50))
    s.box((24, 134, W - 24, 234), fill=(232, 245, 233), outline=(232, 245, 233))
    s.draw.ellipse((44, 152, 108, 216), fill=(165, 214, 167))
    s.text((60, 168), "A", size=30, bold=True, fill=GREEN)
    s.text((124, 152), "Nguyễn Văn An", size=25, bold=True)
    s.text((124, 188), "6 tuổi · Mã BHYT ••• 207", size=21, fill=GREY)
    s.mark("profile", (16, 126, W - 16, 242))
    tiles = [
        ("results", "Kết quả\nkhám bệnh", "⚕"),
        ("booking", "Đặt lịch\nkhám", "◷"),
        ("prescriptions", "Đơn thuốc", "℞"),
        ("vaccines", "Lịch tiêm\nchủng", "✚"),
        ("measures", "Chỉ số\nsức khỏe", "♥"),
        ("personal", "Thông tin\ncá nhân", "☺"),
    ]
    for i, (name, label, icon) in enumerate(tiles):
        left, top = 24 + (i % 2) * 254, 264 + (i // 2) * 186
        box = (left, top, left + 238, top + 170)
        s.box(box, fill=PAPER, outline=(200, 230, 201))
        s.text((left + 20, top + 16), icon, size=36, bold=True, fill=GREEN)
        s.text((left + 20, top + 76), label, size=24, bold=True)
        s.mark(name, box)
    s.text((24, 840), "Dữ liệu do cơ sở y tế cập nhật.", size=20, fill=GREY)
    return s


def team_group_chat() -> Screen:
    s = Screen("Tổ CNS ấp Phú Hòa", (0, 105, 217), subtitle="42 thành viên")
    s.mark("group", (56, 40, 420, 112))
    s.draw.rectangle((0, 116, W, 214), fill=(255, 248, 225))
    s.text((24, 126), "TIN GHIM", size=19, bold=True, fill=(230, 145, 0))
    s.text((24, 152), "Hướng dẫn cài ứng dụng y tế: 19 giờ thứ Bảy, nhà văn hóa ấp.", size=21, width=490)
    s.mark("pinned", (8, 120, W - 8, 212))
    s.text((24, 234), "Tổ trưởng Sáu", size=20, bold=True, fill=BLUE)
    leader = bubble(s, 262, "Chiều nay tổ đi hỗ trợ bà con xóm Bưng, ai cần thì nhắn tổ nhé.")
    s.mark("leader", (leader[0], 230, leader[2], leader[3]))
    s.text((24, leader[3] + 18), "Cô Tư", size=20, bold=True, fill=BLUE)
    question = bubble(s, leader[3] + 46, "Đi cài ứng dụng có cần mang thẻ căn cước không con?")
    s.mark("question", (question[0], leader[3] + 14, question[2], question[3]))
    answer = bubble(s, question[3] + 16, "Dạ cô mang căn cước và điện thoại nha cô.", mine=True, width=330)
    s.mark("answer", answer)
    s.mark("input", s.bottom_bar("Nhắn tin tới nhóm"))
    return s


SCREENS: dict[str, Callable[[], Screen]] = {
    "tin-nhan-gia-ngan-hang.png": fake_bank_sms,
    "tin-nhan-vay-tien.png": chat_borrowing,
    "cai-dat-quyen-rieng-tu.png": privacy_settings,
    "trang-san-pham.png": product_page,
    "trang-dat-hang.png": checkout_page,
    "xac-nhan-chuyen-tien.png": transfer_confirmation,
    "thanh-toan-ma-qr.png": qr_payment,
    "dang-ky-khai-sinh.png": birth_registration,
    "tra-cuu-ho-so.png": file_lookup,
    "so-suc-khoe-dien-tu.png": health_book,
    "nhom-to-cong-nghe-so.png": team_group_chat,
}


def areas(screen: Screen) -> dict[str, str]:
    """Each marked region as the workbook's "Vùng" cell: "x; y; width; height" in percent of the picture."""

    def percent(value: int, whole: int) -> str:
        return f"{round(value * 100 / whole, 1):g}"

    return {
        name: "; ".join((percent(x0, W), percent(y0, H), percent(x1 - x0, W), percent(y1 - y0, H)))
        for name, (x0, y0, x1, y1) in screen.marks.items()
    }


def save(screen: Screen, path: Path) -> None:
    palette = screen.image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    palette.save(path, optimize=True)


def main(argv: list[str]) -> None:
    FOLDER.mkdir(exist_ok=True)
    for name, draw in SCREENS.items():
        screen = draw()
        if "--areas" in argv:
            print(name)
            for area, cell in areas(screen).items():
                print(f"  {area}: {cell}")
        else:
            save(screen, FOLDER / name)
            print(f"{name}: {(FOLDER / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
