"""The digest log: which person got their daily digest on which day (keeps ``send-digests`` idempotent)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db


class DigestLog(db.Model):
    """One digest mail sent to one person for one (local) day; the unique key makes a second send impossible."""

    __tablename__ = "digest_logs"
    __table_args__ = (
        UniqueConstraint("user_id", "day", name="uq_digest_logs_user_day"),
        CheckConstraint("items >= 0", name="items_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    items: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # queued in the outbox at
    # The digest mail in the outbox: the day is done for this person only while it is not given up.
    mail_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_mails.id", ondelete="SET NULL"))
