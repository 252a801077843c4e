"""The dashboard: the home page of logged-in people, their workspace list, starting a workspace, the daily
digest and its setting."""

from flask_babel import lazy_gettext as _l

from ..core.area import Area
from . import workspaces
from .cli import send_digests_command
from .views import bp, digest_settings_form

AREA = Area(
    name="dashboard",
    blueprints=(bp, workspaces.old_bp),
    cli=send_digests_command,
    template_globals={"digest_settings_form": digest_settings_form},
    feed_labels={
        "account.digest_on": _l("switched the daily digest e-mail on"),
        "account.digest_off": _l("switched the daily digest e-mail off"),
        "workspace.created": _l("started the workspace “%(title)s”"),
    },
)
