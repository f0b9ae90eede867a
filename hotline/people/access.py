"""Who may see and do what. Enforced on every route, not only by hiding links."""
from functools import wraps

import sqlalchemy as sa
from flask import abort
from flask_login import current_user, login_required

from hotline.cases.models import Case
from hotline.extensions import db


def roles_required(*roles):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def case_query_for(user):
    """Cases the user may see, as a query."""
    q = db.session.query(Case)
    if user.role == "handler":
        return q.filter(Case.unit_id == user.unit_id)
    if user.role == "liaison":
        from hotline.referral.models import Referral

        return q.filter(Case.id.in_(db.session.query(Referral.case_id)))
    if user.role in ("operator", "supervisor", "admin"):
        return q
    return q.filter(sa.false())


def case_or_404(user, case_id):
    """The case if the user may see it; 404 otherwise (never reveal it exists)."""
    case = case_query_for(user).filter(Case.id == case_id).first()
    if case is None:
        abort(404)
    return case


def sees_full_identity(user, case):
    """Operators log the call and call back; the liaison may see it, and each view is logged."""
    return user.role in ("operator", "admin", "liaison")


def sees_reporter_name(user, case):
    """The name of a whistle-blower (举报) is withheld from handling units."""
    if case.kind == "举报" and user.role == "handler":
        return False
    return True
