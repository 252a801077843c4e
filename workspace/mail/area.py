"""The mail outbox: queued mail, its delivery, and the pages that show it (/admin/mail, /dev/mail)."""

from ..core.area import Area
from .cli import mail_group
from .views import bp

AREA = Area(name="mail", blueprints=(bp,), cli=mail_group)
