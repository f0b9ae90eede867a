"""Repeat matters (重复信访): the same caller or the same subject three times within 90 days.

Plain Python: the pipeline gives it the candidate cases; this decides which are repeats.
Two texts are about the same subject when their character-bigram sets overlap enough
(Jaccard similarity), which tolerates the rewording of a second call.
"""
import re
from dataclasses import dataclass
from datetime import timedelta

WINDOW = timedelta(days=90)
THRESHOLD = 3  # this matter and two earlier ones
SAME_SUBJECT = 0.4

_KEEP = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")


def bigrams(text):
    chars = [c for c in text or "" if _KEEP.match(c)]
    return {a + b for a, b in zip(chars, chars[1:])}


def similarity(a, b):
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


@dataclass(frozen=True)
class Earlier:
    case_id: int
    phone: str | None
    id_number: str | None
    text: str


def repeats(phone, id_number, text, earlier):
    """The earlier matters that make this one a repeat: same caller or same subject."""
    found = []
    for e in earlier:
        same_caller = (phone and e.phone == phone) or (id_number and e.id_number == id_number)
        if same_caller or similarity(text, e.text) >= SAME_SUBJECT:
            found.append(e.case_id)
    return found
