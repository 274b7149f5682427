"""Question images: check an upload and make the phone-sized variants.

Members read questions on cheap phones over 3G, so nobody ever downloads the
original: the "full" variant is at most 1080 px wide (a zoomed view), the
"small" one at most 480 px (what the quiz page shows). A photo becomes a
JPEG. A drawing or a screenshot (a message screen, a form: what a hotspot
question is tapped on) becomes a 256-colour PNG when that is smaller: a JPEG
of flat colours and text is two to three times larger and blurs the letters.
"""

from __future__ import annotations

import secrets
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

FULL_WIDTH = 1080
SMALL_WIDTH = 480
# A 40-megapixel image is already larger than any phone photo; beyond that
# the file is most likely a decompression bomb (tiny file, huge bitmap).
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
JPEG_OPTIONS = {"format": "JPEG", "quality": 80, "optimize": True, "progressive": True}
# An image of at most this many colours is drawn, not photographed (a photo has tens of thousands).
DRAWING_COLOURS = 4096


def make_variants(upload) -> tuple[ContentFile, ContentFile]:
    """Check ``upload`` and return the (full, small) JPEG variants, unsaved.

    Raises ValidationError, with a message for the author, for anything that
    is too large, not an image, damaged, an unsupported format or a
    decompression bomb.
    """
    image = _decode(upload)
    try:
        upright = _to_rgb(ImageOps.exif_transpose(image))
        drawing = upright.getcolors(DRAWING_COLOURS) is not None
        full, small = _variant(upright, FULL_WIDTH, drawing), _variant(upright, SMALL_WIDTH, drawing)
    except Exception:  # noqa: BLE001 - a decoded image that still cannot be resized is no usable image
        raise _not_an_image() from None
    stem = _stem(getattr(upload, "name", "") or "")
    return (
        ContentFile(full[0], name=f"{stem}-{FULL_WIDTH}.{full[1]}"),
        ContentFile(small[0], name=f"{stem}-{SMALL_WIDTH}.{small[1]}"),
    )


def check_upload(upload) -> None:
    """Refuse what make_variants would refuse, without making the variants (for forms)."""
    _decode(upload)


def _check_size(upload) -> None:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    limit = settings.QUESTION_IMAGE_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("Ảnh quá lớn (%(size).1f MB); chỉ nhận ảnh tối đa %(limit).1f MB.")
            % {"size": size / 1024 / 1024, "limit": limit / 1024 / 1024},
            code="too_large",
        )


def _not_an_image() -> ValidationError:
    return ValidationError(
        _(
            "Tệp này không phải là ảnh hoặc ảnh bị hỏng (có thể chưa tải lên hết). "
            "Hãy chọn ảnh JPEG, PNG, WebP hoặc GIF khác."
        ),
        code="not_an_image",
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("Ảnh có kích thước điểm ảnh quá lớn (tối đa %(mp)d megapixel).") % {"mp": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def _decode(upload) -> Image.Image:
    """The whole image, decoded, or a ValidationError saying why not.

    ``verify()`` only reads what a format checksums (a PNG's chunks; nothing
    of a JPEG or a GIF), so a file cut short in the upload passes it and only
    fails when the pixels are read. The pixels are therefore decoded here, on
    a fresh open as ``verify()`` requires, before anything is saved. Pillow's
    ``ImageFile.LOAD_TRUNCATED_IMAGES`` stays off (its default; nothing in the
    project turns it on), so a missing tail is an error, not grey pixels.
    The image returned holds its pixels and no longer the upload: closing it
    would close the upload too (Pillow does so for a GIF).
    """
    _check_size(upload)
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            _check_header(probe)
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        # Pillow's own limit (beyond ours) refuses some headers inside open().
        raise _too_many_pixels() from None
    except Exception:  # noqa: BLE001 - whatever a damaged file makes Pillow raise, it is no usable image
        raise _not_an_image() from None
    finally:
        upload.seek(0)
    return image


def _check_header(probe: Image.Image) -> None:
    """Refuse by what the header says, before a single pixel is decoded."""
    if probe.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Định dạng ảnh %(format)s không được nhận; hãy dùng JPEG, PNG, WebP hoặc GIF.")
            % {"format": probe.format},
            code="bad_format",
        )
    width, height = probe.size
    if width * height > MAX_PIXELS:
        raise _too_many_pixels()


def _to_rgb(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: lay transparent images on white, not black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _variant(image: Image.Image, max_width: int, drawing: bool) -> tuple[bytes, str]:
    """The image at most ``max_width`` wide, as (bytes, file extension): the smaller of a JPEG and, for a
    drawing, a 256-colour PNG in the drawing's own colours (resizing makes thousands of in-between shades,
    which would compress no better than a photo)."""
    palette = image.quantize(256, dither=Image.Dither.NONE) if drawing else None
    if image.width > max_width:
        height = max(1, round(image.height * max_width / image.width))
        image = image.resize((max_width, height), Image.Resampling.LANCZOS)
    buffer = BytesIO()
    image.save(buffer, **JPEG_OPTIONS)
    jpeg = buffer.getvalue()
    if not drawing:
        return jpeg, "jpg"
    buffer = BytesIO()
    image.quantize(palette=palette, dither=Image.Dither.NONE).save(buffer, format="PNG", optimize=True)
    png = buffer.getvalue()
    return (png, "png") if len(png) < len(jpeg) else (jpeg, "jpg")


def _stem(name: str) -> str:
    # A short random tail keeps two "anh.png" uploads apart and the URL unguessable.
    base = slugify(PurePath(name).stem)[:40] or "hinh"
    return f"{base}-{secrets.token_hex(4)}"
