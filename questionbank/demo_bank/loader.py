"""Load the demo bank's workbook as approved questions of one unit, through the officer's Excel import.

The workbook is read, checked and saved by questionbank.excel, as an upload
is (all or nothing, the same row-by-row report), its questions sent to
review as "Gửi duyệt ngay" does, then approved, so the review trail reads as
it would for a real import and every demo run proves the import. The
images its rows name are in ``hinh/`` beside the workbook: the import takes
them as it takes those of an uploaded .zip.
Running it again adds only the rows whose question text the unit does not
have yet.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from questionbank import services as qb
from questionbank.excel import importing
from questionbank.excel.archive import FolderImages
from questionbank.excel.columns import COL_TEXT, norm
from questionbank.excel.pictures import RowImages
from questionbank.excel.reading import cell_text, read_rows
from questionbank.models import Question
from quizsite.accounts.models import Unit, User

# The demo bank: every question of the six root topics, in the import's own format.
WORKBOOK = Path(__file__).resolve().parent / "ngan-hang-cau-hoi-mau.xlsx"
# The images its rows name ("Hình ảnh"), by file name: the folder beside a workbook.
IMAGES = "hinh"


def read(path: Path | None = None) -> list[tuple[int, dict[str, object]]]:
    """The workbook's rows (the demo bank's unless ``path``) as the import reads an upload: (row, {column: value})."""
    path = path or WORKBOOK
    with path.open("rb") as handle:
        rows, _examples = importing.split_examples(read_rows(File(handle, name=path.name)))
    return rows


@transaction.atomic
def load(*, unit: Unit, author: User, reviewer: User, path: Path | None = None) -> int:
    """Create the demo questions ``unit`` does not have yet; return how many were created.

    A workbook the import refuses stops the load, and nothing is saved: a
    ValidationError with the import's own report, one message per problem.
    The images are those of the ``hinh`` folder beside the workbook.
    """
    path = path or WORKBOOK
    try:
        rows = read(path)
    except ValidationError as refused:
        raise ValidationError([f"{path.name}: {message}" for message in refused.messages]) from None
    existing = {norm(text) for text in Question.objects.filter(unit=unit).values_list("text", flat=True)}
    rows = [(number, values) for number, values in rows if norm(cell_text(values.get(COL_TEXT))) not in existing]
    if not rows:
        return 0
    images = RowImages(FolderImages(path.parent / IMAGES), packaged=True)
    checked, errors = importing.check_rows(rows, unit=unit, images=images)
    if errors:
        raise ValidationError(
            [f"{path.name}: {len(errors)} lỗi, không câu hỏi nào được lưu."] + [str(error) for error in errors]
        )
    questions = importing.save_rows(author=author, unit=unit, rows=checked, submit=True, images=images)
    for question in questions:
        qb.approve(question=question, reviewer=reviewer)
    return len(questions)
