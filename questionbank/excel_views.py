"""Excel pages: download the template, import a file, export the bank."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from quizsite import workbooks
from quizsite.accounts.fields import UnitChoiceField
from quizsite.accounts.models import RoleAssignment, Unit
from quizsite.accounts.permissions import require_role

from .excel import archive, columns, importing, writing
from .models import Question

Role = RoleAssignment.Role
# Errors shown on the page; the count above the table says how many there are in all.
MAX_ERRORS_SHOWN = 500


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx), hoặc tệp .zip gồm tệp Excel và các hình"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.zip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/zip"
            }
        ),
    )
    submit = forms.BooleanField(
        label=gettext_lazy("Gửi duyệt ngay"),
        required=False,
        help_text=gettext_lazy("Nếu không chọn, các câu hỏi được lưu ở trạng thái Bản nháp."),
    )

    def __init__(self, *args, units: list[Unit], initial_unit: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only units inside the author's subtrees can be chosen, so a forged
        # value for another commune is refused like any invalid choice.
        self.fields["unit"] = UnitChoiceField(
            label=_("Nhập vào đơn vị"),
            queryset=Unit.objects.within_any(units).order_by("path"),
            base_depth=min(unit.depth for unit in units),
            initial=initial_unit or units[0].pk,
            empty_label=None,
        )
        self.order_fields(["unit", "file", "submit"])


@login_required
@require_GET
def download_template(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.AUTHOR, Role.REVIEWER)
    return workbooks.download(writing.build_template(), "mau-nhap-cau-hoi.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def import_questions(request: HttpRequest) -> HttpResponse:
    units = require_role(request.user, Role.AUTHOR)
    # After a success the page comes back with the same unit chosen.
    form = ImportForm(request.POST or None, request.FILES or None, units=units, initial_unit=request.GET.get("unit"))
    errors: list[importing.RowError] = []
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        submit = form.cleaned_data["submit"]
        try:
            imported = importing.import_questions(
                author=request.user, unit=unit, upload=form.cleaned_data["file"], submit=submit
            )
        except importing.ImportRejected as rejected:
            errors = rejected.errors
        except ValidationError as refused:
            form.add_error("file", refused)
        else:
            status = Question.Status.IN_REVIEW if submit else Question.Status.DRAFT
            link = reverse("questionbank:list") + "?" + urlencode({"unit": unit.pk, "status": status})
            done = _("Đã nhập %(count)d câu hỏi vào “%(unit)s”.") % {
                "count": len(imported.questions),
                "unit": unit.name,
            }
            if imported.skipped_examples:
                done += " " + _("Đã bỏ qua %(count)d dòng ví dụ của tệp mẫu (dòng %(rows)s).") % {
                    "count": len(imported.skipped_examples),
                    "rows": ", ".join(str(number) for number in imported.skipped_examples),
                }
            messages.success(request, format_html('{} <a href="{}">{}</a>', done, link, _("Xem các câu hỏi này")))
            return redirect(reverse("questionbank:excel_import") + f"?unit={unit.pk}")
    return render(
        request,
        "questionbank/excel_import.html",
        {
            "form": form,
            "errors": errors[:MAX_ERRORS_SHOWN],
            "error_count": len(errors),
            "error_rows": len({error.row for error in errors}),
            "max_rows": columns.MAX_ROWS,
            "max_mb": columns.MAX_BYTES // (1024 * 1024),
            "max_zip_mb": columns.MAX_ZIP_BYTES // (1024 * 1024),
        },
    )


@login_required
@require_GET
def export_questions(request: HttpRequest) -> HttpResponse:
    """The bank as an .xlsx; as a .zip of the workbook and the images its "Hình ảnh" column names when there are any."""
    questions = list(writing.questions_to_export(user=request.user, params=request.GET))
    filename = f"cau-hoi-{timezone.localdate():%Y-%m-%d}.xlsx"
    workbook = writing.build_export(questions)
    images = writing.export_images(questions)
    if not images:
        return workbooks.download(workbook, filename)
    package = archive.build_zip(workbook, filename, images)
    return FileResponse(package, as_attachment=True, filename=package.name, content_type=archive.ZIP_CONTENT_TYPE)
