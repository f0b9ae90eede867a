"""Routing: which unit handles a matter, with recusal (回避)."""
from hotline.routing.rules import COUNTY_SECTION, Route, route  # noqa: F401
