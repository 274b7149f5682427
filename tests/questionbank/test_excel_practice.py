"""The two practice kinds in Excel: order steps, hotspot areas, and the images that come with a workbook."""

from __future__ import annotations

import io
import threading
import unicodedata
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from questionbank import areas as area_cells
from questionbank.demo_bank import loader as demo_loader
from questionbank.excel import columns, fetching, importing, pictures
from questionbank.models import Question, QuestionEvent, Topic
from tests.components import postgres_url
from tests.conftest import HOTSPOT_AREAS, ORDER_STEPS, question_image
from tests.questionbank.test_excel import IMPORT_URL, post_file, refused, row, sheet_rows, workbook_bytes

EXPORT_URL = reverse("questionbank:excel_export")
PAYMENT = "Thanh toán trực tuyến"


def order_row(**cells) -> dict[str, object]:
    steps = {letter.lower(): step for letter, step in zip("abcd", ORDER_STEPS, strict=False)}
    return row(
        **{
            "topic": PAYMENT,
            "kind": "Sắp xếp thứ tự",
            "text": "Sắp xếp các bước thanh toán tiền điện.",
            "answer": "",
            **steps,
            **cells,
        }
    )


def hotspot_row(image: str = "tin-nhan.png", **cells) -> dict[str, object]:
    values = row(
        **{
            "kind": "Chạm vào hình",
            "text": "Chạm vào dấu hiệu lừa đảo rõ nhất trong tin nhắn.",
            "answer": "B",
            "a": "Tên người gửi",
            "b": "Đường link lạ",
            "c": "Giờ gửi tin",
            **cells,
        }
    )
    values[columns.COL_IMAGE] = image
    values[columns.COL_AREAS[0]] = "5; 4; 50; 8"
    values[columns.COL_AREAS[1]] = "10; 42; 60; 7"
    values[columns.COL_AREAS[2]] = "70; 4; 25; 8"
    return values


def png(size: tuple[int, int] = (360, 640)) -> bytes:
    return question_image(size=size).read()


def package(workbook: bytes, files: dict[str, bytes], *, name: str = "cau-hoi.xlsx") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, workbook)
        for path, content in files.items():
            archive.writestr(path, content)
    return buffer.getvalue()


def post_zip(client, unit, content: bytes, *, submit: bool = False):
    data = {"unit": unit.pk, "file": SimpleUploadedFile("cau-hoi.zip", content, content_type="application/zip")}
    if submit:
        data["submit"] = "on"
    return client.post(IMPORT_URL, data, follow=True)


def report(response) -> set[str]:
    assert response.status_code == 200
    assert "Chưa lưu câu hỏi nào" in response.content.decode()
    assert not Question.objects.exists()
    return {str(error) for error in response.context["errors"]}


def steps(question: Question) -> list[str]:
    return [choice.text for choice in question.choices.order_by("position")]


def areas(question: Question) -> list[tuple[str, bool, tuple[float, ...]]]:
    return [
        (c.text, c.is_correct, (c.area_x, c.area_y, c.area_w, c.area_h)) for c in question.choices.order_by("position")
    ]


# --- Order ------------------------------------------------------------------------------------


def test_an_order_row_keeps_its_steps_in_the_written_order(client, author_a, commune_a):
    client.force_login(author_a)
    page = post_file(client, commune_a, workbook_bytes([order_row(), order_row(text="Lần nữa?", answer="ABCD")]))
    assert "Đã nhập 2 câu hỏi" in page.content.decode()
    for question in Question.objects.all():
        assert question.kind == Question.Kind.ORDER
        assert steps(question) == list(ORDER_STEPS)
        assert not question.choices.filter(is_correct=True).exists()


def test_an_order_row_whose_answer_gives_another_order_is_saved_in_that_order(client, author_a, commune_a):
    client.force_login(author_a)
    written = order_row(a=ORDER_STEPS[2], b=ORDER_STEPS[0], c=ORDER_STEPS[3], d=ORDER_STEPS[1], answer="B, D, A, C")
    post_file(client, commune_a, workbook_bytes([written]))
    assert steps(Question.objects.get()) == list(ORDER_STEPS)


