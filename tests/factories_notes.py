"""Factories and checks for the notes and groundwork tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from workspace.extensions import db
from workspace.notes.models import Note
from workspace.notes.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS


def note(cast, *, title="Afspraken kennismaking", body="Wat we afspraken.", author=None, stage=None,
         internal_org=None, pinned=False) -> Note:
    """A note in ``cast.workspace``; ``internal_org`` makes it internal to that organisation."""
    author = author or cast.mentor_lead
    row = Note(workspace_id=cast.workspace.id, title=title, body=body, stage=stage, pinned=pinned,
               internal_org_id=internal_org.id if internal_org is not None else None,
               created_by_id=author.id, updated_by_id=author.id)
    db.session.add(row)
    db.session.commit()
    return row


def ws_url(cast, path: str) -> str:
    return f"/w/{cast.workspace.id}{path}"


# --- "renders inert" ---------------------------------------------------------------------------

XSS_CORPUS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](  javascript:alert(1) )",
    "[klik](&#106;avascript:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klik](vbscript:msgbox(1))",
    '<a href="/evil" hx-get="/evil" hx-trigger="load">x</a>',
    '<div hx-post="/evil" hx-trigger="load" hx-target="body" hx-swap="outerHTML">x</div>',
    '<button hx-delete="/evil" hx-confirm="no">x</button>',
    '<div data-hx-get="/evil" data-hx-trigger="load">x</div>',
    '<p onclick="alert(1)">x</p>',
    '<a href="javascript&colon;alert(1)">x</a>',
    "<style>body{display:none}</style>",
    '<form action="/evil"><input name="x"></form>',
    '"><script>alert(1)</script>',
    "<details open ontoggle=alert(1)>",
    '[x](https://example.org" onmouseover="alert(1))',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<object data=/evil></object>",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=/evil">',
    "{{ 7*7 }} {% raw %}",
    "<!-- <script>alert(1)</script> -->",
    "[ref]: javascript:alert(1)\n\n[ref]",
    "<https://evil.example/\" hx-get=\"/evil>",
    "`<script>alert(1)</script>`",
]

_DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "img", "style", "base", "meta", "link",
                   "details", "input", "textarea", "select", "button", "form", "video", "audio", "frame"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.script_text.append(data)


def collect(html: str) -> _Collector:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser


URL_ATTRIBUTES = {"href", "src", "action", "data", "formaction", "content", "srcdoc", "xlink:href"}


def assert_page_inert(html: str) -> None:
    """No payload became markup anywhere on the page: no inline script, no on* handler or style attribute,
    no javascript: URL, no embedded frame/image/svg, no htmx attribute or URL pointing at the payload's
    ``/evil``. (Text attributes such as (data-)hx-confirm or a hidden input's value may quote the payload.)"""
    parsed = collect(html)
    assert not parsed.script_text, parsed.script_text
    for tag, attrs in parsed.tags:
        assert tag not in ("iframe", "object", "embed", "svg", "math", "img", "base", "frame"), (tag, attrs)
        if tag == "script":
            assert (dict(attrs).get("src") or "").startswith("/static/"), attrs
        for name, value in attrs:
            value = (value or "").strip().lower()
            assert not name.startswith("on"), (tag, name, value)
            assert name != "style", (tag, name)
            if name in URL_ATTRIBUTES or (name.startswith(("hx-", "data-hx-")) and name not in ("hx-confirm", "data-hx-confirm")):
                assert "javascript:" not in value and "vbscript:" not in value, (tag, name, value)
                assert "/evil" not in value and "evil.example" not in value, (tag, name, value)


NOTE_BODY_RE = re.compile(r'<div class="note-body" data-hx-disable>(.*?)</div>', re.S)


def assert_note_bodies_clean(html: str) -> int:
    """Every rendered note body holds only allow-listed tags and attributes; returns how many were found."""
    bodies = NOTE_BODY_RE.findall(html)
    for body in bodies:
        for tag, attrs in collect(body).tags:
            assert tag in ALLOWED_TAGS, (tag, body)
            assert tag not in _DANGEROUS_TAGS
            allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
            for name, value in attrs:
                assert name in allowed, (tag, name, body)
                if name == "href":
                    assert value.startswith(("http://", "https://", "mailto:")), value
                if name == "rel":
                    assert value == "noopener noreferrer nofollow"
    return len(bodies)


def switch_user(client, login_as, user):
    """Log the client out and in as ``user`` (logging in while logged in keeps the first user)."""
    assert client.post("/logout").status_code in (302, 303)
    return login_as(user)
