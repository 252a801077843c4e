"""Mail that loses nothing: every message goes into the ``outbox_mails`` table in the transaction of the
change that caused it, and a sender delivers it later, with retries.

- ``outbox.queue`` / ``send_mail``: write a message (not committed; the caller's request commits it, a
  rolled-back change sends nothing).
- ``sender.deliver_due``: deliver what is due (``flask mail send`` for cron, and after each request that
  queued mail in a background thread, so ``make run`` needs nothing more).
- ``message.build_message``: the standard library's ``EmailMessage`` with a plain-text and an HTML part;
  header values with line breaks or control characters are refused (``UnsafeHeader``).
Without ``MAIL_SERVER`` mails go to the log, and in development ``/dev/mail`` lists the last ones.
"""

from .message import UnsafeHeader
from .outbox import queue, send_mail
from .sender import deliver_due, outbox

__all__ = ["UnsafeHeader", "deliver_due", "outbox", "queue", "send_mail"]
