"""The ledger (台账) as an xlsx workbook: every matter with its deadlines and outcome.

Phone and ID numbers are masked; the name of a whistle-blower (举报) is not exported.
"""
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from hotline.privacy import mask_id_number, mask_phone
from hotline.tagging import CATEGORIES
from hotline.timeutil import fmt

HEADERS = ["事项编号", "接收时间", "来源渠道", "诉求类型", "乡镇", "村", "来电人", "电话", "身份证号", "反映内容",
           "问题分类", "急难", "严重", "承办单位", "状态", "签收期限", "签收时间", "办结期限", "办结时间",
           "是否按期办结", "答复意见", "回访结果"]
WIDTHS = {"A": 18, "B": 17, "J": 60, "K": 24, "N": 16, "U": 40}


def _on_time(case):
    if case.closed_at is None:
        return ""
    return "是" if case.closed_at <= case.close_due else "否"


def row(case):
    caller = "（举报人信息保护）" if case.kind == "举报" else (case.caller_name or "匿名")
    return [
        case.case_no, fmt(case.received_at), case.channel, case.kind, case.town.name, case.village or "",
        caller, mask_phone(case.caller_phone), mask_id_number(case.caller_id_number), case.text,
        "、".join(CATEGORIES.get(c, c) for c in case.categories), "是" if case.urgent else "",
        "是" if case.serious else "", case.unit.name if case.unit else "", case.status_label,
        fmt(case.ack_due), fmt(case.acknowledged_at), fmt(case.close_due), fmt(case.closed_at),
        _on_time(case), case.reply or "", case.satisfaction or "",
    ]


def workbook(cases, title):
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = "台账"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for case in cases:
        ws.append(row(case))
    for col, width in WIDTHS.items():
        ws.column_dimensions[col].width = width
    for cells in ws.iter_rows(min_row=3, min_col=10, max_col=10):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B3"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
