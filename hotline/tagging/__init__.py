"""Complaint tagger for the social-assistance hotline (plain Python: no Flask, no database).

    from hotline.tagging import classify
    r = classify(text)
    r.categories, r.urgent, r.serious, r.evidence

``set_active(rules, words)`` swaps the process-wide tagger used by ``classify``
(the app loads admin-edited rules and calls it); ``Tagger(rules, words)`` builds
a throwaway tagger for previews without touching the active one.
"""
from __future__ import annotations

import threading

from .engine import Tagger, TagResult
from .rules import CATEGORIES, FLAGS, load_default_rules, validate_rules

__all__ = ["CATEGORIES", "FLAGS", "Tagger", "TagResult", "classify", "get_active",
           "load_default_rules", "preload", "set_active", "validate_rules"]

_lock = threading.Lock()
_active: Tagger | None = None
_installed: dict[str, tuple] = {}   # word -> previous jieba state (None = was not in the dictionary)


def _install_words(words):
    """Make the global jieba dictionary hold exactly the active tagger's user words."""
    from .engine import _get_jieba
    jieba = _get_jieba()
    jieba.initialize()
    dt = jieba.dt
    wanted = {}
    for line in words:
        parts = line.split()
        w = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        wanted[w] = (freq, tag)
    with _lock:
        for w in list(_installed):
            if w not in wanted:
                prev = _installed.pop(w)
                if prev is None:
                    jieba.del_word(w)
                else:
                    dt.add_word(w, prev[0])
        for w, (freq, tag) in wanted.items():
            if w not in _installed:
                old = dt.FREQ.get(w)
                _installed[w] = (old,) if old else None
            dt.add_word(w, freq, tag)


def set_active(rules: dict, words=()) -> Tagger:
    """Build a tagger from rules/words and make it the one ``classify`` uses.

    Raises ValueError (with Chinese messages) if the rules are invalid; the
    previous tagger then stays active.
    """
    global _active
    t = Tagger(rules, words)
    t._install = lambda: _install_words(t.words)
    with _lock:
        _active = t
    return t


def get_active() -> Tagger:
    t = _active
    if t is None:
        rules, words = load_default_rules()
        t = set_active(rules, words)
    return t


def preload() -> Tagger:
    """Load jieba's dictionary and build the active tagger once (call at worker start)."""
    from .engine import _get_jieba
    _get_jieba().initialize()
    t = get_active()
    t._before_tokenize()
    return t


def classify(text: str) -> TagResult:
    """Tag one text with the active tagger."""
    return get_active().classify(text)
