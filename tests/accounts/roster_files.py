"""Roster files for the import tests: rows in the template's columns, written as an officer's upload."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from quizsite import workbooks
from quizsite.accounts.roster.template import roster_workbook


def member(
    name: str,
    phone: str,
    *,
    unit: str = "Xã An Bình",
    hamlet: str = "Ấp 1",
    team: str = "Tổ CNS Ấp 1",
    role: str = "Thành viên",
    affiliation: str = "Khác",
    youth: str = "Không",
    officer: str = "Không",
) -> tuple:
    return (unit, hamlet, team, name, phone, role, affiliation, youth, officer)


def upload(rows, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, roster_workbook(rows), content_type=workbooks.CONTENT_TYPE)
