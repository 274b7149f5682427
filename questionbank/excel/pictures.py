"""The image a row names ("Hình ảnh"): found beside the workbook or fetched by URL, checked, then attached.

Every image is checked while the rows are (questionbank.images' rules: size,
format, a whole picture, not a decompression bomb), so a bad or missing
image is one more row error and nothing is saved. An image that several rows
name is checked once and made into phone-sized variants once: the questions
share the files, as versions of one question do.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext as _

from questionbank import images as question_images
from questionbank import services
from questionbank.models import Question

from . import fetching
from .archive import image_key
from .columns import MAX_IMAGE_URLS

# The time an import may spend fetching images by URL, all of them together: a page must answer.
URL_BUDGET_SECONDS = 30


class RowImages:
    """The images an import may use: ``images`` (by archive.image_key) beside the workbook, and URLs.

    ``packaged`` says whether the workbook came with its images (a .zip, the
    demo bank's folder), only to tell an author who uploaded a bare .xlsx
    how to send them. ``fetch`` is fetching.fetch_image unless a test says otherwise.
    """

    def __init__(
        self,
        images: Mapping[str, File],
        *,
        packaged: bool,
        fetch: Callable[[str], File] = fetching.fetch_image,
    ):
        self._images = images
        self._packaged = packaged
        self._fetch = fetch
        self._problems: dict[str, str] = {}
        self._fetched: dict[str, File] = {}
        # Every URL tried counts, fetched or not: a file of unreachable URLs must not hold the server for long.
        self._tried: set[str] = set()
        self._fetching_seconds = 0.0

    def problem(self, cell: str) -> str:
        """What is wrong with the image ``cell`` names ("" when it may be used), found once per image."""
        key = self._key(cell)
        if key not in self._problems:
            self._problems[key] = self._find_problem(cell.strip())
        return self._problems[key]

    def _key(self, cell: str) -> str:
        return cell.strip() if fetching.is_url(cell) else image_key(cell)

    def _find_problem(self, cell: str) -> str:
        try:
            question_images.check_upload(self._file(cell))
        except ValidationError as refused:
            return " ".join(refused.messages)
        return ""

    def _file(self, cell: str) -> File:
        """The image ``cell`` names, or ValidationError saying why there is none."""
        if fetching.is_url(cell):
            if cell not in self._fetched:
                if cell not in self._tried and len(self._tried) >= MAX_IMAGE_URLS:
                    raise ValidationError(
                        _("Mỗi lần nhập tải tối đa %(n)d hình theo đường dẫn; hãy gửi các hình khác trong tệp .zip.")
                        % {"n": MAX_IMAGE_URLS}
                    )
                if self._fetching_seconds > URL_BUDGET_SECONDS:
                    raise ValidationError(
                        _(
                            "Lần nhập này đã tải hình theo đường dẫn quá %(s)d giây; hãy gửi các hình còn lại "
                            "trong tệp .zip."
                        )
                        % {"s": URL_BUDGET_SECONDS}
                    )
                self._tried.add(cell)
                started = time.monotonic()
                try:
                    self._fetched[cell] = self._fetch(cell)
                finally:
                    self._fetching_seconds += time.monotonic() - started
            return self._fetched[cell]
        key = image_key(cell)
        if key in self._images:
            return self._images[key]
        if not self._packaged:
            raise ValidationError(
                _(
                    "Hình “%(name)s” phải được tải lên cùng tệp Excel: hãy nén tệp Excel và các hình vào một tệp "
                    ".zip rồi tải tệp .zip lên (hoặc ghi đường dẫn http(s) của hình)."
                )
                % {"name": cell[:120]}
            )
        raise ValidationError(
            _("Không thấy hình “%(name)s” trong tệp .zip (hệ thống tìm theo tên tệp, không phân biệt chữ hoa).")
            % {"name": cell[:120]}
        )

    def attach(self, pairs: Sequence[tuple[Question, str]]) -> None:
        """Give each saved question the image its row named (each image's variants made once)."""
        first: dict[str, Question] = {}
        for question, cell in pairs:
            if not cell:
                continue
            key = self._key(cell)
            if key not in first:
                first[key] = services.set_image(question=question, upload=self._file(cell.strip()))
                continue
            shared = first[key]
            # The same files as the first question that named this image: versions share theirs the same way.
            question.image, question.image_small = shared.image.name, shared.image_small.name
            question.save(update_fields=["image", "image_small", "updated_at"])
