"""Every model, imported in one place for Flask-Migrate and the shell."""
from hotline.cases.models import Case, CaseCounter, CaseEvent, Extension, TagCorrection  # noqa: F401
from hotline.escalation.models import CaseClock, Escalation, Notification  # noqa: F401
from hotline.people.models import Town, Unit, User  # noqa: F401
from hotline.referral.models import IdentityView, Referral  # noqa: F401
from hotline.rules.models import RuleVersion  # noqa: F401
