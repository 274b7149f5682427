"""How a page shows a service's refusal (a ValidationError): on the form, or as messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest


def on_form(form: Form, error: ValidationError) -> None:
    """Put the refusal on the form: on its field when it names one the form has."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def as_messages(request: HttpRequest, error: ValidationError) -> None:
    """Each message of the refusal at the top of the next page."""
    for message in error.messages:
        messages.error(request, message)
