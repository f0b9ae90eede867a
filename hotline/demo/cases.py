"""Realistic demo cases written for this project (not taken from any data set)."""
import random
from datetime import timedelta

from faker import Faker

from hotline.cases import operations as ops
from hotline.extensions import db
from hotline.intake.pipeline import register_call
from hotline.people.models import User
from hotline.timeutil import utcnow

# {p}: a person, {v}: a village, {c}: a cadre title, {n}: a number
TEMPLATES = [
    ("投诉", "来电人反映：{v}村{c}把自家亲戚评上了低保，村里也没开评议会，名单是他一个人定的。"),
    ("举报", "{p}举报{v}村{c}的小舅子开着超市、家里有小轿车，还在吃低保，请求核查。"),
    ("投诉", "我母亲的低保存折一直在{v}村{c}手里拿着，每个月只给老人二百块，剩下的去哪了不知道。"),
    ("投诉", "{v}村有几户的残疾人补贴被村里统一代领了，说是要交管理费，已经{n}个月没见到钱。"),
    ("举报", "我们{v}村的老刘去年就去世了，家里人没去销户，低保金到现在还在领。"),
    ("举报", "{v}村{c}说办低保得先给他两千块钱好处费，不给就不往上报。"),
    ("投诉", "为了临时救助的事，镇上叫我回村开证明，村里又推给镇上，来回跑了好几趟也没人管。"),
    ("投诉", "我家情况跟去年一样，今年低保突然就停了，也没人通知我们，也没说原因。"),
    ("投诉", "{v}村公示栏把低保户的身份证号和银行卡号都贴出来了，我家的也在上面。"),
    ("求助", "来电人称丈夫住院急需手术费，家里已经没钱吃饭了，请求临时救助。"),
    ("求助", "{p}家里房子昨晚着火烧了，一家四口现在没地方住，请求帮助。"),
    ("求助", "来电人是独居老人，腿脚不便，想申请特困供养，不知道需要准备什么材料。"),
    ("咨询", "想问一下低保金每个月几号发，这个月还没到账是不是正常？"),
    ("咨询", "请问残疾人两项补贴怎么申请，需要带哪些证件？"),
    ("咨询", "我父亲上个月去世了，他的特困供养金要到哪里办手续停掉？"),
    ("建议", "建议镇上每季度在村里集中办理一次低保复核，方便外出务工的人员。"),
    ("投诉", "镇民政办的工作人员态度很差，我去问低保的事，他说没空让我别来烦他。"),
    ("举报", "{v}村{c}的儿媳妇在县里上班吃财政饭，家里还有两套房，也是低保户。"),
    ("投诉", "打了好几次电话反映孩子的救助问题，一直没有答复，也不知道谁在管。"),
    ("求助", "来电人反映女儿患白血病，医院催缴费用{n}万元，家里实在拿不出来了。"),
    ("投诉", "今年评低保，符合条件的我家落选了，反而是有车的人家评上了。"),
    ("举报", "{v}村全村的临时救助款被{c}挪去修村里的路了，涉及二十多户。"),
]
# Reports of wrongdoing are the minority of a hotline's calls.
WEIGHTS = [1 if kind == "举报" else 3 for kind, _ in TEMPLATES]
CADRES = ["村支书", "村主任", "村会计", "村委委员", "组长", "网格员"]
VILLAGES = ["东关", "西坡", "南沟", "北庄", "前川", "后山", "杨家", "马家", "白家", "高家", "石门", "河底"]


def _text(fake, template):
    return template.format(p=fake.name(), v=random.choice(VILLAGES), c=random.choice(CADRES),
                           n=random.randint(2, 9))


def seed_cases(count, towns, seed=2026):
    """Create `count` cases spread over the last 45 days and advance them through the stages."""
    random.seed(seed)
    fake = Faker("zh_CN")
    Faker.seed(seed)
    operator = db.session.query(User).filter_by(role="operator").first()
    handlers = {u.unit_id: u for u in db.session.query(User).filter_by(role="handler")}
    now = utcnow()
    created = []
    for i in range(count):
        kind, template = random.choices(TEMPLATES, weights=WEIGHTS)[0]
        received = now - timedelta(minutes=random.randint(10, 45 * 24 * 60))
        anonymous = kind == "举报" and random.random() < 0.4
        data = {
            "channel": random.choice(["热线电话", "热线电话", "12345转办", "来访", "来信", "网上"]),
            "kind": kind,
            "received_at": received,
            "caller_name": None if anonymous else fake.name(),
            "caller_phone": fake.phone_number(),
            "caller_id_number": fake.ssn() if random.random() < 0.5 else None,
            "town": random.choice(towns),
            "village": random.choice(VILLAGES) + "村",
            "text": _text(fake, template),
            "answer_now": "已在电话中解答相关政策。" if kind == "咨询" and random.random() < 0.6 else "",
        }
        case = register_call(data, operator)
        _advance(case, handlers.get(case.unit_id), operator, now, fake)
        created.append(case)
        if i % 50 == 49:
            db.session.commit()
    db.session.commit()
    return created


def _advance(case, handler, operator, now, fake):
    """Move a case along its life according to how old it is, as real work would."""
    if case.status != "dispatched" or handler is None:
        return
    age_days = (now - case.received_at).days
    if age_days >= 3 and random.random() < 0.07:
        return  # a few matters sit with nobody answering: the ladder escalates them
    stage = random.random() if age_days < 3 else random.uniform(0.35 if age_days < 15 else 0.5, 1.0)
    step_at = case.received_at + timedelta(hours=random.randint(2, 30))
    if stage < 0.15 or step_at > now:
        return
    ops.acknowledge(case, handler, at=step_at)
    if stage < 0.3:
        return
    ops.record_findings(case, handler, "已入户核实，正在调查相关情况。", at=step_at + timedelta(hours=3))
    if stage < 0.45:
        return
    closed_at = min(step_at + timedelta(days=random.randint(1, 12)), now)
    ops.close_case(case, handler, "经核实，已按政策处理，并向来电人作了解释。", at=closed_at)
    if (stage < 0.6 and age_days < 15) or closed_at + timedelta(days=1) > now:
        return
    satisfaction = random.choice(["满意", "满意", "满意", "基本满意", "不满意"])
    ops.record_callback(case, operator, satisfaction, at=closed_at + timedelta(days=1))
