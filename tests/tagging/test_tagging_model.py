"""The recall model (hotline.tagging.model): loads, is deterministic, adds evidence,
and leaves unrelated city complaints alone."""
import json

import pytest

from hotline.tagging import CATEGORIES, TagResult, classify
from hotline.tagging import model as M


def test_model_loads_and_is_small():
    m = M.get_model()
    assert m.labels[:7] == list(CATEGORIES)
    assert m.thresholds, "at least one label must have a threshold"
    assert all(0.0 < t < 1.0 for t in m.thresholds.values())
    import os
    assert os.path.getsize(M.MODEL_PATH) <= 2 * 1024 * 1024
    with open(M.MODEL_PATH, encoding="utf-8") as f:
        meta = json.load(f)["meta"]
    assert "blind4.jsonl" not in meta["trained_on"]


def test_predict_shape_and_deterministic():
    text = "村会计把我家的低保存折收着，钱一直没到账，问他就说再等等。"
    a = M.predict(text)
    b = M.predict(text)
    assert a == b
    assert set(a) == set(M.get_model().labels)
    for p, ev in a.values():
        assert 0.0 <= p <= 1.0
        assert isinstance(ev, list) and len(ev) <= 3
    # tokens passed in give the same answer
    import jieba
    assert M.predict(text, jieba.lcut(text)) == a


def test_combine_adds_evidence_for_model_added_category():
    text = "低保的事情我去镇上问了好几次，镇里说找村里，村里说找民政局，来回跑了半年也没个说法。"
    m = M.get_model()
    empty = TagResult()
    r = M.combine(empty, text)
    pred = M.predict(text)
    expected = [c for c in CATEGORIES if c in m.thresholds and pred[c][0] >= m.thresholds[c]]
    assert r.categories == expected
    assert expected, "the model should fire on a plain buck-passing complaint"
    for c in expected:
        assert r.evidence[c], c
        assert all(w in text for w in r.evidence[c])
    # the input result is not modified
    assert empty.categories == [] and empty.evidence == {}


def test_combine_keeps_rule_result():
    text = "村支书的亲戚家里有车有房还吃低保，我们真正困难的却评不上。"
    base = classify(text)
    r = M.combine(base, text)
    assert set(base.categories) <= set(r.categories)
    for c in base.categories:
        assert r.evidence[c] == base.evidence[c]
    assert r.serious == base.serious
    assert r.categories == [c for c in CATEGORIES if c in r.categories]


@pytest.mark.parametrize("text", [
    "A3区潇楚南路洋湖段怎么还没修好？路挖得稀烂，一直不怎么动工，找了街道也没人管，来回推。",
    "小区物业乱收费，业主反映多次没有答复，物业经理态度恶劣还威胁我们。",
])
def test_no_fire_on_unrelated_city_complaint(text):
    r = M.combine(classify(text), text)
    assert r.categories == [] and not r.urgent
