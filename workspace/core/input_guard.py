"""Hostile input stops at the door: control characters and numbers no column can hold.

A NUL byte reaches PostgreSQL as a query parameter and makes it refuse the whole statement (a 500 where a
search box was all the attacker needed); other control characters are invisible in every page that later
shows them. Three layers, each for what it knows best:

- ``refuse_control_characters`` (before every request, static files included): 400 when the address — the
  path, a query parameter's name or value — holds any control character. Nobody types one into an address
  bar or a search box.
- ``BaseForm`` (workspace/forms.py) refuses a control character in a form field with a 422 and the message
  next to that field, so the person keeps what they typed.
- ``refuse_control_parameters`` (before every SQL statement a request sends): a 422 when a string parameter
  holds a control character other than tab, line feed and carriage return — whatever the source: a view
  that reads ``request.form`` itself, an uploaded file, a header. Nothing of the kind reaches the database.

``INT_MIN``/``INT_MAX`` bound the numbers a form may post for an integer column (the ``INTEGER`` of
PostgreSQL and of the migrations): ``BaseForm`` refuses anything outside, so a huge hidden ``version`` is a
422 on both databases instead of an overflow inside the driver.
"""

from __future__ import annotations

import re

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.exceptions import default_exceptions

INT_MIN = -(2**31)
INT_MAX = 2**31 - 1

#: every C0 control character and DEL
ADDRESS_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: the same, but tab, line feed and carriage return are the ordinary content of a text area
FORM_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_form_control_chars(text: str) -> bool:
    """True when ``text`` holds a control character that no form field should carry."""
    return bool(FORM_CONTROL.search(text))


def in_int_range(value: int) -> bool:
    return INT_MIN <= value <= INT_MAX


def refusal(status: int, detail):
    """The HTTP error for ``status`` with our own words (shown by core.errors instead of the default)."""
    error = default_exceptions[status](description=str(detail))
    error._mentorbrug_detail = True  # core.errors shows this description instead of the default text
    return error


def init_app(app) -> None:
    """Called once by create_app, before the other request hooks: nothing else reads the request first."""
    app.before_request(refuse_control_characters)
    if not event.contains(Engine, "before_cursor_execute", refuse_control_parameters):
        event.listen(Engine, "before_cursor_execute", refuse_control_parameters)


def refuse_control_characters() -> None:
    """before_request: see the module docstring."""
    if ADDRESS_CONTROL.search(request.path) or any(
        ADDRESS_CONTROL.search(key) or ADDRESS_CONTROL.search(value)
        for key, value in request.args.items(multi=True)
    ):
        raise refusal(400, _l("The address contains invisible control characters. Remove them and try again."))


def refuse_control_parameters(conn, cursor, statement, parameters, context, executemany) -> None:
    """SQLAlchemy's before_cursor_execute, within a request only (the CLI and migrations write what they
    are given): see the module docstring."""
    if not has_request_context() or not parameters:
        return
    if any(isinstance(value, str) and FORM_CONTROL.search(value) for value in _values(parameters)):
        raise refusal(422, _l(
            "What you sent contains invisible control characters (for example from copying out of "
            "another program). Remove them and try again."
        ))


def _values(parameters):
    """Every value of a statement's parameters: a dict or a sequence, or (executemany, and the batched
    INSERTs of SQLAlchemy) a sequence of those."""
    for item in parameters.values() if isinstance(parameters, dict) else parameters:
        if isinstance(item, dict):
            yield from item.values()
        elif isinstance(item, list | tuple):
            yield from item
        else:
            yield item