@pytest.mark.parametrize(
    ("answer", "details"),
    [
        ("A, B, C", "thiếu D"),
        ("A, B, B, C, D", "lặp B"),
        ("A, B, C, D, E", "E là bước trống"),
    ],
)
def test_an_order_answer_that_does_not_name_each_step_once_is_refused(client, author_a, commune_a, answer, details):
    client.force_login(author_a)
    response = post_file(client, commune_a, workbook_bytes([order_row(answer=answer)]))
    assert report(response) == {
        "Dòng 2, cột Đáp án đúng: Câu sắp xếp thứ tự: ô này để trống (các bước đã viết đúng thứ tự) hoặc ghi mỗi "
        f"bước đúng một lần theo thứ tự đúng, ví dụ “A, B, C, D”; ở đây {details}."
    }


def test_an_order_row_with_two_steps_gets_the_services_message(client, author_a, commune_a):
    client.force_login(author_a)
    response = post_file(client, commune_a, workbook_bytes([order_row(c=None, d=None)]))
    assert report(response) == {"Dòng 2: Câu sắp xếp thứ tự cần từ 3 đến 7 bước (đang có 2)."}


def test_a_seventh_choice_in_column_g_is_read(client, author_a, commune_a):
    client.force_login(author_a)
    seven = {letter: f"Bước {n}" for n, letter in enumerate("abcdefg", start=1)}
    post_file(client, commune_a, workbook_bytes([order_row(**seven)]))
    assert steps(Question.objects.get()) == [f"Bước {n}" for n in range(1, 8)]


# --- Hotspot and images in a zip ------------------------------------------------------------------


def test_a_hotspot_row_in_a_zip_is_saved_with_its_image_and_areas(client, author_a, commune_a):
    client.force_login(author_a)
    content = package(workbook_bytes([hotspot_row()]), {"tin-nhan.png": png()})
    page = post_zip(client, commune_a, content).content.decode()
    assert "Đã nhập 1 câu hỏi" in page
    question = Question.objects.get()
    assert question.kind == Question.Kind.HOTSPOT
    assert areas(question) == [
        ("Tên người gửi", False, (0.05, 0.04, 0.5, 0.08)),
        ("Đường link lạ", True, (0.1, 0.42, 0.6, 0.07)),
        ("Giờ gửi tin", False, (0.7, 0.04, 0.25, 0.08)),
    ]
    with Image.open(question.image) as full, Image.open(question.image_small) as small:
        assert (full.size, small.size) == ((360, 640), (360, 640))
    assert question.events.get().action == QuestionEvent.Action.IMPORTED


def test_an_image_is_found_in_any_folder_of_the_zip_whatever_the_case_of_its_name(client, author_a, commune_a):
    client.force_login(author_a)
    content = package(workbook_bytes([hotspot_row("Tin-Nhan.PNG")]), {"hinh/anh/tin-nhan.png": png()})
    assert "Đã nhập 1 câu hỏi" in post_zip(client, commune_a, content).content.decode()
    assert Question.objects.get().image


def test_an_accented_image_name_zipped_on_a_mac_is_found(client, author_a, commune_a):
    client.force_login(author_a)
    decomposed = unicodedata.normalize("NFD", "tin-nhắn-giả.png")
    content = package(workbook_bytes([hotspot_row("Tin-nhắn-giả.png")]), {decomposed: png()})
    assert "Đã nhập 1 câu hỏi" in post_zip(client, commune_a, content).content.decode()


def test_rows_that_name_one_image_share_its_files_and_any_kind_may_have_an_image(client, author_a, commune_a):
    client.force_login(author_a)
    rows = [hotspot_row(), hotspot_row(text="Lần nữa: chạm vào dấu hiệu lừa đảo."), row()]
    rows[2][columns.COL_IMAGE] = "tin-nhan.png"
    post_zip(client, commune_a, package(workbook_bytes(rows), {"tin-nhan.png": png()}))
    assert Question.objects.count() == 3
    assert len({(q.image.name, q.image_small.name) for q in Question.objects.all()}) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8,5; 41; 60; 7", (0.085, 0.41, 0.6, 0.07)),
        ("8.5; 41; 60; 7", (0.085, 0.41, 0.6, 0.07)),
        ("8.5, 41, 60, 7", (0.085, 0.41, 0.6, 0.07)),
        ("8.5 41 60 7", (0.085, 0.41, 0.6, 0.07)),
        ("12.34;0;50;9.99", (0.1234, 0.0, 0.5, 0.0999)),
        ("8,5, 41, 60, 7", None),  # decimal commas need ";" between the numbers
        ("8; 41; 60", None),
        ("trái; trên; 60; 7", None),
    ],
)
def test_an_area_cell_is_four_percentages(text, expected):
    area = area_cells.read(text)
    if expected is None:
        assert area is None
    else:
        assert (area.x, area.y, area.w, area.h) == pytest.approx(expected)


