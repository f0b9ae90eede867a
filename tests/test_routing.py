"""Routing with recusal (回避) and urgent matters."""
from hotline.routing import COUNTY_SECTION, route


def test_plain_help_request_goes_to_the_town_office():
    r = route("孟门镇", [], urgent=False, serious=False, kind="求助")
    assert r.unit == "孟门镇民政办" and not r.recused


def test_complaint_against_village_cadres_never_goes_to_that_town():
    for cats in (["favoritism"], ["withheld_funds"], ["extortion"], ["refusal"], ["omission"], ["privacy"]):
        r = route("孟门镇", cats, kind="投诉")
        assert r.unit == COUNTY_SECTION, cats
        assert r.recused
        assert "孟门镇民政办" != r.unit


def test_fraud_by_a_family_stays_local_but_fraud_arranged_by_officials_is_recused():
    assert route("柳林镇", ["fraud"], serious=False, kind="举报").unit == "柳林镇民政办"
    r = route("柳林镇", ["fraud"], serious=True, kind="举报")
    assert r.unit == COUNTY_SECTION and r.recused


def test_urgent_matters_go_to_the_county_section():
    r = route("三交镇", [], urgent=True, kind="求助")
    assert r.unit == COUNTY_SECTION and not r.recused
    assert "急难" in r.reason
