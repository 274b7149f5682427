from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from questionbank import images, services
from questionbank.images import make_variants
from questionbank.models import Question


def image_upload(
    size=(2000, 1000), fmt="PNG", name="bieu-do.png", mode="RGB", color=(30, 120, 200), **save
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def photo_bytes(fmt: str = "JPEG", size=(640, 480)) -> bytes:
    """A noisy picture (like a photo, it does not compress to nothing)."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB" if fmt != "GIF" else "L").save(buffer, format=fmt)
    return buffer.getvalue()


def truncated(fmt: str, name: str) -> SimpleUploadedFile:
    """A picture whose upload stopped half-way: the header is fine, the pixels run out."""
    content = photo_bytes(fmt)
    return SimpleUploadedFile(name, content[: len(content) * 6 // 10], content_type=f"image/{fmt.lower()}")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with(*, width: int, height: int, pixels: bytes) -> SimpleUploadedFile:
    """A PNG written by hand: every chunk checksum right, whatever the header and the pixel data say."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    content = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")
    return SimpleUploadedFile("hinh.png", content, content_type="image/png")


def corrupt_png() -> SimpleUploadedFile:
    """Checksums fine (so verify() passes), but the compressed pixels are garbage."""
    return png_with(width=64, height=64, pixels=b"\x78\x9c" + bytes(range(256)) * 4)


def bomb_png(width: int = 50_000, height: int = 50_000) -> SimpleUploadedFile:
    """A header claiming 2.5 gigapixels over a few bytes of data: a decompression bomb."""
    return png_with(width=width, height=height, pixels=zlib.compress(b"\0" * 1024))


BAD_IMAGES = {
    "truncated JPEG": (lambda: truncated("JPEG", "anh-chup.jpg"), "không phải là ảnh hoặc ảnh bị hỏng"),
    "truncated PNG": (lambda: truncated("PNG", "so-do.png"), "không phải là ảnh hoặc ảnh bị hỏng"),
    "truncated GIF": (lambda: truncated("GIF", "hoat-hinh.gif"), "không phải là ảnh hoặc ảnh bị hỏng"),
    "PNG with corrupt pixels": (corrupt_png, "không phải là ảnh hoặc ảnh bị hỏng"),
    "bomb-sized header": (bomb_png, "quá lớn (tối đa 40 megapixel)"),
    "48-megapixel header": (lambda: bomb_png(8000, 6000), "quá lớn (tối đa 40 megapixel)"),
}


def opened(content) -> Image.Image:
    content.seek(0)
    return Image.open(io.BytesIO(content.read()))


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def colour_photo(size=(1600, 800), name="bieu-do.png") -> SimpleUploadedFile:
    """A picture of tens of thousands of colours, as a photo has."""
    bands = [Image.effect_noise(size, 40 + 10 * i) for i in range(3)]
    buffer = io.BytesIO()
    Image.merge("RGB", bands).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def drawn_screen(size=(1080, 1920)) -> SimpleUploadedFile:
    """A phone's message screen as an officer draws or captures one: flat colours and text."""
    from PIL import ImageDraw, ImageFont

    from quizsite.cards import FONTS

    picture = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 0, size[0], 200), fill="#2f4f7f")
    font = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 48)
    for line in range(12):
        draw.text((60, 300 + 110 * line), f"Tài khoản của Quý khách bị TẠM KHÓA {line}", fill="#222", font=font)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return SimpleUploadedFile("tin-nhan.png", buffer.getvalue(), content_type="image/png")


def test_a_large_photo_becomes_a_1080_and_a_480_pixel_jpeg():
    full, small = make_variants(colour_photo(size=(1600, 800)))
    assert opened(full).format == "JPEG" and opened(full).size == (1080, 540)
    assert opened(small).format == "JPEG" and opened(small).size == (480, 240)
    assert full.name.startswith("bieu-do-") and full.name.endswith("-1080.jpg")
    assert small.name.endswith("-480.jpg")


def test_a_drawn_screen_becomes_a_png_in_its_own_colours_smaller_than_a_jpeg():
    upload = drawn_screen()
    full, small = make_variants(upload)

    assert opened(full).format == "PNG" and opened(full).size == (1080, 1920)
    assert opened(small).format == "PNG" and opened(small).size == (480, 853)
    assert small.name.endswith("-480.png")
    # The JPEG it used to be, at the same size: the PNG is smaller (and its letters sharp).
    jpeg = io.BytesIO()
    Image.open(upload).convert("RGB").resize((480, 853), Image.Resampling.LANCZOS).save(jpeg, **images.JPEG_OPTIONS)
    assert small.size < len(jpeg.getvalue())
    assert len(opened(small).getcolors(256) or ()) <= 256


