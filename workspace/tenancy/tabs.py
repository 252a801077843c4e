"""The workspace's tabs. Areas append ``(order, endpoint, label)``; the header shows them sorted."""

from flask_babel import lazy_gettext as _l

TABS: list[tuple[int, str, object]] = [(10, "ws.show", _l("Overview"))]


def workspace_tabs() -> list[tuple[str, object]]:
    return [(endpoint, label) for _order, endpoint, label in sorted(TABS, key=lambda t: t[0])]
