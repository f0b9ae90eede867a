import sqlalchemy as sa

from hotline.extensions import db
from hotline.timeutil import UTCDateTime, utcnow

LEVELS = {"reminder": "工作提示", "supervision": "督办", "referral": "移交纪检"}
CLOCK_LABELS = {"ack": "签收", "close": "办结", "callback": "回访", "disposition": "线索处置"}


class Escalation(db.Model):
    """One rung reached on one clock of one case. The unique key makes it happen once."""

    __tablename__ = "escalations"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False)
    case = db.relationship("Case", backref=db.backref("escalations", lazy="selectin"))
    clock = db.Column(db.String(20), nullable=False)
    level = db.Column(db.String(20), nullable=False)
    due_at = db.Column(UTCDateTime, nullable=False)
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    overdue_workdays = db.Column(db.Integer, nullable=False, default=0)
    unit_id = db.Column(db.Integer, db.ForeignKey("units.id"), nullable=True)
    unit = db.relationship("Unit")

    __table_args__ = (sa.UniqueConstraint("case_id", "clock", "level", name="uq_escalation_once"),)


class Notification(db.Model):
    """In-app notification (the bell)."""

    __tablename__ = "notifications"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    user = db.relationship("User")
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=True)
    case = db.relationship("Case")
    kind = db.Column(db.String(20), nullable=False)
    message = db.Column(db.String(300), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    read_at = db.Column(UTCDateTime, nullable=True)

    __table_args__ = (sa.Index("ix_notifications_unread", "user_id", "read_at"),)


class CaseClock(db.Model):
    """A running clock on a case. The sweep reads only clocks whose next_check_at has come,
    through an index, so its cost grows with the number of due clocks, not of cases."""

    __tablename__ = "case_clocks"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False)
    case = db.relationship("Case", backref=db.backref("clocks", lazy="selectin"))
    clock = db.Column(db.String(20), nullable=False)  # ack | close | callback | disposition | refer
    started_at = db.Column(UTCDateTime, nullable=False)
    due_at = db.Column(UTCDateTime, nullable=False)
    next_check_at = db.Column(UTCDateTime, nullable=True)
    stopped_at = db.Column(UTCDateTime, nullable=True)

    __table_args__ = (
        sa.UniqueConstraint("case_id", "clock", name="uq_case_clock"),
        sa.Index("ix_case_clocks_next_check", "next_check_at"),
    )