def test_a_phone_photo_jpeg_is_resized_too():
    full, small = make_variants(image_upload(size=(3000, 4000), fmt="JPEG", name="IMG_2025.jpg"))
    assert opened(full).width == 1080
    assert opened(small).width == 480


def test_a_small_image_is_not_enlarged():
    full, small = make_variants(image_upload(size=(300, 200)))
    assert opened(full).size == (300, 200)
    assert opened(small).size == (300, 200)


def test_a_sideways_phone_photo_is_turned_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    full, _small = make_variants(image_upload(size=(400, 200), fmt="JPEG", name="xoay.jpg", exif=exif.tobytes()))
    assert opened(full).size == (200, 400)


def test_a_transparent_png_is_laid_on_white_not_black():
    upload = image_upload(size=(50, 50), mode="RGBA", color=(0, 0, 0, 0))
    full, _small = make_variants(upload)
    assert opened(full).convert("RGB").getpixel((25, 25)) > (240, 240, 240)


def test_a_text_file_renamed_jpg_is_refused_with_a_clear_message():
    upload = SimpleUploadedFile("anh.jpg", b"day khong phai la anh", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        make_variants(upload)
    assert "không phải là ảnh" in error.value.messages[0]


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(settings):
    settings.QUESTION_IMAGE_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        make_variants(image_upload(size=(800, 800), fmt="BMP", name="lon.bmp"))
    assert "quá lớn" in error.value.messages[0]


def test_a_decompression_bomb_is_refused():
    # 48 megapixels of one colour: a few kilobytes on disk, ~150 MB once decoded.
    with pytest.raises(ValidationError) as error:
        make_variants(image_upload(size=(8000, 6000), mode="1", color=0))
    assert "megapixel" in error.value.messages[0]


@pytest.mark.parametrize("case", BAD_IMAGES)
def test_a_damaged_or_oversized_image_is_refused_by_the_check_and_by_the_variants(case):
    make, message = BAD_IMAGES[case]
    with pytest.raises(ValidationError) as checked:
        images.check_upload(make())
    with pytest.raises(ValidationError) as resized:
        make_variants(make())
    assert message in checked.value.messages[0]
    assert resized.value.messages == checked.value.messages


def test_pillow_never_fills_in_a_truncated_image():
    # The check relies on Pillow raising on a truncated file; this switch would make it paint grey instead.
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_a_bmp_is_refused_as_an_unsupported_format():
    with pytest.raises(ValidationError) as error:
        make_variants(image_upload(size=(20, 20), fmt="BMP", name="cu.bmp"))
    assert "BMP" in error.value.messages[0]


def test_set_image_stores_both_variants(make_question, author_a, commune_a):
    question = make_question(author=author_a, unit=commune_a)
    services.set_image(question=question, upload=image_upload())
    question.refresh_from_db()
    assert question.image.name.endswith("-1080.png")  # a flat picture: a drawing's PNG
    assert question.image_small.name.endswith("-480.png")
    assert Image.open(question.image_small.path).width == 480


@pytest.mark.parametrize("case", ["not an image", *BAD_IMAGES])
def test_a_refused_image_leaves_the_question_and_the_disk_untouched(make_question, author_a, commune_a, settings, case):
    question = make_question(author=author_a, unit=commune_a)
    upload = SimpleUploadedFile("a.jpg", b"not an image") if case == "not an image" else BAD_IMAGES[case][0]()
    with pytest.raises(ValidationError):
        services.set_image(question=question, upload=upload)
    question.refresh_from_db()
    assert not question.image and not question.image_small
    assert media_files(settings) == []


def test_creating_a_question_with_a_bad_image_saves_nothing(author_a, commune_a, topic, settings):
    data = services.QuestionData(
        topic=topic,
        kind=Question.Kind.SINGLE,
        text="Câu có ảnh hỏng",
        choices=[services.ChoiceData("Có", True), services.ChoiceData("Không", False)],
    )
    with pytest.raises(ValidationError):
        services.create_question(
            author=author_a, unit=commune_a, data=data, image=SimpleUploadedFile("x.png", b"garbage")
        )
    assert not Question.objects.filter(text="Câu có ảnh hỏng").exists()
    assert media_files(settings) == []
