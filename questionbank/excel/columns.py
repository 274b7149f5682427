"""The file's contract: sheet and column names, labels and limits, shared by the import and the export.

The header names, the kind and difficulty labels and the root topic names
stay in Vietnamese whatever the interface language: a file written by one
officer imports for any other.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils import translation

from questionbank import services
from questionbank.models import Question
from quizsite import workbooks

XLSX_CONTENT_TYPE = workbooks.CONTENT_TYPE
MAX_BYTES = 5 * 1024 * 1024
# An .xlsx is a zip: a small file can unpack to gigabytes (openpyxl holds the
# shared strings in memory), so the sizes it declares are checked first.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# A .zip upload: one workbook and the images its rows name. Each image is
# bounded by questionbank.images (settings.QUESTION_IMAGE_MAX_BYTES); these
# bound the package as a whole, before any member is read. The size stays
# within what deploy/nginx.conf lets through (client_max_body_size 12m).
MAX_ZIP_BYTES = 10 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
MAX_ZIP_UNPACKED_BYTES = 200 * 1024 * 1024
# Images fetched by URL at import: each is a request the server makes for the author, so few, small and quick.
MAX_IMAGE_URLS = 10
MAX_ROWS = 2000
# Columns read from each row; generous, so a few extra columns do no harm,
# and bounded, so a stray cell far to the right cannot blow a row up.
MAX_COLUMNS = 40

SHEET = "Câu hỏi"
HELP_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"

LETTERS = services.LETTERS
COL_TOPIC = "Chủ đề"
COL_SUBTOPIC = "Chủ đề con"
COL_KIND = "Loại"
COL_TEXT = "Nội dung câu hỏi"
COL_CHOICES = tuple(f"Phương án {letter}" for letter in LETTERS)
COL_ANSWER = "Đáp án đúng"
COL_EXPLANATION = "Giải thích"
COL_SOURCE = "Nguồn"
COL_DIFFICULTY = "Độ khó"
COL_ID = "Mã"
COL_VERSION = "Phiên bản"
COL_STATUS = "Trạng thái"
COL_UNIT = "Đơn vị"
# The question's image (a file name in the .zip uploaded with the workbook, or an http(s) URL) and, for a
# hotspot question, the area of each choice on it: "x; y; rộng; cao" in percent of the image.
COL_IMAGE = "Hình ảnh"
COL_AREAS = tuple(f"Vùng {letter}" for letter in LETTERS)

TEMPLATE_COLUMNS = (
    COL_TOPIC,
    COL_SUBTOPIC,
    COL_KIND,
    COL_TEXT,
    *COL_CHOICES,
    COL_ANSWER,
    COL_EXPLANATION,
    COL_SOURCE,
    COL_DIFFICULTY,
    COL_IMAGE,
    *COL_AREAS,
)
# The export adds reference columns at the end; the import ignores them.
EXPORT_COLUMNS = (*TEMPLATE_COLUMNS, COL_ID, COL_VERSION, COL_STATUS, COL_UNIT)
REQUIRED_COLUMNS = (COL_TOPIC, COL_KIND, COL_TEXT, COL_CHOICES[0], COL_CHOICES[1], COL_ANSWER)
WIDTHS = {
    COL_TOPIC: 30,
    COL_SUBTOPIC: 22,
    COL_KIND: 15,
    COL_TEXT: 55,
    **dict.fromkeys(COL_CHOICES, 26),
    COL_ANSWER: 13,
    COL_EXPLANATION: 40,
    COL_SOURCE: 30,
    COL_DIFFICULTY: 13,
    COL_IMAGE: 28,
    **dict.fromkeys(COL_AREAS, 18),
    COL_ID: 9,
    COL_VERSION: 10,
    COL_STATUS: 14,
    COL_UNIT: 24,
}

Kind = Question.Kind
KIND_LABELS = {
    Kind.SINGLE: "Một đáp án",
    Kind.MULTIPLE: "Nhiều đáp án",
    Kind.TRUE_FALSE: "Đúng/Sai",
    Kind.ORDER: "Sắp xếp thứ tự",
    Kind.HOTSPOT: "Chạm vào hình",
}


def _in_vietnamese(choices) -> dict:
    """The choices' own labels as the file spells them, whatever language the request speaks."""
    with translation.override("vi"):
        return {choice.value: str(choice.label) for choice in choices}


# One difficulty enum: the file's labels are Question.Difficulty's, in Vietnamese.
DIFFICULTY_LABELS = _in_vietnamese(Question.Difficulty)
TRUE_TEXT, FALSE_TEXT = services.TRUE_FALSE_TEXTS


def norm(value: str) -> str:
    """The form in which two spellings of the same word compare equal.

    Vietnamese keyboards can type composed or decomposed accents (Unikey's
    "Unicode tổ hợp"), so NFC first; then case and spacing do not count.
    """
    text = " ".join(unicodedata.normalize("NFC", value).split()).casefold()
    return re.sub(r"\s*/\s*", "/", text)


