"""Our own labelled sets are well formed, follow the taxonomy, and share no text with the public examples."""
import json
from pathlib import Path

import pytest

from hotline.tagging import CATEGORIES

HERE = Path(__file__).parent
EXAMPLES = HERE.parents[1] / ".." / "shared" / "data" / "examples.jsonl"

# name: (lines, min positives per category, extra minimums, min urgent, share with no category)
SETS = {
    "blind2.jsonl": (250, 28, {}, 30, (0.25, 0.35)),
    "blind3.jsonl": (240, 25, {"refusal": 35}, 28, (0.25, 0.35)),
    "blind4.jsonl": (240, 25, {}, 28, (0.25, 0.35)),
    # held out like blind4: a seventh writer, never trained or tuned on
    "blind6.jsonl": (250, 35, {}, 30, (0.2, 0.3)),
    # training sets of seven more writers (hotline/tagging/train.py HONEST_FILES)
    "gen_a.jsonl": (300, 36, {}, 40, (0.2, 0.3)),
    "gen_b.jsonl": (300, 36, {}, 40, (0.2, 0.3)),
    "gen_c.jsonl": (300, 36, {}, 40, (0.2, 0.3)),
    "gen_d.jsonl": (220, 30, {}, 30, (0.2, 0.3)),   # long letters and web messages
    "gen_e.jsonl": (300, 36, {}, 40, (0.2, 0.3)),
    "gen_f.jsonl": (300, 36, {}, 40, (0.4, 0.5)),   # near misses: denials, questions, retractions
    "gen_g.jsonl": (300, 36, {}, 70, (0.2, 0.3)),   # benefits beyond 低保, many urgent
    # the third round: seven more training writers and one more held-out writer
    "gen_h.jsonl": (250, 35, {}, 35, (0.2, 0.3)),   # 12345 work orders and registrations
    "gen_i.jsonl": (250, 35, {}, 35, (0.2, 0.3)),   # relatives online: typos, slang, very short
    "gen_j.jsonl": (250, 14, {"refusal": 80, "omission": 80}, 35, (0.2, 0.3)),
    "gen_k.jsonl": (250, 35, {}, 28, (0.15, 0.25)),  # who did it: officials vs private look-alikes
    "gen_l.jsonl": (200, 30, {}, 30, (0.2, 0.3)),   # long petitions, several allegations
    "gen_m.jsonl": (250, 35, {}, 35, (0.2, 0.3)),   # dialect call transcripts
    "gen_n.jsonl": (250, 27, {}, 35, (0.4, 0.5)),   # traps: denials, innocent words, irony
    "gen_o.jsonl": (250, 35, {}, 35, (0.2, 0.3)),   # very old callers, rambling, vague names
    "gen_p.jsonl": (250, 35, {}, 35, (0.2, 0.3)),   # insiders' tips and anonymous letters
    "gen_q.jsonl": (250, 35, {}, 35, (0.2, 0.3)),   # children, disability, care homes, medical aid
    "gen_r.jsonl": (250, 35, {}, 35, (0.2, 0.3)),   # terse operator notes, 12-33 characters
    "gen_s.jsonl": (250, 35, {}, 35, (0.2, 0.3)),   # urban 社区 / 街道
    "gen_t.jsonl": (250, 14, {"refusal": 70, "omission": 70, "privacy": 50}, 35, (0.2, 0.3)),
    # the fourth round: eight more training writers
    "gen_u.jsonl": (250, 35, {}, 35, (0.2, 0.3)),   # voice-to-text with recognition errors
    "gen_v.jsonl": (250, 25, {"refusal": 90}, 35, (0.2, 0.3)),  # where refusal begins and ends
    "gen_w.jsonl": (250, 35, {}, 35, (0.2, 0.3)),   # hearsay, self-defence, own situation
    "gen_x.jsonl": (250, 15, {"favoritism": 70, "extortion": 70}, 35, (0.2, 0.3)),
    "gen_y.jsonl": (250, 14, {"fraud": 70, "withheld_funds": 70}, 35, (0.2, 0.3)),
    "gen_z.jsonl": (250, 35, {}, 35, (0.2, 0.3)),   # callbacks and repeat complaints
    "gen_za.jsonl": (250, 25, {}, 85, (0.35, 0.45)),  # where urgent begins and ends
    "gen_zb.jsonl": (250, 35, {}, 35, (0.2, 0.3)),  # forwarded letters, clue summaries, reports
    # the fifth round
    "gen_zc.jsonl": (250, 15, {"omission": 70, "withheld_funds": 70}, 35, (0.25, 0.35)),
    "gen_zd.jsonl": (250, 24, {"refusal": 70}, 35, (0.2, 0.3)),   # which office refuses
    "gen_ze.jsonl": (250, 35, {}, 35, (0.2, 0.3)),  # group-chat transcripts
    "gen_zf.jsonl": (250, 35, {}, 35, (0.2, 0.3)),  # unheard callers: widows, deaf, migrants
    "gen_zg.jsonl": (250, 35, {}, 35, (0.2, 0.3)),  # disaster season and relief
    "gen_zh.jsonl": (250, 34, {}, 35, (0.25, 0.3)),  # message-board style, other city matters
    "gen_zi.jsonl": (250, 35, {}, 35, (0.2, 0.3)),  # an ordinary week in plain speech
    "gen_zj.jsonl": (250, 40, {}, 35, (0.3, 0.35)),  # two or three allegations in one text
    "blind7.jsonl": (250, 35, {}, 35, (0.2, 0.3)),  # held out, never trained or tuned on
    "blind8.jsonl": (250, 35, {}, 35, (0.2, 0.3)),  # held out, never trained or tuned on
}


@pytest.mark.parametrize("name", SETS)
def test_set_is_well_formed(name):
    count, min_per_cat, extra, min_urgent, (lo, hi) = SETS[name]
    ids, texts = set(), set()
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    assert len(lines) == count
    per_cat = {c: 0 for c in CATEGORIES}
    none = urgent = 0
    for line in lines:
        d = json.loads(line)
        assert set(d) == {"id", "text", "categories", "urgent", "serious", "kind"}
        assert d["id"] not in ids and d["text"] not in texts
        ids.add(d["id"])
        texts.add(d["text"])
        assert all(c in CATEGORIES for c in d["categories"])
        assert isinstance(d["urgent"], bool) and isinstance(d["serious"], bool)
        assert d["kind"] in {"咨询", "求助", "投诉", "举报", "建议", "其他"}
        for c in d["categories"]:
            per_cat[c] += 1
        none += not d["categories"]
        urgent += d["urgent"]
        # taxonomy: refusal / omission / privacy alone are never serious
        if d["serious"]:
            assert set(d["categories"]) & {"favoritism", "withheld_funds", "fraud", "extortion"}, d["id"]
    assert min(per_cat.values()) >= min_per_cat
    for code, minimum in extra.items():
        assert per_cat[code] >= minimum
    assert urgent >= min_urgent
    assert lo <= none / len(lines) <= hi


@pytest.mark.parametrize("name", SETS)
def test_set_has_no_long_overlap_with_examples(name):
    if not EXAMPLES.exists():
        pytest.skip("shared examples not available")
    grams = set()
    for line in EXAMPLES.read_text(encoding="utf-8").splitlines():
        t = json.loads(line)["text"]
        grams.update(t[i:i + 14] for i in range(len(t) - 13))
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        t = json.loads(line)["text"]
        assert not any(t[i:i + 14] in grams for i in range(len(t) - 13)), t
