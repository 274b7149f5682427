"""Question images: check an upload and make the phone-sized JPEG variants.

Members read questions on cheap phones over 3G, so nobody ever downloads the
original: the "full" variant is at most 1080 px wide (a zoomed view), the
"small" one at most 480 px (what the quiz page shows).
"""

from __future__ import annotations

import secrets
import warnings
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FULL_WIDTH = 1080
SMALL_WIDTH = 480
# A 40-megapixel image is already larger than any phone photo; beyond that
# the file is most likely a decompression bomb (tiny file, huge bitmap).
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
JPEG_OPTIONS = {"format": "JPEG", "quality": 80, "optimize": True, "progressive": True}


def make_variants(upload) -> tuple[ContentFile, ContentFile]:
    """Check ``upload`` and return the (full, small) JPEG variants, unsaved.

    Raises ValidationError, with a message for the author, for anything that
    is too large, not an image, an unsupported format or a decompression bomb.
    """
    check_upload(upload)
    upload.seek(0)
    with Image.open(upload) as opened:
        image = _to_rgb(ImageOps.exif_transpose(opened))
    stem = _stem(getattr(upload, "name", "") or "")
    return (
        ContentFile(_jpeg(image, FULL_WIDTH), name=f"{stem}-{FULL_WIDTH}.jpg"),
        ContentFile(_jpeg(image, SMALL_WIDTH), name=f"{stem}-{SMALL_WIDTH}.jpg"),
    )


def check_upload(upload) -> None:
    """Refuse what make_variants would refuse, without making the variants (for forms)."""
    _check_size(upload)
    _check_image(upload)
    upload.seek(0)


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


def _check_image(upload) -> None:
    not_an_image = ValidationError(
        _("Tệp này không phải là ảnh hoặc ảnh bị hỏng. Hãy chọn ảnh JPEG, PNG, WebP hoặc GIF."),
        code="not_an_image",
    )
    bomb = ValidationError(
        _("Ảnh có kích thước điểm ảnh quá lớn (tối đa %(mp)d megapixel).") % {"mp": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        _("Định dạng ảnh %(format)s không được nhận; hãy dùng JPEG, PNG, WebP hoặc GIF.")
                        % {"format": probe.format},
                        code="bad_format",
                    )
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise bomb
                probe.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise bomb from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise not_an_image from None


def _to_rgb(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: lay transparent images on white, not black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image, max_width: int) -> bytes:
    if image.width > max_width:
        height = max(1, round(image.height * max_width / image.width))
        image = image.resize((max_width, height), Image.Resampling.LANCZOS)
    buffer = BytesIO()
    image.save(buffer, **JPEG_OPTIONS)
    return buffer.getvalue()


def _stem(name: str) -> str:
    # A short random tail keeps two "anh.png" uploads apart and the URL unguessable.
    base = slugify(PurePath(name).stem)[:40] or "hinh"
    return f"{base}-{secrets.token_hex(4)}"
