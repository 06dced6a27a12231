from django import forms

from apps.core.exceptions import ApplicationError


def add_service_error(form: forms.Form, exc: ApplicationError) -> None:
    """Show a service's error on the field it names, or at the top of the form."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.detail)
