"""The one way to say no: ``Refused``.

A service that will not do what it was asked raises ``Refused(status, message, field=None)``. It changes
nothing first (or the request rolls back), and it does not know about HTTP beyond the status the answer
carries: 403 the role does not allow it, 404 there is no such thing for the caller, 409 the state does not
allow it (now), 422 the input is at fault. ``core.respond.answer_refused`` is the only place that turns a
refusal into a response.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class Refused(Exception):
    """A refusal with its HTTP status and a message for the reader (already in the reader's language).

    ``field`` names the form field the message belongs to; ``fields`` carries several per-field messages at
    once. ``title`` is an optional heading and ``reasons`` a list of sentences shown under the message (the
    workflow's guards give several). ``code`` is a stable machine name for tests and callers. ``form`` is the
    bound form itself when a view refuses invalid input (``core.respond.invalid``), so that its region can
    show it again exactly as validated.
    """

    def __init__(self, status: int, message: str, field: str | None = None, *, title: str | None = None,
                 reasons: Iterable[str] = (), fields: Mapping[str, list[str]] | None = None,
                 code: str | None = None, form=None):
        self.status = status
        self.message = message
        self.title = title
        self.reasons = [str(r) for r in reasons]
        self.code = code
        self.fields: dict[str, list[str]] = {name: list(texts) for name, texts in (fields or {}).items()}
        if field is not None:
            self.fields.setdefault(field, []).append(message)
        self.field = field
        self.form = form
        super().__init__(message)

    def put_on(self, form):
        """Add the per-field messages to ``form``'s fields (unknown fields are ignored); returns the form."""
        for name, texts in self.fields.items():
            if name in form:
                form[name].errors = [*form[name].errors, *texts]
        return form

    def __repr__(self) -> str:
        return f"Refused({self.status}, {self.message!r}, field={self.field!r}, code={self.code!r})"
