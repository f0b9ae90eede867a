"""Load, save and activate rule versions. The newest version is the active one.

Every process (web workers, RQ worker) checks at most every few seconds whether a
newer version was saved, so an admin's change reaches all of them without restarts.
"""
import json
import time

import sqlalchemy as sa

from hotline.extensions import db
from hotline.rules.models import RuleVersion
from hotline.tagging import load_default_rules, set_active, validate_rules
from hotline.tagging.rules import parse_words

CHECK_EVERY = 5.0  # seconds
_state = {"version": None, "checked": 0.0}


def latest():
    return db.session.query(RuleVersion).order_by(RuleVersion.id.desc()).first()


def current_rules():
    """(rules, words text, version or None) in force now."""
    version = latest()
    if version is None:
        rules, words = load_default_rules()
        return rules, "\n".join(words), None
    return version.rules, version.words, version


def activate_saved_rules(force=False):
    """Make this process's tagger use the newest saved version (cheap when unchanged)."""
    now = time.monotonic()
    if not force and now - _state["checked"] < CHECK_EVERY:
        return False
    _state["checked"] = now
    newest = db.session.execute(sa.select(sa.func.max(RuleVersion.id))).scalar()
    if newest == _state["version"] and not force:
        return False
    if newest is None:
        rules, words = load_default_rules()
    else:
        version = db.session.get(RuleVersion, newest)
        rules, words = version.rules, parse_words(version.words.splitlines())
    set_active(rules, words)
    _state["version"] = newest
    return True


def parse_rules_text(text):
    """(rules, errors) from the admin's JSON text; errors are Chinese messages."""
    try:
        rules = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [f"规则不是合法的JSON：第{exc.lineno}行第{exc.colno}列，{exc.msg}"]
    if not isinstance(rules, dict):
        return None, ["规则应为一个JSON对象"]
    return rules, validate_rules(rules)


def save_version(rules, words_text, actor, note, rolled_back_from=None):
    version = RuleVersion(rules=rules, words=words_text.strip() + "\n", note=note.strip() or "修改规则",
                          created_by=actor, rolled_back_from=rolled_back_from)
    db.session.add(version)
    db.session.flush()
    return version
