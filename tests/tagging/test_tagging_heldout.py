"""Held-out sets: written by writers who never saw the tagger, never used to tune the rules
or train the model (train.py FORBIDDEN).  blind4, 6, 7 and 8 are the honest estimate of
accuracy on calls the tagger has not seen (docs/tagging.md, "Where it stands").  The floors
only catch regressions; do not tune on these sets."""
from pathlib import Path

import pytest

from hotline.tagging.evaluate import evaluate, load_jsonl

HERE = Path(__file__).parent


# measured with rules + model (docs/tagging.md, "Where it stands"): micro-F1 blind4 0.897,
# blind6 0.892, blind7 0.897, blind8 0.887; urgent recall 1.00 on all four; serious recall
# 0.93-0.98 at precision 0.91-0.99
@pytest.mark.parametrize("name,micro,urgent_r,serious_r", [
    ("blind4.jsonl", 0.87, 0.95, 0.92),
    ("blind6.jsonl", 0.87, 0.95, 0.90),
    ("blind7.jsonl", 0.87, 0.95, 0.94),
    ("blind8.jsonl", 0.86, 0.95, 0.93),
])
def test_heldout_has_not_regressed(name, micro, urgent_r, serious_r):
    m = evaluate(load_jsonl(HERE / name))
    assert m["micro"][2] >= micro
    assert m["flags"]["urgent"][1] >= urgent_r
    assert m["flags"]["serious"][1] >= serious_r and m["flags"]["serious"][0] >= 0.88