def test_area_problems_are_reported_by_column_with_the_services_rules(client, author_a, commune_a):
    client.force_login(author_a)
    unreadable = hotspot_row()
    unreadable[columns.COL_AREAS[0]] = "trái, trên"
    overlapping = hotspot_row(text="Vùng chồng nhau?")
    overlapping[columns.COL_AREAS[2]] = "40; 40; 30; 10"
    outside = hotspot_row(text="Vùng ra ngoài hình?")
    outside[columns.COL_AREAS[1]] = "50; 42; 60; 7"
    on_a_single = row(text="Câu một đáp án có vùng?")
    on_a_single[columns.COL_AREAS[0]] = "5; 4; 50; 8"
    same_names = hotspot_row(text="Hai vùng cùng tên?", c="Tên người gửi")
    same_names[columns.COL_AREAS[2]] = None
    rows = [unreadable, overlapping, outside, on_a_single, same_names]
    content = package(workbook_bytes(rows), {"tin-nhan.png": png()})
    assert report(post_zip(client, commune_a, content)) == {
        "Dòng 2, cột Vùng A: “trái, trên” không đọc được: vùng A cần bốn số “x; y; rộng; cao” tính theo phần trăm "
        "của hình, ví dụ 8,5; 41; 60; 7.",
        "Dòng 3, cột Vùng C: Vùng C chồng lên vùng B: một lần chạm phải chỉ thuộc một vùng.",
        "Dòng 4, cột Vùng B: Vùng B nằm ngoài hình.",
        "Dòng 5, cột Vùng A: Chỉ câu “Chạm vào hình” có vùng; hãy xoá ô này hoặc đổi loại câu hỏi.",
        "Dòng 6, cột Phương án C: Phương án C trùng với phương án A.",
        "Dòng 6, cột Vùng C: Vùng C chưa được vẽ trên hình.",
    }


def test_a_hotspot_row_without_an_image_is_refused(client, author_a, commune_a):
    client.force_login(author_a)
    response = post_file(client, commune_a, workbook_bytes([hotspot_row(image="")]))
    assert report(response) == {"Dòng 2, cột Hình ảnh: Câu chạm vào hình cần một hình ảnh để người thi chạm vào."}


def test_an_image_named_in_a_bare_workbook_is_refused_saying_how_to_send_it(client, author_a, commune_a):
    client.force_login(author_a)
    response = post_file(client, commune_a, workbook_bytes([hotspot_row()]))
    assert report(response) == {
        "Dòng 2, cột Hình ảnh: Hình “tin-nhan.png” phải được tải lên cùng tệp Excel: hãy nén tệp Excel và các hình "
        "vào một tệp .zip rồi tải tệp .zip lên (hoặc ghi đường dẫn http(s) của hình)."
    }


def test_an_image_missing_from_the_zip_refuses_the_whole_file(client, author_a, commune_a):
    client.force_login(author_a)
    rows = [row(subtopic="Chủ đề con mới"), hotspot_row("khong-co.png")]
    response = post_zip(client, commune_a, package(workbook_bytes(rows), {"tin-nhan.png": png()}))
    assert report(response) == {
        "Dòng 3, cột Hình ảnh: Không thấy hình “khong-co.png” trong tệp .zip (hệ thống tìm theo tên tệp, "
        "không phân biệt chữ hoa)."
    }
    assert not Topic.objects.filter(name="Chủ đề con mới").exists()


