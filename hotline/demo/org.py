"""The county's organisation: towns, units and the demo users."""
from hotline.extensions import db
from hotline.people.models import Town, Unit, User
from hotline.routing import COUNTY_SECTION
from hotline.routing.rules import town_office

TOWNS = [
    "柳林镇", "贾家垣乡", "李家湾乡", "王家沟乡", "成家庄镇", "孟门镇", "石西乡", "三交镇",
    "高家沟乡", "穆村镇", "留誉镇", "陈家湾镇", "庄上镇", "金家庄镇", "薛村镇",
]

# username, name, role, unit name, password (demo only: change them in production)
DEMO_USERS = [
    ("operator", "王话务", "operator", None, "operator123"),
    ("handler", "李承办", "handler", "柳林镇民政办", "handler123"),
    ("handler2", "赵承办", "handler", "孟门镇民政办", "handler123"),
    ("county", "张股员", "handler", COUNTY_SECTION, "county123"),
    ("supervisor", "刘股长", "supervisor", None, "supervisor123"),
    ("liaison", "陈纪检", "liaison", None, "liaison123"),
    ("admin", "系统管理员", "admin", None, "admin123"),
]


def town_handlers():
    """Demo handlers for the town offices that have none in DEMO_USERS: town01 … town15."""
    named = {u[3] for u in DEMO_USERS}
    return [(f"town{i:02d}", f"{town}承办人", "handler", town_office(town), "handler123")
            for i, town in enumerate(TOWNS, start=1) if town_office(town) not in named]


def ensure_org(towns=TOWNS):
    """Create the towns and units that do not exist yet. Idempotent."""
    existing = {t.name for t in db.session.query(Town)}
    for name in towns:
        if name not in existing:
            town = Town(name=name)
            db.session.add(town)
            db.session.add(Unit(name=town_office(name), kind="town_office", town=town))
    if not db.session.query(Unit).filter_by(name=COUNTY_SECTION).first():
        db.session.add(Unit(name=COUNTY_SECTION, kind="county_section"))
    db.session.flush()


def ensure_users(users=DEMO_USERS):
    created = []
    for username, name, role, unit_name, password in users:
        if db.session.query(User).filter_by(username=username).first():
            continue
        unit = db.session.query(Unit).filter_by(name=unit_name).one() if unit_name else None
        user = User(username=username, name=name, role=role, unit=unit)
        user.set_password(password)
        db.session.add(user)
        created.append(user)
    db.session.flush()
    return created
