"""A walk through the hotline in a real browser (Chromium driven by Playwright).

operator registers calls (with the live lookup of the caller's earlier matters) and
corrects tags → the town office signs for, works and closes a case → another town's
case stays hidden (404) → a serious report goes straight to the discipline liaison,
who records a disposition.

The app is served by a real werkzeug server in a thread, on the test database of
tests/conftest.py (SQLite, or PostgreSQL when DATABASE_URL is set). It uses Debian's
/usr/bin/chromium; without it the test is skipped, except on CI (CI=true) where it
fails. Screenshots of each step go to tests/artifacts/ (git-ignored).
"""
import os
import re
import threading
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CASE_NO = re.compile(r"^LL-\d{8}-\d{4}$")
PASSWORDS = {"operator": "operator123", "handler": "handler123", "liaison": "liaison123", "admin": "admin123"}

expect.set_options(timeout=10_000)


@pytest.fixture()
def live_server(app, db):
    """The session app served over HTTP on a free port; serious calls are referred inline."""
    from werkzeug.serving import make_server

    old_sync = app.config["RQ_SYNC"]
    app.config["RQ_SYNC"] = True
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()
        app.config["RQ_SYNC"] = old_sync


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: the browser test must run on CI)")
        pytest.skip(message)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Walk:
    """Opens one browser context per user and numbers the screenshots."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base = base_url
        self.contexts = []
        self.shots = 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def sign_in(self, username):
        context = self.browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                           viewport={"width": 1366, "height": 900})
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        page.goto(self.base + "/login")
        page.fill("#username", username)
        page.fill("#password", PASSWORDS[username])
        page.click("form [type=submit]")
        expect(page.locator("#whoami")).to_be_visible()
        return page

    def shot(self, page, name):
        self.shots += 1
        page.screenshot(path=str(ARTIFACTS / f"{self.shots:02d}-{name}.png"), full_page=True)

    def close(self):
        for context in self.contexts:
            context.close()


def fill_call(page, *, kind, name, phone, town, village, text, channel="热线电话"):
    page.select_option("#channel", channel)
    page.select_option("#kind", kind)
    page.fill("#caller_name", name)
    page.fill("#caller_phone", phone)
    page.select_option("#town", town)
    page.fill("#village", village)
    page.fill("#text", text)


def register(page, **call):
    """Fill and submit the intake form; returns (case number, case id) from the confirmation page."""
    fill_call(page, **call)
    return submit_call(page)


def submit_call(page):
    page.click("#submit")
    expect(page.locator("#case-no")).to_have_text(CASE_NO)
    case_id = int(re.search(r"/cases/(\d+)", page.url).group(1))
    return page.locator("#case-no").inner_text().strip(), case_id


def test_walkthrough(browser, live_server):
    walk = Walk(browser, live_server)
    try:
        _walk(walk)
    finally:
        walk.close()


def _walk(walk):
    base = walk.base
    phone = "13935801234"

    # 1. Operator registers a first call, then a second from the same phone: the earlier
    #    matter shows up while the form is being typed.
    op = walk.sign_in("operator")
    op.click("nav >> text=来电登记")
    expect(op.locator("h3")).to_have_text("来电登记")
    walk.shot(op, "intake-form")
    first_no, _ = register(op, kind="求助", name="刘桂兰", phone=phone, town="柳林镇", village="东关村",
                           text="我母亲今年八十岁，一个人住，想问问能不能申请特困供养，需要准备什么材料。")

    op.goto(base + "/intake/new")
    op.fill("#caller_phone", phone)
    earlier = op.locator("#earlier-list")
    expect(earlier.locator("li")).to_have_count(1)
    expect(earlier).to_contain_text(first_no)
    expect(earlier).to_contain_text("特困供养")
    expect(op.locator("#earlier-empty")).to_be_hidden()
    fill_call(op, kind="举报", name="刘桂兰", phone=phone, town="柳林镇", village="东关村",
              text="想请民政办去我们组老张家核实一下低保的情况，具体的我不方便在电话里说。")
    walk.shot(op, "earlier-matters")
    second_no, second_id = submit_call(op)
    assert second_no != first_no
    expect(op.locator("#registered-banner")).to_contain_text("已派单至 柳林镇民政办")
    expect(op.locator("#case-unit")).to_contain_text("柳林镇民政办")
    walk.shot(op, "registered")

    # 2. The text names no wrongdoing, but the caller told the operator more: the operator adds 虚报冒领.
    details = op.locator("details:has(#tag-form)")
    if details.get_attribute("open") is None:
        details.locator("summary", has_text="更正标签").click()
    op.locator("#tag-form").get_by_label("虚报冒领（错保）").check()
    op.locator("#tag-form [type=submit]").click()
    expect(op.locator(".alert-success")).to_contain_text("分类标签已更正")
    expect(op.locator("#case-tags .tag-fraud")).to_be_visible()
    expect(op.locator("#case-unit")).to_contain_text("柳林镇民政办")  # fraud alone does not recuse the town
    walk.shot(op, "tags-corrected")

    # A call from another town, for step 4.
    op.goto(base + "/intake/new")
    other_no, other_id = register(op, kind="求助", name="高秀英", phone="13803581111", town="孟门镇",
                                  village="孟门村", text="我儿子今年考上大学，家里是低保户，想问问有没有教育救助，到哪里申请。")
    expect(op.locator("#case-unit")).to_contain_text("孟门镇民政办")

    # 3. The 柳林镇 office signs for, works and closes the case.
    hd = walk.sign_in("handler")
    hd.goto(base + "/cases/")
    row = hd.locator(f'#case-table tr[data-case-no="{second_no}"]')
    expect(row).to_be_visible()
    expect(row.locator(".badge.text-bg-success.deadline-on_time")).to_have_text("正常")
    expect(row).to_contain_text("签收期限")
    expect(hd.locator(f'#case-table tr[data-case-no="{other_no}"]')).to_have_count(0)
    walk.shot(hd, "handler-list")
    row.get_by_role("link", name=second_no).click()
    expect(hd.locator("#case-status")).to_have_text("已派单")
    expect(hd.locator("#caller")).to_contain_text("举报人信息已保护")  # a whistle-blower's name stays hidden

    hd.click("#btn-ack")
    expect(hd.locator(".alert-success")).to_contain_text("已签收")
    expect(hd.locator("#case-status")).to_have_text("已签收")
    hd.fill("#findings", "已入户核实：老张家在县城有楼房一套，儿子有稳定收入，拟按程序停保。")
    hd.click("#btn-findings")
    expect(hd.locator(".alert-success")).to_contain_text("办理情况已记录")
    hd.fill("#reply", "经核实反映属实，已按程序停发该户低保，感谢您的监督。")
    dialogs = []
    hd.once("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    hd.click("#btn-close")
    expect(hd.locator("#case-status")).to_have_text("已办结")
    assert dialogs and "确认办结" in dialogs[0]
    expect(hd.locator("#case-reply")).to_contain_text("已按程序停发该户低保")
    history = hd.locator("#history li")
    expect(history.filter(has_text="签收").filter(has_text="李承办")).to_have_count(1)
    expect(history.filter(has_text="已入户核实").filter(has_text="李承办")).to_have_count(1)
    expect(history.filter(has_text="已按程序停发该户低保").filter(has_text="李承办")).to_have_count(1)
    walk.shot(hd, "handler-closed")

    # 4. Another town's case does not exist for this office.
    response = hd.goto(f"{base}/cases/{other_id}")
    assert response.status == 404
    expect(hd.locator(".alert-warning")).to_contain_text("404")
    expect(hd.locator("body")).not_to_contain_text(other_no)
    walk.shot(hd, "handler-404")

    # 5. A serious report goes to the liaison at once; the liaison records a disposition.
    op.goto(base + "/intake/new")
    serious_no, _ = register(
        op, kind="举报", name="郝建军", phone="13703589876", town="柳林镇", village="西山村",
        text="我们村的村支书把全村二十多户的低保存折都收走放在他家里，每季度钱打进来他就去取，"
             "只给我们每户一百块，剩下的不知道去哪了，大家敢怒不敢言。")
    expect(op.locator("#case-unit")).to_contain_text("社会救助股")  # recused from the town office
    expect(op.locator("#case-tags .flag-serious")).to_be_visible()
    walk.shot(op, "serious-registered")

    li = walk.sign_in("liaison")
    li.click("nav >> text=纪检监察线索")
    row = li.locator(f'#referral-table tr[data-case-no="{serious_no}"]')
    expect(row).to_be_visible()
    expect(row).to_contain_text("严重问题线索")
    expect(row).to_contain_text("待处置")
    walk.shot(li, "referral-queue")
    row.get_by_role("link", name=serious_no).click()
    expect(li.locator("#reporter")).to_contain_text("郝建军")
    expect(li.locator("#reporter")).to_contain_text("13703589876")
    expect(li.locator("#reasons")).to_contain_text("严重问题线索")
    li.select_option("#disposition", "初步核实")
    li.fill("#disposition-note", "线索具体，涉及户数多，由县纪委监委第二监督检查室初步核实。")
    li.click("#btn-dispose")
    expect(li.locator(".alert-success")).to_contain_text("已记录处置：初步核实")
    expect(li.locator("#dispose-form h5")).to_contain_text("当前：初步核实")
    expect(li.locator("#disposition")).to_have_value("初步核实")
    walk.shot(li, "referral-disposed")

    li.click("nav >> text=纪检监察线索")  # the pending queue no longer lists it
    expect(li.locator(f'#referral-table tr[data-case-no="{serious_no}"]')).to_have_count(0)

    # 6. The admin previews the tagging rules live: tags and the words that triggered them.
    ad = walk.sign_in("admin")
    ad.click("nav >> text=分类规则")
    ad.fill("#preview-text", "组长说想评上低保，得先拿两千块钱给他，不给就不往上报。")
    expect(ad.locator("#preview-tags")).to_contain_text("吃拿卡要")
    expect(ad.locator("#preview-tags")).to_contain_text("严重")
    expect(ad.locator("#preview-result")).to_contain_text("两千块")
    walk.shot(ad, "rules-preview")