def test_an_image_that_is_not_a_picture_or_too_large_is_a_row_error(client, author_a, commune_a, settings):
    settings.QUESTION_IMAGE_MAX_BYTES = 20_000
    client.force_login(author_a)
    rows = [hotspot_row("hong.png"), hotspot_row("lon.png", text="Hình lớn?")]
    files = {"hong.png": b"not a picture", "lon.png": png((2000, 2000)) + b"\0" * 20_000}
    messages = report(post_zip(client, commune_a, package(workbook_bytes(rows), files)))
    assert messages == {
        "Dòng 2, cột Hình ảnh: Tệp này không phải là ảnh hoặc ảnh bị hỏng (có thể chưa tải lên hết). "
        "Hãy chọn ảnh JPEG, PNG, WebP hoặc GIF khác.",
        "Dòng 3, cột Hình ảnh: Ảnh quá lớn (0.0 MB); chỉ nhận ảnh tối đa 0.0 MB.",
    }


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"anh.png": b"x"}, "Tệp .zip phải có đúng một tệp Excel .xlsx (đang có 0), cùng các hình mà tệp đó ghi tên."),
        (
            {"a.xlsx": b"x", "b/c.xlsx": b"x"},
            "Tệp .zip phải có đúng một tệp Excel .xlsx (đang có 2), cùng các hình mà tệp đó ghi tên.",
        ),
        (
            {"a.xlsx": b"x", "../anh.png": b"x"},
            "Tệp .zip có tên tệp không hợp lệ: “../anh.png”. Hãy nén lại các tệp, không dùng đường dẫn “..”.",
        ),
        (
            {"a.xlsx": b"x", "hinh/Anh.png": b"x", "khac/anh.PNG": b"x"},
            "Tệp .zip có hai tệp cùng tên “anh.PNG” (hinh/Anh.png và khac/anh.PNG). Hãy đổi tên một tệp.",
        ),
    ],
    ids=["no workbook", "two workbooks", "dot-dot", "same name twice"],
)
def test_a_zip_that_is_not_one_workbook_and_its_images_is_refused(client, author_a, commune_a, members, message):
    client.force_login(author_a)
    assert refused(post_zip(client, commune_a, zip_of(members))) == message


def test_a_mac_s_hidden_files_in_the_zip_are_ignored(client, author_a, commune_a):
    client.force_login(author_a)
    content = package(
        workbook_bytes([hotspot_row()]),
        {"tin-nhan.png": png(), "__MACOSX/._cau-hoi.xlsx": b"x", "__MACOSX/._tin-nhan.png": b"x"},
    )
    assert "Đã nhập 1 câu hỏi" in post_zip(client, commune_a, content).content.decode()


def test_a_damaged_zip_is_refused(client, author_a, commune_a):
    client.force_login(author_a)
    message = refused(post_zip(client, commune_a, b"PK\x03\x04 this is not a zip"))
    assert message == "Không đọc được tệp .zip: tệp bị hỏng hoặc không phải tệp .zip."


def test_a_zip_past_its_limits_is_refused_before_it_is_read(client, author_a, commune_a, monkeypatch):
    client.force_login(author_a)
    content = package(workbook_bytes([hotspot_row()]), {"tin-nhan.png": png(), "khac.png": png()})
    monkeypatch.setattr("questionbank.excel.archive.MAX_ZIP_MEMBERS", 2)
    assert refused(post_zip(client, commune_a, content)) == "Tệp .zip có 3 tệp; tối đa 2 (một tệp Excel và các hình)."
    monkeypatch.setattr("questionbank.excel.archive.MAX_ZIP_UNPACKED_BYTES", 1000)
    monkeypatch.setattr("questionbank.excel.archive.MAX_ZIP_MEMBERS", 10)
    assert refused(post_zip(client, commune_a, content)) == "Nội dung tệp .zip quá lớn khi giải nén (tối đa 0 MB)."
    monkeypatch.setattr("questionbank.excel.archive.MAX_ZIP_BYTES", len(content) - 1)
    assert refused(post_zip(client, commune_a, content)) == (
        "Tệp .zip lớn hơn 0 MB. Hãy chia câu hỏi và hình thành nhiều tệp nhỏ hơn."
    )


# --- Images by URL ----------------------------------------------------------------------------------