# The model's own labels are accepted too, spelled out here because the
# translated ones depend on the language active when this module loads.
MODEL_KIND_LABELS = {
    Kind.SINGLE: "Một đáp án đúng",
    Kind.MULTIPLE: "Nhiều đáp án đúng",
    Kind.TRUE_FALSE: "Đúng / Sai",
    Kind.ORDER: "Sắp xếp",
    Kind.HOTSPOT: "Chạm hình",
}
KIND_ALIASES = {
    norm(alias): kind
    for kind in Kind
    for alias in (kind.value, KIND_LABELS[kind], MODEL_KIND_LABELS[kind], kind.value.replace("_", " "))
} | {norm("Đúng Sai"): Kind.TRUE_FALSE, norm("Đúng-Sai"): Kind.TRUE_FALSE}
DIFFICULTY_ALIASES = {
    norm(alias): level
    for level in Question.Difficulty
    for alias in (str(level.value), DIFFICULTY_LABELS[level.value], level.name)
}


# The template's example rows ({column: value}; a column left out is empty).
# An example is known by its question text: a row that still holds it is
# never imported, whatever else was changed on it, so an officer may
# overwrite the examples or leave them. The texts of examples that earlier
# templates carried stay listed in EXAMPLE_TEXTS, so an old template's
# examples are skipped too. A hotspot question needs its image beside the
# workbook, so it has no example row: the help sheet shows its cells.
EXAMPLE_ROWS = (
    {
        COL_TOPIC: "Bảo vệ bản thân trên môi trường số",
        COL_SUBTOPIC: "Lừa đảo trực tuyến",
        COL_KIND: KIND_LABELS[Kind.SINGLE],
        COL_TEXT: "Có người gọi điện tự xưng là nhân viên ngân hàng và đề nghị bạn đọc mã OTP vừa nhận. "
        "Bạn nên làm gì?",
        COL_CHOICES[0]: "Đọc mã OTP để được hỗ trợ nhanh",
        COL_CHOICES[1]: "Không cung cấp mã OTP cho bất kỳ ai, gọi lại tổng đài chính thức của ngân hàng",
        COL_CHOICES[2]: "Gửi mã OTP qua Zalo cho họ",
        COL_CHOICES[3]: "Chụp màn hình tin nhắn gửi cho họ",
        COL_ANSWER: "B",
        COL_EXPLANATION: "Mã OTP chỉ dành cho chính chủ tài khoản; ngân hàng không bao giờ hỏi mã OTP qua điện thoại.",
        COL_SOURCE: "Cẩm nang kỹ năng số cho người dân",
        COL_DIFFICULTY: DIFFICULTY_LABELS[1],
    },
    {
        COL_TOPIC: "Dịch vụ công trực tuyến",
        COL_KIND: KIND_LABELS[Kind.TRUE_FALSE],
        COL_TEXT: "Người dân có thể nộp hồ sơ và theo dõi tiến độ giải quyết thủ tục hành chính trên "
        "Cổng Dịch vụ công quốc gia.",
        COL_CHOICES[0]: TRUE_TEXT,
        COL_CHOICES[1]: FALSE_TEXT,
        COL_ANSWER: TRUE_TEXT,
        COL_EXPLANATION: "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) cho phép nộp hồ sơ, thanh toán lệ phí và "
        "tra cứu kết quả trực tuyến.",
        COL_SOURCE: "Cổng Dịch vụ công quốc gia",
        COL_DIFFICULTY: DIFFICULTY_LABELS[2],
    },
    {
        COL_TOPIC: "Dịch vụ công trực tuyến",
        COL_KIND: KIND_LABELS[Kind.ORDER],
        COL_TEXT: "Sắp xếp các bước nộp một hồ sơ trên Cổng Dịch vụ công quốc gia theo đúng thứ tự.",
        COL_CHOICES[0]: "Đăng nhập bằng tài khoản định danh điện tử",
        COL_CHOICES[1]: "Tìm và chọn thủ tục cần làm",
        COL_CHOICES[2]: "Điền tờ khai và đính kèm giấy tờ",
        COL_CHOICES[3]: "Nộp hồ sơ và ghi lại mã hồ sơ để tra cứu",
        COL_ANSWER: "A, B, C, D",
        COL_EXPLANATION: "Phải đăng nhập trước khi chọn thủ tục; mã hồ sơ nhận được khi nộp dùng để theo dõi kết quả.",
        COL_SOURCE: "Cổng Dịch vụ công quốc gia",
        COL_DIFFICULTY: DIFFICULTY_LABELS[1],
    },
)
EXAMPLE_TEXTS = frozenset(norm(row[COL_TEXT]) for row in EXAMPLE_ROWS)
