from hotline.extensions import db
from hotline.timeutil import UTCDateTime, utcnow


class RuleVersion(db.Model):
    """One saved version of the tagging rules and dictionary. Insert-only: a rollback
    saves an old version again as the newest one, so the history stays complete."""

    __tablename__ = "rule_versions"
    id = db.Column(db.Integer, primary_key=True)
    rules = db.Column(db.JSON, nullable=False)
    words = db.Column(db.Text, nullable=False)  # jieba user dictionary, one "word [freq] [tag]" a line
    note = db.Column(db.String(200), nullable=False)
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    created_by = db.relationship("User")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    rolled_back_from = db.Column(db.Integer, nullable=True)
