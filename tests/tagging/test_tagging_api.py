import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

import hotline.tagging as tagging
from hotline.tagging import (CATEGORIES, FLAGS, Tagger, classify, load_default_rules, preload,
                             set_active, validate_rules)

HERE = Path(__file__).parent


@pytest.fixture
def restore_active():
    yield
    rules, words = load_default_rules()
    set_active(rules, words)


def test_categories_and_flags():
    assert list(CATEGORIES) == ["favoritism", "withheld_funds", "fraud", "extortion",
                                "refusal", "omission", "privacy"]
    assert CATEGORIES["favoritism"] == "优亲厚友（人情保、关系保）"
    assert CATEGORIES["privacy"] == "信息泄露"
    assert dict(FLAGS) == {"urgent": "急难", "serious": "严重"}


def test_result_shape_and_order():
    r = classify("村主任的小舅子开着饭店还吃低保，低保金三个月没到账去问村主任，他就骂人。")
    assert r.categories == [c for c in CATEGORIES if c in r.categories]
    assert {"favoritism", "fraud", "refusal"} <= set(r.categories)
    assert r.serious and r.evidence["serious"]
    assert all(isinstance(w, str) and w for ws in r.evidence.values() for w in ws)
    d = r.to_dict()
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d


def test_evidence_words_come_from_text():
    text = "组长说要办低保得意思意思，还让我送两条烟。"
    r = classify(text)
    assert "extortion" in r.categories
    for w in r.evidence["extortion"]:
        assert w in text


def test_empty_and_unrelated_texts():
    for t in ("", "   ", "请问公交车几点发车", "我家楼上漏水，物业不管。"):
        r = classify(t)
        assert r.categories == [] and not r.urgent and not r.serious and r.evidence == {}


def test_default_rules_are_valid_and_fresh_copies():
    rules, words = load_default_rules()
    assert validate_rules(rules) == []
    assert words and all(isinstance(w, str) for w in words)
    rules["categories"]["fraud"]["keywords"].clear()
    again, _ = load_default_rules()
    assert again["categories"]["fraud"]["keywords"]


@pytest.mark.parametrize("mutate,needle", [
    (lambda r: r.pop("categories"), "categories"),
    (lambda r: r["categories"].pop("fraud"), "fraud"),
    (lambda r: r["categories"]["fraud"]["keywords"].append("(没有"), "括号"),
    (lambda r: r["categories"]["fraud"]["keywords"].append("re:[abc"), "表达式"),
    (lambda r: r["categories"]["fraud"]["keywords"].append("{nosuchset}死了"), "nosuchset"),
    (lambda r: r["categories"]["fraud"].__setitem__("keywords", "冒领"), "列表"),
    (lambda r: r["categories"].__setitem__("bribery", {"keywords": ["x"]}), "bribery"),
    (lambda r: r["normalize"].__setitem__("底保", "低保户"), "字数"),
    (lambda r: r["serious"].__setitem__("always", ["nonsense"]), "nonsense"),
    (lambda r: r["urgent"].__setitem__("keywords", []), "urgent"),
    (lambda r: r["categories"]["refusal"]["keywords"].append("(推诿)?"), "空"),
    (lambda r: r["model_officials"].append("re:管[的"), "model_officials"),
])
def test_validate_rules_reports_chinese_errors(mutate, needle):
    rules, _ = load_default_rules()
    mutate(rules)
    errors = validate_rules(rules)
    assert errors and any(needle in e for e in errors), errors
    with pytest.raises(ValueError):
        Tagger(rules, [])


def test_validate_rejects_non_dict():
    assert validate_rules([]) and validate_rules("x")


def test_preview_tagger_does_not_change_active():
    # a keyword no active rule has: only the preview may tag it
    text = "我想问问低保的事。我家门口那台蓝色风车转得挺好。"
    before = classify(text).to_dict()
    rules, words = load_default_rules()
    preview_rules = copy.deepcopy(rules)
    preview_rules["categories"]["fraud"]["keywords"].append("蓝色风车")
    preview = Tagger(preview_rules, words + ["蓝色风车 50 n"], learned=False)
    assert "fraud" in preview.classify(text).categories
    assert classify(text).to_dict() == before
    assert "fraud" not in classify(text).categories


def test_preview_does_not_touch_jieba_dictionary():
    import jieba
    preload()
    assert jieba.dt.FREQ.get("网红主播直播间") in (None, 0)
    Tagger(load_default_rules()[0], ["网红主播直播间 999 n"]).classify("网红主播直播间里说低保的事")
    assert jieba.dt.FREQ.get("网红主播直播间") in (None, 0)


def test_set_active_swaps_rules_and_words(restore_active):
    import jieba
    text = "村里的网红主播家里天天直播带货，还吃着低保。"

    def rule_categories():  # the rules alone: the learned model reads this text as fraud anyway
        return tagging.get_active().analyse(text)[0].categories
    rules, words = load_default_rules()
    rules["categories"]["fraud"]["keywords"].append("直播带货")
    set_active(rules, words + ["直播带货 50 n"])
    assert "fraud" in rule_categories()
    preload()
    assert jieba.dt.FREQ.get("直播带货")
    rules2, words2 = load_default_rules()
    set_active(rules2, words2)
    assert "fraud" not in rule_categories()
    classify("低保金被扣了")  # triggers word installation of the new active tagger
    assert not jieba.dt.FREQ.get("直播带货")


def test_set_active_rejects_bad_rules_and_keeps_old(restore_active):
    active = tagging.get_active()
    with pytest.raises(ValueError):
        set_active({"categories": {}}, [])
    assert tagging.get_active() is active


def test_import_has_no_flask_or_db_side_effects():
    code = ("import sys; import hotline.tagging as t; r = t.classify('我的低保卡在村会计手里');"
            "print(r.categories, 'flask' in sys.modules, 'sqlalchemy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=HERE.parent.parent, check=True)
    assert "['withheld_funds']" in out.stdout
    assert "Building prefix dict" not in out.stderr  # jieba log silenced


def test_evaluate_cli_on_holdout(tmp_path):
    from hotline.tagging.evaluate import evaluate, load_jsonl
    m = evaluate(load_jsonl(HERE / "holdout.jsonl"))
    assert m["n"] >= 150
    assert m["micro"][2] >= 0.9
    assert m["flags"]["urgent"][1] >= 0.95
    out = subprocess.run([sys.executable, "-m", "hotline.tagging.evaluate", str(HERE / "holdout.jsonl"),
                          "--worst", "3"], capture_output=True, text=True, cwd=HERE.parent.parent, check=True)
    assert "micro" in out.stdout and "flag urgent" in out.stdout


def test_holdout_file_is_well_formed():
    ids = set()
    for line in (HERE / "holdout.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        assert set(d) == {"id", "text", "categories", "urgent", "serious", "kind"}
        assert d["id"] not in ids
        ids.add(d["id"])
        assert all(c in CATEGORIES for c in d["categories"])
