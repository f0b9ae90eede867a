import sqlalchemy as sa

from hotline.extensions import db
from hotline.timeutil import UTCDateTime, utcnow

CHANNELS = ["热线电话", "12345转办", "来访", "来信", "网上"]
KINDS = ["咨询", "求助", "投诉", "举报", "建议"]

STATUS_LABELS = {
    "dispatched": "已派单",
    "acknowledged": "已签收",
    "in_progress": "办理中",
    "returned": "已退单",
    "closed": "已办结",
    "called_back": "已回访",
}
OPEN_STATUSES = ("dispatched", "acknowledged", "in_progress", "returned")
SATISFACTION = ["满意", "基本满意", "不满意"]


class Case(db.Model):
    __tablename__ = "cases"
    id = db.Column(db.Integer, primary_key=True)
    case_no = db.Column(db.String(32), unique=True, nullable=False)
    received_at = db.Column(UTCDateTime, nullable=False)
    channel = db.Column(db.String(20), nullable=False)
    kind = db.Column(db.String(10), nullable=False)

    caller_name = db.Column(db.String(40), nullable=True)  # empty: 匿名
    caller_phone = db.Column(db.String(20), nullable=True, index=True)
    caller_id_number = db.Column(db.String(18), nullable=True, index=True)
    town_id = db.Column(db.Integer, db.ForeignKey("towns.id"), nullable=False)
    town = db.relationship("Town")
    village = db.Column(db.String(40), nullable=True)
    text = db.Column(db.Text, nullable=False)

    categories = db.Column(db.JSON, nullable=False, default=list)
    evidence = db.Column(db.JSON, nullable=False, default=dict)
    urgent = db.Column(db.Boolean, nullable=False, default=False)
    serious = db.Column(db.Boolean, nullable=False, default=False)
    tags_corrected = db.Column(db.Boolean, nullable=False, default=False)

    unit_id = db.Column(db.Integer, db.ForeignKey("units.id"), nullable=True, index=True)
    unit = db.relationship("Unit")
    route_reason = db.Column(db.String(200), nullable=True)
    recused = db.Column(db.Boolean, nullable=False, default=False)

    status = db.Column(db.String(20), nullable=False, default="dispatched", index=True)
    ack_due = db.Column(UTCDateTime, nullable=True)
    close_due = db.Column(UTCDateTime, nullable=True)
    acknowledged_at = db.Column(UTCDateTime, nullable=True)
    closed_at = db.Column(UTCDateTime, nullable=True)
    findings = db.Column(db.Text, nullable=True)
    reply = db.Column(db.Text, nullable=True)
    callback_due = db.Column(UTCDateTime, nullable=True)
    callback_at = db.Column(UTCDateTime, nullable=True)
    satisfaction = db.Column(db.String(10), nullable=True)
    return_reason = db.Column(db.Text, nullable=True)
    # how many matters from this caller or on this subject within 90 days, this one included
    repeat_count = db.Column(db.Integer, nullable=False, default=1, server_default="1")

    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    created_by = db.relationship("User", foreign_keys=[created_by_id])
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    events = db.relationship(
        "CaseEvent", back_populates="case", order_by="CaseEvent.id", lazy="selectin"
    )

    __table_args__ = (
        sa.Index("ix_cases_open_ack_due", "ack_due"),
        sa.Index("ix_cases_open_close_due", "close_due"),
        sa.Index("ix_cases_callback_due", "callback_due"),
        sa.Index("ix_cases_town_received", "town_id", "received_at"),
    )

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def anonymous(self):
        return not (self.caller_name or "").strip()


class CaseEvent(db.Model):
    """One line of a case's history. Rows are only ever inserted."""

    __tablename__ = "case_events"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False, index=True)
    case = db.relationship("Case", back_populates="events")
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    actor_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    actor = db.relationship("User")
    action = db.Column(db.String(40), nullable=False)
    note = db.Column(db.Text, nullable=True)
    data = db.Column(db.JSON, nullable=True)


class TagCorrection(db.Model):
    """A person's correction of the tagger's categories or flags on a case."""

    __tablename__ = "tag_corrections"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False, index=True)
    case = db.relationship("Case")
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    user = db.relationship("User")
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    before = db.Column(db.JSON, nullable=False)
    after = db.Column(db.JSON, nullable=False)


class CaseCounter(db.Model):
    """Last serial number handed out per (Asia/Shanghai) day, for LL-YYYYMMDD-NNNN."""

    __tablename__ = "case_counters"
    day = db.Column(db.String(8), primary_key=True)
    last = db.Column(db.Integer, nullable=False, default=0)


class Extension(db.Model):
    """A handler's request for more time to close a case, and the supervisor's decision."""

    __tablename__ = "extensions"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False, index=True)
    case = db.relationship("Case", backref=db.backref("extensions", order_by="Extension.id"))
    workdays = db.Column(db.Integer, nullable=False)
    reason = db.Column(db.Text, nullable=False)
    requested_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    requested_by = db.relationship("User", foreign_keys=[requested_by_id])
    requested_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    approved = db.Column(db.Boolean, nullable=True)  # None while pending
    decided_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    decided_by = db.relationship("User", foreign_keys=[decided_by_id])
    decided_at = db.Column(UTCDateTime, nullable=True)
    note = db.Column(db.Text, nullable=True)
