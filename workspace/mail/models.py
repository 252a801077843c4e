"""The outbox: one row per message, from queued to sent (or failed after the give-up time)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db


class MailStatus:
    QUEUED = "queued"
    SENDING = "sending"  # claimed by one sender; a crashed sender's claim lapses after MAIL_CLAIM_SECONDS
    SENT = "sent"
    FAILED = "failed"  # given up: a permanent refusal, or still undelivered after MAIL_GIVE_UP_HOURS


class OutboxMail(db.Model):
    """A message to deliver. The body is rendered when queued (in the reader's language), so the sender
    needs no request and no templates. Bodies of ``sensitive`` mails (reset and confirmation links) are
    blanked once delivered or given up."""

    __tablename__ = "outbox_mails"
    __table_args__ = (
        CheckConstraint("status IN ('queued','sending','sent','failed')", name="status_known"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="sent_iff_sent_at"),
        Index("ix_outbox_mails_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    to_address: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text, default="")
    html_body: Mapped[str] = mapped_column(Text, default="")
    list_unsubscribe: Mapped[str] = mapped_column(String(500), default="")
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default=MailStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    transport: Mapped[str] = mapped_column(String(10), default="")  # "smtp", or "log" without MAIL_SERVER
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} {self.kind} {self.status}>"
