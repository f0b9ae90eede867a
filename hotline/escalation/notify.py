"""In-app notifications (the bell) and who receives which."""
import sqlalchemy as sa

from hotline.escalation.models import Notification
from hotline.extensions import db
from hotline.people.models import User


class Recipients:
    """Active users by role and unit, loaded once per sweep."""

    def __init__(self, users, deferred=False):
        self.users = users
        self.deferred = deferred  # collect rows and insert them in one statement at flush()
        self.pending = []

    @classmethod
    def load(cls, deferred=False):
        users = db.session.execute(sa.select(User.id, User.role, User.unit_id).where(User.active)).all()
        return cls(users, deferred)

    def _ids(self, role, unit_id=None, any_unit=False):
        return [u.id for u in self.users
                if u.role == role and (any_unit or u.unit_id is None or u.unit_id == unit_id)]

    def for_reminder(self, case, clock):
        if clock == "callback":
            return self._ids("operator", any_unit=True)
        if clock == "disposition":
            return self._ids("liaison", any_unit=True)
        return [u.id for u in self.users if u.role == "handler" and u.unit_id == case.unit_id]

    def for_supervision(self, case, clock):
        if clock == "disposition":
            return self._ids("liaison", any_unit=True)
        # supervisors of the case's unit; a supervisor without a unit oversees all units
        return self._ids("supervisor", case.unit_id)

    def for_repeat(self, case):
        return self._ids("supervisor", case.unit_id)

    def liaisons(self):
        return self._ids("liaison", any_unit=True)

    def notify(self, user_ids, case, kind, message, at):
        self.pending.extend({"user_id": uid, "case_id": case.id, "kind": kind, "message": message[:300],
                             "created_at": at} for uid in user_ids)
        if not self.deferred:
            self.flush()

    def flush(self):
        if self.pending:
            db.session.execute(sa.insert(Notification.__table__), self.pending)
            self.pending = []


def unread_count(user):
    return db.session.query(sa.func.count(Notification.id)).filter(
        Notification.user_id == user.id, Notification.read_at.is_(None)).scalar()
