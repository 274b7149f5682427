"""A workbook with its images: the .zip an officer uploads or downloads, and a folder beside a workbook.

Images are found by file name, whatever folder holds them and whatever the
case of the name ("Hinh/Tin-Nhan.PNG" answers "tin-nhan.png"). An upload's
images are read only when a row names them, each at most the size of a
question's image; the package as a whole is bounded before anything in it
is read.
"""

from __future__ import annotations

import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _

from .columns import MAX_BYTES, MAX_ZIP_BYTES, MAX_ZIP_MEMBERS, MAX_ZIP_UNPACKED_BYTES

ZIP_CONTENT_TYPE = "application/zip"
# What a Mac adds when it makes a zip: never the officer's files.
_SYSTEM_PREFIXES = ("__macosx/",)


def image_key(name: str) -> str:
    """How an image is looked up: its file name alone, in lower case, its accents composed (a Mac zips them apart)."""
    return unicodedata.normalize("NFC", PurePosixPath(name.replace("\\", "/").strip()).name).casefold()


@dataclass(frozen=True)
class Upload:
    """What an officer uploaded: the workbook, and the images beside it by image_key (none for a bare .xlsx)."""

    workbook: File
    images: Mapping[str, File]
    packaged: bool


def open_upload(upload) -> Upload:
    """An .xlsx alone, or a .zip holding one .xlsx and its images; ValidationError for any other package."""
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".zip"):
        return Upload(upload, {}, packaged=False)
    if upload.size > MAX_ZIP_BYTES:
        raise ValidationError(
            _("Tệp .zip lớn hơn %(mb)d MB. Hãy chia câu hỏi và hình thành nhiều tệp nhỏ hơn.")
            % {"mb": MAX_ZIP_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        members = [member for member in archive.infolist() if not member.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ValidationError(_("Không đọc được tệp .zip: tệp bị hỏng hoặc không phải tệp .zip.")) from None
    members = [member for member in members if not _is_system_file(member.filename)]
    _check_members(members)
    workbooks = [member for member in members if member.filename.lower().endswith(".xlsx")]
    if len(workbooks) != 1:
        raise ValidationError(
            _("Tệp .zip phải có đúng một tệp Excel .xlsx (đang có %(n)d), cùng các hình mà tệp đó ghi tên.")
            % {"n": len(workbooks)}
        )
    book = workbooks[0]
    if book.file_size > MAX_BYTES:
        raise ValidationError(
            _("Tệp Excel trong tệp .zip lớn hơn %(mb)d MB. Hãy chia thành nhiều tệp nhỏ hơn.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    workbook = ContentFile(_read(archive, book, MAX_BYTES), name=PurePosixPath(book.filename).name)
    images = _ZipImages(archive, [member for member in members if member is not book])
    return Upload(workbook, images, packaged=True)


def _is_system_file(name: str) -> bool:
    lowered = name.replace("\\", "/").lower()
    return lowered.startswith(_SYSTEM_PREFIXES) or PurePosixPath(lowered).name.startswith("._")


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_ZIP_MEMBERS:
        raise ValidationError(
            _("Tệp .zip có %(n)d tệp; tối đa %(max)d (một tệp Excel và các hình).")
            % {"n": len(members), "max": MAX_ZIP_MEMBERS}
        )
    if sum(member.file_size for member in members) > MAX_ZIP_UNPACKED_BYTES:
        raise ValidationError(
            _("Nội dung tệp .zip quá lớn khi giải nén (tối đa %(mb)d MB).")
            % {"mb": MAX_ZIP_UNPACKED_BYTES // (1024 * 1024)}
        )
    seen: dict[str, str] = {}
    for member in members:
        path = member.filename.replace("\\", "/")
        if path.startswith("/") or ".." in PurePosixPath(path).parts or ":" in path:
            raise ValidationError(
                _("Tệp .zip có tên tệp không hợp lệ: “%(name)s”. Hãy nén lại các tệp, không dùng đường dẫn “..”.")
                % {"name": member.filename[:120]}
            )
        key = image_key(path)
        if key in seen:
            raise ValidationError(
                _("Tệp .zip có hai tệp cùng tên “%(name)s” (%(first)s và %(second)s). Hãy đổi tên một tệp.")
                % {"name": PurePosixPath(path).name, "first": seen[key], "second": path}
            )
        seen[key] = path


def _read(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    # Never more than ``limit`` (and one byte to know it is past): a member's declared size may lie.
    try:
        with archive.open(member) as handle:
            return handle.read(limit + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        raise ValidationError(
            _("Không đọc được “%(name)s” trong tệp .zip (tệp bị hỏng hoặc có mật khẩu).")
            % {"name": member.filename[:120]}
        ) from None


class _ZipImages(Mapping[str, File]):
    """The images of an uploaded .zip by image_key, each read from the archive only when asked for."""

    def __init__(self, archive: zipfile.ZipFile, members: Iterable[zipfile.ZipInfo]):
        self._archive = archive
        self._members = {image_key(member.filename): member for member in members}

    def __getitem__(self, key: str) -> File:
        member = self._members[key]
        limit = settings.QUESTION_IMAGE_MAX_BYTES
        # One byte past the limit is enough for questionbank.images to say "too large".
        return ContentFile(_read(self._archive, member, limit), name=PurePosixPath(member.filename).name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._members)

    def __len__(self) -> int:
        return len(self._members)


class FolderImages(Mapping[str, File]):
    """The images in a folder (the demo bank's ``hinh/``) by image_key, each opened only when asked for."""

    def __init__(self, folder: Path):
        files = folder.iterdir() if folder.is_dir() else ()
        self._paths = {image_key(path.name): path for path in files if path.is_file()}

    def __getitem__(self, key: str) -> File:
        path = self._paths[key]
        return ContentFile(path.read_bytes(), name=path.name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


def build_zip(workbook: bytes, workbook_name: str, images: Mapping[str, File]) -> File:
    """A .zip of the workbook and ``images`` (under "hinh/", by the names the workbook gives), in a temporary file.

    The images are already compressed: they are stored as they are.
    """
    package = tempfile.TemporaryFile()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr(workbook_name, workbook, compress_type=zipfile.ZIP_DEFLATED)
        for name, image in images.items():
            with image.open("rb") as handle, archive.open(f"hinh/{name}", "w") as target:
                while chunk := handle.read(1024 * 1024):
                    target.write(chunk)
    package.seek(0)
    return File(package, name=workbook_name.removesuffix(".xlsx") + ".zip")