class _Images(BaseHTTPRequestHandler):
    """A tiny image server on 127.0.0.1 for the URL tests: no test reaches the internet."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        routes = {
            "/anh.png": (200, {}, png()),
            "/lon.png": (200, {}, b"\0" * 30_000),
            "/chuyen": (302, {"Location": "/anh.png"}, b""),
            "/vong": (302, {"Location": "/vong"}, b""),
            "/tep": (302, {"Location": "file:///etc/passwd"}, b""),
        }
        status, headers, body = routes.get(self.path, (404, {}, b""))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def image_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Images)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def private_allowed(settings):
    settings.QUESTION_IMAGE_URLS_ALLOW_PRIVATE = True
    settings.QUESTION_IMAGE_MAX_BYTES = 20_000


def test_a_hotspot_row_may_name_its_image_by_url(client, author_a, commune_a, image_server, private_allowed):
    client.force_login(author_a)
    page = post_file(client, commune_a, workbook_bytes([hotspot_row(f"{image_server}/chuyen")])).content.decode()
    assert "Đã nhập 1 câu hỏi" in page
    with Image.open(Question.objects.get().image) as full:
        assert full.size == (360, 640)


def test_an_image_url_on_the_server_s_own_network_is_refused_with_the_row_s_message(
    client, author_a, commune_a, image_server
):
    client.force_login(author_a)
    response = post_file(client, commune_a, workbook_bytes([hotspot_row(f"{image_server}/anh.png")]))
    assert report(response) == {
        f"Dòng 2, cột Hình ảnh: Không tải được hình từ “{image_server}/anh.png”: địa chỉ nội bộ, không được phép."
    }


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1/anh.png", "địa chỉ nội bộ, không được phép"),
        ("http://localhost/anh.png", "địa chỉ nội bộ, không được phép"),
        ("http://169.254.169.254/latest/meta-data/", "địa chỉ nội bộ, không được phép"),
        ("http://10.0.0.7/anh.png", "địa chỉ nội bộ, không được phép"),
        ("http://[::1]/anh.png", "địa chỉ nội bộ, không được phép"),
        ("http://[::ffff:192.168.1.1]/anh.png", "địa chỉ nội bộ, không được phép"),
        ("file:///etc/passwd", "chỉ nhận đường dẫn http:// hoặc https://"),
        ("ftp://example.com/anh.png", "chỉ nhận đường dẫn http:// hoặc https://"),
    ],
)
def test_an_image_url_that_is_not_public_http_is_refused_before_any_request(url, why):
    with pytest.raises(ValidationError) as refused_url:
        fetching.fetch_image(url)
    assert refused_url.value.messages == [f"Không tải được hình từ “{url}”: {why}."]


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/lon.png", "ảnh lớn hơn 0.0 MB"),
        ("/vong", "chuyển hướng quá 3 lần"),
        ("/tep", "chỉ nhận đường dẫn http:// hoặc https://"),
        ("/khong-co.png", "máy chủ trả lời mã 404"),
    ],
)
def test_an_image_url_that_is_too_big_loops_or_leaves_http_is_refused(image_server, private_allowed, path, why):
    with pytest.raises(ValidationError) as refused_url:
        fetching.fetch_image(f"{image_server}{path}")
    assert refused_url.value.messages[0].endswith(f": {why}.")


def test_an_import_tries_a_few_urls_at_most_whether_they_answer_or_not(author_a, commune_a, monkeypatch):
    monkeypatch.setattr(pictures, "MAX_IMAGE_URLS", 2)
    fetched = []

    def fetch(url):
        fetched.append(url)
        if url.endswith("1.png"):
            raise ValidationError("Không tải được hình.")
        return question_image()

    urls = [f"https://anh.vi-du.test/{n}.png" for n in (1, 2, 3)]
    rows = [hotspot_row(url, text=f"Câu {n}?") for n, url in enumerate([*urls, urls[1]])]
    images = pictures.RowImages({}, packaged=False, fetch=fetch)
    with pytest.raises(importing.ImportRejected) as rejected:
        importing.import_questions(
            author=author_a, unit=commune_a, upload=SimpleUploadedFile("a.xlsx", workbook_bytes(rows)), images=images
        )
    assert [str(error) for error in rejected.value.errors] == [
        "Dòng 2, cột Hình ảnh: Không tải được hình.",
        "Dòng 4, cột Hình ảnh: Mỗi lần nhập tải tối đa 2 hình theo đường dẫn; hãy gửi các hình khác trong tệp .zip.",
    ]
    assert fetched == urls[:2]  # the row naming the second one again uses what was fetched
    assert not Question.objects.exists()


# --- Export and round trip ------------------------------------------------------------------------


def test_an_export_with_images_is_a_zip_that_imports_as_the_same_questions(
    client, author_a, commune_a, hamlet_a, make_order_question, make_hotspot_question, make_question
):
    order = make_order_question(author=author_a, unit=commune_a)
    hotspot = make_hotspot_question(author=author_a, unit=commune_a)
    plain = make_question(author=author_a, unit=commune_a)
    client.force_login(author_a)

    response = client.get(EXPORT_URL, {"unit": commune_a.pk})
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="cau-hoi-')
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
    image = f"hinh/{hotspot.image.name.rsplit('/', 1)[1]}"
    assert len(names) == 2 and names[0].endswith(".xlsx") and names[1] == image

    page = post_zip(client, hamlet_a, content).content.decode()
    assert "Đã nhập 3 câu hỏi" in page
    again = {q.text: q for q in Question.objects.filter(unit=hamlet_a)}
    assert steps(again[order.text]) == list(ORDER_STEPS) and again[order.text].kind == Question.Kind.ORDER
    assert [(text, right) for text, right, _area in areas(again[hotspot.text])] == [
        (name, right) for name, right, _area in HOTSPOT_AREAS
    ]
    for (_t, _r, before), (_t2, _r2, after) in zip(areas(hotspot), areas(again[hotspot.text]), strict=True):
        assert after == pytest.approx(before, abs=0.0001)
    with Image.open(hotspot.image) as before, Image.open(again[hotspot.text].image) as after:
        assert before.size == after.size
    assert again[plain.text].kind == plain.kind and not again[plain.text].image


def test_an_export_without_images_stays_a_plain_workbook(client, author_a, commune_a, make_order_question):
    make_order_question(author=author_a, unit=commune_a)
    client.force_login(author_a)
    response = client.get(EXPORT_URL)
    assert response["Content-Type"] == columns.XLSX_CONTENT_TYPE
    header, exported = sheet_rows(response.content)[:2]
    cells = dict(zip(header, exported, strict=True))
    assert [cells[f"Phương án {letter}"] for letter in "ABCD"] == list(ORDER_STEPS)
    assert (cells["Loại"], cells["Đáp án đúng"], cells["Hình ảnh"]) == ("Sắp xếp thứ tự", "A, B, C, D", None)


def test_an_exported_area_is_written_in_percent(author_a, commune_a, make_hotspot_question):
    question = make_hotspot_question(author=author_a, unit=commune_a)
    assert [area_cells.written(c.area) for c in question.choices.order_by("position")] == [
        "5; 4; 50; 8",
        "10; 42; 60; 7",
        "70; 4; 25; 8",
        "10; 25; 80; 12",
    ]


# --- The demo loader ---------------------------------------------------------------------------------


def test_the_demo_loader_takes_the_images_of_the_folder_beside_its_workbook(tmp_path, province, author_a, reviewer_a):
    path = tmp_path / "ngan-hang.xlsx"
    path.write_bytes(workbook_bytes([order_row(), hotspot_row("Man-Hinh.PNG")]))
    (tmp_path / "hinh").mkdir()
    (tmp_path / "hinh" / "man-hinh.png").write_bytes(png())

    assert demo_loader.load(unit=province, author=author_a, reviewer=reviewer_a, path=path) == 2

    order, hotspot = Question.objects.order_by("pk")
    assert (order.status, hotspot.status) == (Question.Status.APPROVED, Question.Status.APPROVED)
    assert steps(order) == list(ORDER_STEPS)
    assert hotspot.image and [right for _t, right, _a in areas(hotspot)] == [False, True, False]


def test_the_demo_loader_refuses_a_row_whose_image_is_not_in_its_folder(tmp_path, province, author_a, reviewer_a):
    path = tmp_path / "ngan-hang.xlsx"
    path.write_bytes(workbook_bytes([order_row(), hotspot_row("khong-co.png")]))
    with pytest.raises(ValidationError) as refused_load:
        demo_loader.load(unit=province, author=author_a, reviewer=reviewer_a, path=path)
    assert refused_load.value.messages[1] == (
        "Dòng 3, cột Hình ảnh: Không thấy hình “khong-co.png” trong tệp .zip (hệ thống tìm theo tên tệp, "
        "không phân biệt chữ hoa)."
    )
    assert not Question.objects.exists()


# --- Two officers at once ---------------------------------------------------------------------------


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_importing_one_zip_at_once_each_get_their_questions_and_images(
    author_a, commune_a, hamlet_a, topic
):
    postgres_url()
    content = package(workbook_bytes([hotspot_row(subtopic="Tin nhắn giả"), order_row()]), {"tin-nhan.png": png()})
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def run(unit) -> None:
        try:
            start.wait()
            upload = SimpleUploadedFile("cau-hoi.zip", content)
            outcomes.append(importing.import_questions(author=author_a, unit=unit, upload=upload))
        except Exception as error:  # noqa: BLE001 - the test looks at what each thread got
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(unit,)) for unit in (commune_a, hamlet_a)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(outcome, importing.Imported) for outcome in outcomes), outcomes
    assert Topic.objects.filter(name="Tin nhắn giả").count() == 1
    for unit in (commune_a, hamlet_a):
        hotspot = Question.objects.get(unit=unit, kind=Question.Kind.HOTSPOT)
        assert hotspot.image.storage.exists(hotspot.image.name)
    assert len({q.image.name for q in Question.objects.filter(kind=Question.Kind.HOTSPOT)}) == 2


def test_the_classic_kinds_still_need_two_choices(client, author_a, commune_a):
    client.force_login(author_a)
    response = post_file(client, commune_a, workbook_bytes([row(b=None, c=None, answer="A")]))
    assert report(response) == {"Dòng 2: Cần ít nhất 2 phương án."}


def test_an_import_stops_fetching_urls_once_its_time_for_them_is_spent(author_a, commune_a, monkeypatch):
    monkeypatch.setattr(pictures, "URL_BUDGET_SECONDS", -1)  # spent before the first
    images = pictures.RowImages({}, packaged=False, fetch=lambda url: question_image())
    rows = [hotspot_row("https://anh.vi-du.test/1.png")]
    with pytest.raises(importing.ImportRejected) as rejected:
        importing.import_questions(
            author=author_a, unit=commune_a, upload=SimpleUploadedFile("a.xlsx", workbook_bytes(rows)), images=images
        )
    assert [str(error) for error in rejected.value.errors] == [
        "Dòng 2, cột Hình ảnh: Lần nhập này đã tải hình theo đường dẫn quá -1 giây; hãy gửi các hình còn lại trong "
        "tệp .zip."
    ]


def self_signed(tmp_path) -> tuple[str, str]:
    """A certificate for 127.0.0.1 that no authority signed, and its key, as PEM files."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(cert_path), str(key_path)


