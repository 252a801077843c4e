"""Markdown to safe HTML for notes.

Two layers: markdown-it renders CommonMark with raw HTML switched off (so ``<script>`` stays text), then
nh3 keeps only an allow-list of tags and attributes. No ``hx-*``, ``on*``, ``style`` or ``class`` attribute
survives, links only point to http(s) or mailto and carry ``rel="noopener noreferrer nofollow"``. Templates
still wrap the result in an element with ``hx-disable``, so htmx never acts on note content.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
    "h3", "h4", "h5", "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"

# Images are off: a note is text, and an image URL could track who reads it.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")

# A note lives under the page's h1/h2: its own headings start at h3.
_HEADING_SHIFT = {"h1": "h3", "h2": "h4", "h3": "h5", "h4": "h6", "h5": "h6", "h6": "h6"}


def sanitise_html(html: str) -> str:
    """Keep only the allow-list; everything else is dropped (tags) or removed with its content (script)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        url_relative="deny",
        strip_comments=True,
    )


def render_markdown(text: str | None) -> Markup:
    """Anyone may call it: the note body as sanitised HTML, safe to put in a template as is."""
    if not text:
        return Markup("")
    tokens = _md.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_SHIFT.get(token.tag, token.tag)
    html = _md.renderer.render(tokens, _md.options, {})
    return Markup(sanitise_html(html))  # noqa: S704 - sanitised just above
