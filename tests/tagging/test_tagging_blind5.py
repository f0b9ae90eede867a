"""Fifth blind round (tests/tagging/blind5.jsonl).

blind5.jsonl (160 texts) was written before its author opened the rules or the engine, then
measured honestly (micro P 0.877 / R 0.522 / F1 0.654; refusal recall 0.214) and used for
tuning refusal: the floor below guards the tuned figures. It is not an estimate of accuracy
on new calls. The phrasings in the mechanism tests below are not copied from blind5.jsonl.
"""
from pathlib import Path

import pytest

from hotline.tagging import classify

HERE = Path(__file__).parent


def cats(text):
    return set(classify(text).categories)


def test_blind5_regression_floor():
    # tuned on blind5 after its first (honest) measurement of micro-F1 0.654: a floor, not an estimate
    from hotline.tagging.evaluate import evaluate, load_jsonl
    m = evaluate(load_jsonl(HERE / "blind5.jsonl"))
    assert m["micro"][2] >= 0.71
    assert m["micro"][0] >= 0.89
    assert m["categories"]["refusal"][1] >= 0.53
    assert m["categories"]["refusal"][0] >= 0.90
    assert m["flags"]["urgent"][1] >= 0.72
    assert m["flags"]["serious"][1] >= 0.68


@pytest.mark.parametrize("text", [
    # no news at all after handing in the papers (材料…交到 anchors the text)
    "低保的材料五月份就交给村委了，到今天一点动静也没有。",
    # every answer is "wait"
    "为了我妈的特困，我去乡里问了好多回，每回都说再等等。",
    # the office says it is not theirs, go home and wait
    "去申请临时救助，窗口的人说不归他们，叫我先回去等。",
    # two county units pass the case back and forth, with no programme word in the text
    "申请书交到村里，村里说交到镇上了，镇上说不知道这回事。",
    # demands a paper that cannot be had
    "低保复核让我补一份跟前妻的财产证明，这上哪开去？",
    # threats and contempt
    "找村主任问低保的事，他说你再去上面告，啥事都别想办。",
    "问特困的事问了两句，窗口的人嫌我事多，叫保安把我请出去。",
])
def test_refusal_mechanisms(text):
    assert "refusal" in cats(text)


@pytest.mark.parametrize("text", [
    # praise: a worker ran errands for the caller
    "表扬民政办的小张，为了我爸的低保跑了好几趟，服务很周到。",
    # the caller withdraws an earlier refusal complaint
    "之前说乡里不给办低保，后来才知道是我自己材料没交齐，现在已经办好了。",
])
def test_no_refusal(text):
    assert "refusal" not in cats(text)