def test_an_https_image_url_is_refused_when_its_certificate_is_not_trusted(tmp_path, private_allowed):
    import ssl

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Images)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*self_signed(tmp_path))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"https://127.0.0.1:{server.server_address[1]}/anh.png"
    try:
        with pytest.raises(ValidationError) as refused_url:
            fetching.fetch_image(url)
    finally:
        server.shutdown()
        server.server_close()
    assert refused_url.value.messages == [f"Không tải được hình từ “{url}”: không kết nối được hoặc quá 5 giây."]


def test_steps_area_names_and_picture_names_that_look_like_formulas_stay_text_in_the_export_and_back(
    client, author_a, commune_a, hamlet_a, make_order_question, make_hotspot_question
):
    """A step or an area's name is typed by an officer; another officer opens the export in Excel.
    Nothing of it may become a formula there, and it comes back through the import as written."""
    typed_steps = ('=HYPERLINK("http://x";"Mở ứng dụng")', "+Chọn hóa đơn", "-Nhập mã khách hàng", "@Xác nhận")
    typed_areas = [(f"={name}", right, area) for name, right, area in HOTSPOT_AREAS]
    make_order_question(author=author_a, unit=commune_a, steps=typed_steps)
    make_hotspot_question(
        author=author_a, unit=commune_a, areas=typed_areas, image=question_image(name="=cmd|' /C calc'!A0.png")
    )
    client.force_login(author_a)

    content = b"".join(client.get(EXPORT_URL, {"unit": commune_a.pk}).streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        book = load_workbook(io.BytesIO(archive.read(archive.namelist()[0])))
    cells = [cell for row in book[columns.SHEET].iter_rows() for cell in row if cell.value is not None]

    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    written = {cell.value for cell in cells}
    assert set(typed_steps) | {name for name, _right, _area in typed_areas} <= written
    assert not [value for value in written if str(value).startswith("=") and str(value).endswith(".png")]
    assert "Đã nhập 2 câu hỏi" in post_zip(client, hamlet_a, content).content.decode()
    again = Question.objects.filter(unit=hamlet_a)
    assert steps(again.get(kind=Question.Kind.ORDER)) == list(typed_steps)
    assert [name for name, _r, _a in areas(again.get(kind=Question.Kind.HOTSPOT))] == [n for n, _r, _a in typed_areas]
