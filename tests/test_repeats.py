"""Repeat matters: the same caller or the same subject three times in 90 days."""
from datetime import datetime, timedelta

from hotline.escalation.models import Notification
from hotline.intake.repeats import Earlier, repeats, similarity
from hotline.timeutil import SHANGHAI
from tests.helpers import make_case


def test_reworded_call_about_the_same_subject_is_similar():
    a = "东关村的村会计把我家低保存折拿走了一直不还，每个月只给两百块钱。"
    b = "我再反映一次，东关村会计拿走我家的低保存折一直不还，每月只给两百块。"
    c = "请问残疾人两项补贴一年发几次，怎么申请？"
    assert similarity(a, b) >= 0.4 > similarity(a, c)


def test_same_caller_counts_even_with_other_words():
    earlier = [Earlier(1, "13800001111", None, "别的事"), Earlier(2, "13900002222", None, "无关")]
    assert repeats("13800001111", None, "完全不同的内容", earlier) == [1]


def test_third_matter_in_90_days_goes_to_the_supervisor(db):
    start = datetime(2026, 9, 1, 9, tzinfo=SHANGHAI)
    texts = ["想申请低保，请问要什么材料？", "上次问的低保材料还想再确认一下。", "低保申请材料到底要哪些？"]
    cases = [make_case(db, start + timedelta(days=30 * i), text=t) for i, t in enumerate(texts)]
    assert [c.repeat_count for c in cases] == [1, 2, 3]
    notes = db.session.query(Notification).filter_by(case_id=cases[2].id, kind="repeat").all()
    assert [n.user.username for n in notes] == ["supervisor"]
    assert "90天内第3次" in notes[0].message
    # a fourth call more than 90 days after the first two counts only what is in the window
    late = make_case(db, start + timedelta(days=150), text="低保材料的事情还是没弄清楚。")
    assert late.repeat_count == 2
