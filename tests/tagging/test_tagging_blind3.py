"""Third blind round (tests/tagging/blind3.jsonl; see docs/tagging.md, "Blind set 3").

blind3.jsonl was written before its author opened the tagger or any other test text, then
measured (micro-F1 0.500) and used for tuning: the floor below guards the tuned figures. It is
not an estimate of accuracy on new calls. The phrasings in the tests below were written after
tuning to check the mechanisms. None is copied from blind3.jsonl.
"""
from pathlib import Path

import pytest

from hotline.tagging import Tagger, classify, load_default_rules, validate_rules

HERE = Path(__file__).parent


def cats(text):
    return set(classify(text).categories)


def test_blind3_regression_floor():
    # tuned on blind3 after its first (honest) measurement of micro-F1 0.500: a floor, not an estimate
    from hotline.tagging.evaluate import evaluate, load_jsonl
    m = evaluate(load_jsonl(HERE / "blind3.jsonl"))
    assert m["micro"][2] >= 0.92
    assert m["micro"][0] >= 0.97
    assert m["flags"]["urgent"][1] >= 0.97
    assert m["flags"]["serious"][1] >= 0.88
    # the earlier sets must not fall back
    for name, floor in (("blind.jsonl", 0.97), ("blind2.jsonl", 0.96), ("holdout.jsonl", 0.97)):
        assert evaluate(load_jsonl(HERE / name))["micro"][2] >= floor, name


@pytest.mark.parametrize("text,cat", [
    # refusal-only anchors (申请表 / 窗口办事的 / 回访) and buck-passing chains of any two places
    ("我的申请表交上去三个礼拜了，打电话过去永远是占线，去了也见不着人。", "refusal"),
    ("窗口办事的把我的材料往外一推，叫我去街道，街道又叫我回来。", "refusal"),
    ("回访的时候说问题已经处理好了，其实根本没人来过。", "refusal"),
    # 「不是A就是B」 asserts A or B
    ("你们低保热线不是占线就是没人接。", "refusal"),
    ("吃救济的那几户不是主任家亲戚就是跟他喝酒的。", "favoritism"),
    # a demand in the consequent of a condition (要是…就给他转…) is the demand itself
    ("办临时救助的那个人说，要是想快点批就给他转一千块。", "extortion"),
    # share-out demands, payments disguised as rules
    ("我娘那份补助，组长说要先交给他一半，不然下回就不给报了。", "extortion"),
    ("评上以后，村文书让我们每家拿两百块钱请评议的人喝酒。", "extortion"),
    # possessive benefit anchors (俺那补贴 / 我家的保障) and card taken by an official
    ("俺那补贴卡被会计收去了，说是替俺存着，俺要用钱还得求他。", "withheld_funds"),
    ("村干部说我家脱贫了，把我家的保障也一起取消了，其实啥也没变。", "omission"),
    ("我的补助一下子就没了，谁也没来通知。", "omission"),
    # rich work after the benefit; the dead person's card still getting money
    ("主任他小舅子一家都挂着保障，人家在城里开着饭馆。", "fraud"),
    ("我妈走了两年了，她卡里每月还在进钱，都是村里人在取。", "fraud"),
    ("评上的都是跟支书走得近的，我们这些老实人评不上。", "favoritism"),
    # privacy: home-visit anchor, 'everyone knows', a notice listing a child's school
    ("入户调查的人回去就把我家孩子有病的事到处说，全村都知道了。", "privacy"),
    ("慰问名单贴在村口，连我家孙子在哪个学校都写上了。", "privacy"),
])
def test_general_mechanisms(text, cat):
    assert cat in cats(text)


def test_urgent_cues_written_for_speed_still_fire():
    assert classify("老人躺在地上起不来，家里一个人都没有，手上一分钱也没有。").urgent
    assert classify("家里也没米了，孩子饿得直哭。").urgent


@pytest.mark.parametrize("text", [
    # only a parent, not an official, neglects the child: no refusal
    "孩子父母离婚以后都不管他，跟着奶奶过，想问问能不能申请孤儿补助。",
    # thanks for a worker who ran errands
    "感谢网格员小王帮我妈跑了好几趟，特困供养已经办下来了。",
    # a relative's payment the caller wants stopped
    "我父亲走了，他的补助还在打，麻烦你们帮忙停掉。",
])
def test_no_allegation(text):
    assert cats(text) == set()


def test_domain_patterns_are_validated():
    rules, words = load_default_rules()
    rules["domain"].append("re:(补贴")
    errs = validate_rules(rules)
    assert any("domain[" in e and "不是有效的表达式" in e for e in errs)
    rules["domain"][-1] = "re:补贴(?<=我的补贴)"
    assert validate_rules(rules) == []
    assert "omission" in Tagger(rules, words).classify("我的补贴突然停了，没人通知。").categories
