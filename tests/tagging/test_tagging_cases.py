import pytest

from hotline.tagging import classify

from tagging_cases import ALL, ALL_CASES


@pytest.mark.parametrize("text,has,not_,urgent,serious", ALL_CASES, ids=["%03d" % i for i in range(len(ALL_CASES))])
def test_case(text, has, not_, urgent, serious):
    r = classify(text)
    got = set(r.categories)
    for c in has:
        assert c in got, (c, r)
    if not_ == ALL:
        assert not got - set(has), r
    else:
        for c in not_:
            assert c not in got, (c, r)
    if urgent is not None:
        assert r.urgent is urgent, r
    if serious is not None:
        assert r.serious is serious, r
    for c in r.categories:
        assert r.evidence.get(c), (c, r)
