"""The answer of a page part that htmx swaps in place: the partial to htmx, and to anything else (a
plain form post, a history restore, a page without JavaScript) the page it belongs to."""

from collections.abc import Callable, Iterable

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers


def partial_or(request, template_name: str, context: dict | Callable[[], dict], *, otherwise) -> HttpResponse:
    """`template_name` drawn with `context` (called only when drawn) for htmx, `otherwise()` for the
    rest. Both say `Vary: HX-Request`, so a cache never hands one to the other."""
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, template_name, context() if callable(context) else context)
    else:
        response = otherwise()
    patch_vary_headers(response, ("HX-Request",))
    return response


def partial_or_redirect(
    request, template_name: str, context: dict | Callable[[], dict], *, to: str, done: str = "", errors=()
) -> HttpResponse:
    """The partial for htmx; otherwise a redirect to `to`, with the errors as messages or, without
    any, `done` as the success message."""

    def back() -> HttpResponse:
        for error in errors:
            messages.error(request, error)
        if done and not errors:
            messages.success(request, done)
        return redirect(to)

    return partial_or(request, template_name, context, otherwise=back)


def form_errors(form: forms.Form) -> Iterable[str]:
    return [error for errors in form.errors.values() for error in errors]
