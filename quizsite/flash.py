"""Why a form posted from a page was refused, said on the page it returns to (Django's messages)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest


def flash_errors(request: HttpRequest, error: ValidationError | Form) -> None:
    """Each message of a service's ValidationError, or each error of a form (after its field's label)."""
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
        return
    for field, errors in error.errors.items():
        label = error.fields[field].label if field in error.fields else ""
        for message in errors:
            messages.error(request, f"{label}: {message}" if label else message)
