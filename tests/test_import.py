"""`flask --app wsgi import-calls FILE`: CSV and xlsx, English or Chinese headers."""
import csv
import json

from openpyxl import Workbook

from hotline.cases.models import Case, CaseEvent
from hotline.privacy.idcard import check_digit

GOOD_ID = "14112519800101001" + check_digit("14112519800101001")
BAD_ID = "14112519800101001" + ("0" if check_digit("14112519800101001") != "0" else "1")


def run(app, path):
    result = app.test_cli_runner().invoke(args=["import-calls", str(path)])
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    return result, lines


def test_csv_with_english_headers_and_a_bad_row(app, db, tmp_path):
    path = tmp_path / "calls.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["received_at", "channel", "kind", "town", "village", "caller_name", "caller_phone",
                    "caller_id_number", "text"])
        w.writerow(["2026-11-20T09:30:00", "12345转办", "求助", "柳林镇", "东关村", "张三", "13800001111",
                    GOOD_ID, "想申请临时救助，家里老人住院花了不少钱。"])
        w.writerow(["", "热线电话", "投诉", "孟门镇", "", "", "", "", "村会计把我家的低保存折拿走了，一直不还给我。"])
        w.writerow(["", "热线电话", "投诉", "柳林镇", "", "李四", "", BAD_ID, "咨询低保政策。"])
        w.writerow(["", "热线电话", "投诉", "不存在镇", "", "", "", "", "咨询低保政策。"])
    result, lines = run(app, path)
    assert [line["row"] for line in lines] == [2, 3, 4, 5]
    ok2, ok3, bad4, bad5 = lines
    assert ok2["unit"] == "柳林镇民政办" and ok2["case_no"].startswith("LL-20261120-")
    assert ok2["ack_due"].startswith("2026-11-23")  # Friday the 20th -> Monday (end of day, +08:00 shown as UTC)
    assert ok3["unit"] == "社会救助股" and "withheld_funds" in ok3["categories"]
    assert bad4 == {"row": 4, "error": "第4行：身份证号校验位错误"}
    assert bad5["error"].startswith("第5行：") and "不存在镇" in bad5["error"]
    assert result.exit_code == 1  # some rows failed
    assert db.session.query(Case).count() == 2  # nothing half-written for the bad rows
    assert db.session.query(CaseEvent).filter(CaseEvent.case_id.is_(None)).count() == 0


def test_xlsx_with_chinese_headers(app, db, tmp_path):
    path = tmp_path / "ledger.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["接收时间", "来源渠道", "诉求类型", "乡镇", "村", "姓名", "电话", "身份证号", "内容"])
    ws.append(["2026-11-19 15:00", "来信", "咨询", "三交镇", "河底村", "王五", 13911112222, GOOD_ID,
               "请问残疾人补贴一年发几次？"])
    ws.append([None, None, None, "三交镇", None, None, None, None, None])  # no text
    wb.save(path)
    result, lines = run(app, path)
    assert lines[0]["row"] == 2 and lines[0]["unit"] == "三交镇民政办"
    assert lines[1]["row"] == 3 and "请填写反映内容" in lines[1]["error"]
    case = db.session.query(Case).one()
    assert case.caller_phone == "13911112222" and case.channel == "来信"
    assert case.received_at.isoformat().startswith("2026-11-19T07:00")  # 15:00 Shanghai = 07:00 UTC


def test_unreadable_file_gives_a_clear_message(app, db, tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result, lines = run(app, path)
    assert result.exit_code != 0 and "缺少“内容”" in result.output
