"""The accounts area: signing up, logging in, one's profile, one's own data (AVG) and sessions."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.area import Area
from . import avg  # noqa: F401  (the personal-data pages are routes of the accounts blueprint)
from .email_change import bp as email_bp
from .password_reset import bp as password_bp
from .views import bp

AREA = Area(
    name="accounts",
    blueprints=(bp, password_bp, email_bp),
    feed_labels={
        "account.created": _l("created an account"),
        "account.password_changed": _l("changed their password"),
        "account.data_exported": _l("downloaded their own data"),
        "account.deleted": _l("deleted their account"),
        "account.sessions_ended": _l("logged out on every device"),
        "login.succeeded": _l("logged in"),
        "login.failed": _l("failed login: account %(fingerprint)s"),
        "member.left": _l("left the workspace"),
        "account.reset_requested": _l("asked for a link to set a new password"),
        "account.reset_unknown_address": _l("a link for a new password was asked for an address without an account "
                                            "(fingerprint %(fingerprint)s)"),
        "account.password_reset": _l("set a new password through a link"),
        "account.email_change_requested": _l("asked to change their e-mail address"),
        "account.email_changed": _l("changed their e-mail address"),
    },
    feed_words={"fingerprint": lambda value: value or _("deleted")},
)
