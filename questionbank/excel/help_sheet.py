"""The template's help sheet ("Hướng dẫn"): what each column holds, how each kind is written, the limits."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from questionbank.models import Topic
from questionbank.services import (
    MAX_CHOICE_CHARS,
    MAX_CHOICES,
    MAX_EXPLANATION_CHARS,
    MAX_SOURCE_CHARS,
    MAX_TEXT_CHARS,
    MIN_AREA_SIDE,
    MIN_AREAS,
    MIN_STEPS,
)
from quizsite import workbooks

from .columns import (
    COL_ANSWER,
    COL_AREAS,
    COL_CHOICES,
    COL_DIFFICULTY,
    COL_EXPLANATION,
    COL_ID,
    COL_IMAGE,
    COL_KIND,
    COL_SOURCE,
    COL_STATUS,
    COL_SUBTOPIC,
    COL_TEXT,
    COL_TOPIC,
    COL_UNIT,
    COL_VERSION,
    EXAMPLE_ROWS,
    HELP_SHEET,
    LETTERS,
    MAX_BYTES,
    MAX_IMAGE_URLS,
    MAX_ROWS,
    MAX_ZIP_BYTES,
    SHEET,
)


def add_help_sheet(workbook: Workbook, roots: list[Topic], *, examples: bool) -> None:
    sheet = workbook.create_sheet(HELP_SHEET)
    workbooks.set_widths(sheet, [24, 16, 80, 36])
    wrap = Alignment(wrap_text=True, vertical="top")
    workbooks.append_row(sheet, [_("Hướng dẫn nhập câu hỏi từ Excel")])
    sheet["A1"].font = Font(bold=True, size=14)
    notes = [
        _("Mỗi dòng trên trang “%(sheet)s” là một câu hỏi. Giữ nguyên dòng tiêu đề (dòng 1), không đổi tên cột.")
        % {"sheet": SHEET},
        _(
            "Mỗi tệp tối đa %(rows)s dòng dưới dòng tiêu đề (dòng trống được bỏ qua nhưng vẫn tính) "
            "và %(mb)d MB; chỉ nhận tệp .xlsx."
        )
        % {"rows": f"{MAX_ROWS:,}".replace(",", "."), "mb": MAX_BYTES // (1024 * 1024)},
        _(
            "Nhập theo nguyên tắc “tất cả hoặc không”: chỉ cần một dòng lỗi thì không câu hỏi nào được lưu; "
            "trang web liệt kê lỗi theo từng dòng để bạn sửa tệp rồi tải lên lại."
        ),
        _(
            "Câu hỏi nhập vào ở trạng thái Bản nháp, người soạn là bạn. Đánh dấu “Gửi duyệt ngay” khi tải lên "
            "để gửi tất cả đi duyệt."
        ),
        _(
            "Không nhập trùng: câu hỏi có nội dung giống một câu hỏi đã có trong đơn vị được chọn, "
            "hoặc giống một dòng khác trong tệp, bị báo lỗi."
        ),
        _(
            "Tệp xuất từ hệ thống có thêm các cột %(columns)s để tham khảo. Có thể sửa tệp xuất rồi nhập lại, "
            "nhưng mỗi dòng sẽ tạo một câu hỏi MỚI (các cột tham khảo bị bỏ qua, câu hỏi cũ không đổi). "
            "Muốn sửa một câu hỏi đã có, hãy sửa trên trang Ngân hàng câu hỏi."
        )
        % {"columns": ", ".join((COL_ID, COL_VERSION, COL_STATUS, COL_UNIT))},
        _(
            "Hình ảnh không nằm trong tệp Excel. Ghi tên tệp hình vào cột “%(image)s” rồi nén tệp Excel cùng các "
            "hình vào một tệp .zip (hình để ở thư mục nào trong tệp .zip cũng được, tìm theo tên tệp, không phân "
            "biệt chữ hoa) và tải tệp .zip lên; hoặc ghi đường dẫn http(s) của hình (tối đa %(urls)d đường dẫn "
            "mỗi lần nhập). Tệp .zip tối đa %(zip_mb)d MB, mỗi hình tối đa %(image_mb)d MB, dạng JPEG, PNG, "
            "WebP hoặc GIF. Tệp xuất có hình cũng là một tệp .zip như vậy."
        )
        % {
            "image": COL_IMAGE,
            "urls": MAX_IMAGE_URLS,
            "zip_mb": MAX_ZIP_BYTES // (1024 * 1024),
            "image_mb": settings.QUESTION_IMAGE_MAX_BYTES // (1024 * 1024),
        },
        _(
            "Câu “Sắp xếp thứ tự”: ghi các bước vào %(first)s, %(second)s… theo ĐÚNG thứ tự (từ %(min)d đến "
            "%(max)d bước); hệ thống tự xáo trộn cho từng người thi. Cột “%(answer)s” để trống hoặc ghi thứ tự "
            "đúng, ví dụ “A, B, C, D”; nếu ghi thứ tự khác (ví dụ “C, A, B”), các bước được sắp lại theo thứ tự đó."
        )
        % {
            "first": COL_CHOICES[0],
            "second": COL_CHOICES[1],
            "min": MIN_STEPS,
            "max": MAX_CHOICES,
            "answer": COL_ANSWER,
        },
        _(
            "Câu “Chạm vào hình”: cần hình ở cột “%(image)s”. Mỗi phương án là tên một vùng trên hình (từ %(min)d "
            "đến %(max)d vùng), vùng của phương án A ghi ở cột “%(area)s”, của B ở “Vùng B”… Cột “%(answer)s” "
            "ghi chữ cái của vùng đúng (chỉ một vùng)."
        )
        % {"image": COL_IMAGE, "min": MIN_AREAS, "max": MAX_CHOICES, "area": COL_AREAS[0], "answer": COL_ANSWER},
        _(
            "Một vùng là bốn số “x; y; rộng; cao” tính theo PHẦN TRĂM chiều rộng và chiều cao của hình: x, y là "
            "mép trái và mép trên của vùng (0; 0 là góc trên bên trái), rồi chiều rộng, chiều cao của vùng. "
            "Ngăn cách bằng dấu chấm phẩy thì phần thập phân dùng dấu phẩy hoặc dấu chấm (8,5; 41; 60; 7); "
            "ngăn cách bằng dấu phẩy thì phần thập phân phải dùng dấu chấm (8.5, 41, 60, 7). Mỗi cạnh ít nhất "
            "%(side)d%%, các vùng không chồng lên nhau và nằm trọn trong hình."
        )
        % {"side": round(MIN_AREA_SIDE * 100)},
    ]
    if examples:
        notes.insert(
            1,
            _(
                "Dòng 2 đến %(last)d (chữ nghiêng, màu xám) là ví dụ: khi nhập, dòng ví dụ còn nguyên nội dung "
                "câu hỏi luôn bị bỏ qua. Hãy ghi đè câu hỏi của bạn lên đó hoặc viết tiếp bên dưới."
            )
            % {"last": len(EXAMPLE_ROWS) + 1},
        )
    for note in notes:
        row = workbooks.append_row(sheet, [f"• {note}"])
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        sheet.cell(row=row, column=1).alignment = wrap
        # About 130 characters fit on a line of the merged cells.
        sheet.row_dimensions[row].height = 16 * max(2, -(-len(note) // 130))
    workbooks.append_row(sheet, [])
    header = [_("Cột"), _("Bắt buộc"), _("Cách ghi"), _("Ví dụ")]
    workbooks.write_header(sheet, header, freeze=False)
    yes, no = _("Có"), _("Không")
    root_names = "; ".join(root.name for root in roots)
    rows = [
        (COL_TOPIC, yes, _("Một trong sáu chủ đề gốc (chọn trong danh sách): %(roots)s.") % {"roots": root_names}),
        (
            COL_SUBTOPIC,
            no,
            _(
                "Ghi tự do. Chủ đề con chưa có sẽ được tạo dưới chủ đề gốc khi nhập thành công. "
                "Để trống thì câu hỏi thuộc thẳng chủ đề gốc."
            ),
        ),
        (
            COL_KIND,
            yes,
            _(
                "“Một đáp án”, “Nhiều đáp án”, “Đúng/Sai”, “Sắp xếp thứ tự” hoặc “Chạm vào hình” (cũng nhận "
                "single, multiple, true_false, order, hotspot)."
            ),
        ),
        (
            COL_TEXT,
            yes,
            _("Câu hỏi như người thi sẽ đọc trên điện thoại (tối đa %(n)d ký tự).") % {"n": MAX_TEXT_CHARS},
        ),
        (
            f"{COL_CHOICES[0]} … {LETTERS[-1]}",
            _("A và B"),
            _(
                "Mỗi ô một phương án, tối đa %(max)d phương án, mỗi phương án tối đa %(n)d ký tự. "
                "Câu Đúng/Sai có thể để trống: hệ thống tự điền A = Đúng, B = Sai. Câu sắp xếp: các bước theo "
                "đúng thứ tự. Câu chạm vào hình: tên các vùng."
            )
            % {"max": MAX_CHOICES, "n": MAX_CHOICE_CHARS},
        ),
        (
            COL_ANSWER,
            yes,
            _(
                "Chữ cái của phương án đúng, ví dụ B. Câu nhiều đáp án ghi nhiều chữ: “A, C”, “A;C” hoặc “AC”. "
                "Câu Đúng/Sai ghi “Đúng” hoặc “Sai” (hoặc A/B). Câu sắp xếp: để trống hoặc ghi thứ tự đúng "
                "“A, B, C, D”. Câu chạm vào hình: chữ cái của vùng đúng."
            ),
        ),
        (
            COL_EXPLANATION,
            no,
            _("Người thi xem được sau khi vòng thi đóng (tối đa %(n)d ký tự).") % {"n": MAX_EXPLANATION_CHARS},
        ),
        (
            COL_SOURCE,
            no,
            _("Văn bản, tài liệu làm căn cứ (tối đa %(n)d ký tự).") % {"n": MAX_SOURCE_CHARS},
        ),
        (COL_DIFFICULTY, no, _("Dễ, Trung bình, Khó hoặc 1, 2, 3. Để trống là Trung bình.")),
        (
            COL_IMAGE,
            _("Câu chạm vào hình"),
            _(
                "Tên tệp hình trong tệp .zip tải lên cùng tệp Excel, hoặc đường dẫn http(s) của hình. "
                "Câu loại nào cũng có thể có hình."
            ),
        ),
        (
            f"{COL_AREAS[0]} … {LETTERS[-1]}",
            _("Câu chạm vào hình"),
            _(
                "Vùng của phương án cùng chữ cái: “x; y; rộng; cao” theo phần trăm của hình. "
                "Để trống với các loại câu khác."
            ),
        ),
        (
            ", ".join((COL_ID, COL_VERSION, COL_STATUS, COL_UNIT)),
            no,
            _("Chỉ có trong tệp xuất, để tham khảo; bị bỏ qua khi nhập."),
        ),
    ]
    examples = dict(EXAMPLE_ROWS[0])
    examples[f"{COL_CHOICES[0]} … {LETTERS[-1]}"] = examples[COL_CHOICES[0]]
    examples[COL_IMAGE] = "tin-nhan-ngan-hang.png"
    examples[f"{COL_AREAS[0]} … {LETTERS[-1]}"] = "8,5; 41; 60; 7"
    for column, required, how in rows:
        row = workbooks.append_row(sheet, [column, required, how, examples.get(column, "")])
        for cell in sheet[row]:
            cell.alignment = wrap
