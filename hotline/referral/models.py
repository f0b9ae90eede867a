from hotline.extensions import db
from hotline.timeutil import UTCDateTime, utcnow

DISPOSITIONS = ["谈话函询", "初步核实", "暂存待查", "予以了结", "移送审查调查", "退回承办"]


class Referral(db.Model):
    """A case in the liaison's queue. One per case; later reasons are added to it."""

    __tablename__ = "referrals"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False, unique=True)
    case = db.relationship("Case", backref=db.backref("referral", uselist=False))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    # [{"kind": "serious"|"overdue"|"second_supervision"|"report"|"repeat", "text": "...", "at": iso}]
    reasons = db.Column(db.JSON, nullable=False, default=list)
    disposition_due = db.Column(UTCDateTime, nullable=True, index=True)
    disposition = db.Column(db.String(20), nullable=True)
    disposition_note = db.Column(db.Text, nullable=True)
    disposed_at = db.Column(UTCDateTime, nullable=True)
    disposed_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    disposed_by = db.relationship("User")
    # Real-name reporters are told of acceptance and of the outcome (15 working days each).
    acceptance_notice_due = db.Column(UTCDateTime, nullable=True)
    acceptance_notified_at = db.Column(UTCDateTime, nullable=True)
    outcome_notice_due = db.Column(UTCDateTime, nullable=True)
    outcome_notified_at = db.Column(UTCDateTime, nullable=True)


class IdentityView(db.Model):
    """Every time someone was shown a reporter's identity. Insert-only."""

    __tablename__ = "identity_views"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    user = db.relationship("User")
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)
