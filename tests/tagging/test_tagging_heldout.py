"""Held-out sets: written by writers who never saw the tagger, never used to tune the rules
or train the model (train.py FORBIDDEN).  blind4 and blind6 are the honest estimate of
accuracy on calls the tagger has not seen (docs/tagging.md, "Where it stands").  The floors
only catch regressions; do not tune on these sets."""
from pathlib import Path

import pytest

from hotline.tagging.evaluate import evaluate, load_jsonl

HERE = Path(__file__).parent


# measured with rules + model (docs/tagging.md): micro-F1 blind4 0.876, blind6 0.862;
# urgent recall 1.00 on both; serious recall 0.855 / 0.857 at precision 0.96 / 0.95
@pytest.mark.parametrize("name,micro,urgent_r,serious_r", [
    ("blind4.jsonl", 0.86, 0.95, 0.83),
    ("blind6.jsonl", 0.84, 0.95, 0.83),
])
def test_heldout_has_not_regressed(name, micro, urgent_r, serious_r):
    m = evaluate(load_jsonl(HERE / name))
    assert m["micro"][2] >= micro
    assert m["flags"]["urgent"][1] >= urgent_r
    assert m["flags"]["serious"][1] >= serious_r and m["flags"]["serious"][0] >= 0.85
