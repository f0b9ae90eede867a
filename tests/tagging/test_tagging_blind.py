"""Behaviour added after the blind-set round (tests/tagging/blind.jsonl; see docs/tagging.md).

These cases are written for this file; none is copied from blind.jsonl or shared data.
"""
import json
from pathlib import Path

import pytest

from hotline.tagging import CATEGORIES, classify

HERE = Path(__file__).parent


def cats(text):
    return set(classify(text).categories)


def test_blind_file_is_well_formed():
    ids = set()
    lines = (HERE / "blind.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 200
    for line in lines:
        d = json.loads(line)
        assert set(d) == {"id", "text", "categories", "urgent", "serious", "kind"}
        assert d["id"] not in ids
        ids.add(d["id"])
        assert all(c in CATEGORIES for c in d["categories"])
        assert d["kind"] in {"咨询", "求助", "投诉", "举报", "建议"}


def test_blind_set_regression_floor():
    # the blind set was used for tuning after its first measurement: this is a floor, not an estimate
    from hotline.tagging.evaluate import evaluate, load_jsonl
    m = evaluate(load_jsonl(HERE / "blind.jsonl"))
    assert m["micro"][2] >= 0.95
    assert m["flags"]["urgent"][1] >= 0.97
    assert m["flags"]["serious"][1] >= 0.95


def test_negative_statement_not_cancelled_by_earlier_negation():
    # 「没有入户也没有公示」: the second 没有 is the allegation, not a denial of it
    assert "favoritism" in cats("镇里定特困人员，没有上门看过也没有公示，就报上去了几个人，全是包村干部打过招呼的。")


def test_rhetorical_question_asserts():
    assert "refusal" in cats("村干部说我再去县里告就别想要低保了，这不是威胁人吗？")


def test_contrastive_question_is_a_complaint():
    r = classify("我的特困供养申请被驳回了，理由是户口不在这，可我在这住了十几年，政策不是说居住地也可以申请吗？")
    assert "omission" in r.categories


def test_plain_question_still_skipped():
    assert cats("我想问问，家里有辆旧三轮车还能吃低保吗？") == set()


@pytest.mark.parametrize("text,cat", [
    ("网格员在村民群里发了我们几户低保户的照片和住址。", "privacy"),
    ("民政所的人跟我单位的人讲我在吃低保，现在同事都躲着我。", "privacy"),
    ("社区干部把我的电话给了一个卖保险的，说低保户好说话。", "privacy"),
    ("办临时救助时那个专干说要请他去饭店坐坐才好办。", "extortion"),
    ("村会计让每户低保户交一百块的登记费，不交就不给续。", "extortion"),
    ("组长把我们的五保存折都收走了说统一保管，到现在也不还。", "withheld_funds"),
    ("我家低保年审后从二档降到四档，家里什么都没变。", "omission"),
    ("他家儿子包工程一年挣几十万，老两口照样吃着低保。", "fraud"),
    ("那户人家办了假离婚，就为了多领一份低保。", "fraud"),
    ("去街道问低保，街道说找社区，社区又说找街道，谁都不管。", "refusal"),
])
def test_general_phrasings(text, cat):
    assert cat in cats(text)


def test_serious_needs_the_actor_not_an_informant():
    # the town office only answered; nobody is named as withholding
    r = classify("我的残疾人补贴半年没到账了，去镇上问，镇上说早就打了。")
    assert "withheld_funds" in r.categories and not r.serious
    r = classify("村里把我们组的救灾款挪去修了村部，到现在一分没发。")
    assert "withheld_funds" in r.categories and r.serious


def test_serious_evidence_is_tied_to_the_allegation():
    text = ("我们村支书人不错，会计也挺好。就是今年组长的小舅子评上了低保，他家开着饭店。"
            "后来我把这事跟镇上的工作人员说了，他们说会去查。")
    r = classify(text)
    assert r.serious
    ev = r.evidence["serious"]
    assert "组长" in ev
    assert "工作人员" not in ev and "会计" not in ev


def test_dead_relative_card_is_fraud_not_withheld():
    r = classify("我大伯去世一年了，他闺女还拿着他的存折每月取低保钱。")
    assert "fraud" in r.categories and "withheld_funds" not in r.categories


def test_settled_matter_is_not_an_allegation():
    assert cats("上个月反映的低保卡被收走的事已经解决了，卡已经还给我们了。") == set()
