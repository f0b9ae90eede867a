"""Bulk import of calls from CSV or xlsx (bureau ledgers, 12345 batches).

Each row runs through the same form validation and pipeline as the operator's
form, in its own transaction: a bad row never stops the good ones and never
leaves anything half-written.
"""
import csv
import io
from datetime import date, datetime
from pathlib import Path

from werkzeug.datastructures import MultiDict

COLUMNS = {
    "received_at": "接收时间",
    "channel": "来源渠道",
    "kind": "诉求类型",
    "town": "乡镇",
    "village": "村",
    "caller_name": "姓名",
    "caller_phone": "电话",
    "caller_id_number": "身份证号",
    "text": "内容",
}
_HEADER = {**{k: k for k in COLUMNS}, **{v: k for k, v in COLUMNS.items()}}


class ImportFileError(Exception):
    """The file as a whole cannot be read (message in Chinese)."""


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(path):
    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError("无法识别文件编码，请保存为UTF-8或GBK编码的CSV")
    return list(csv.reader(io.StringIO(text)))


def _read_xlsx(path):
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(f"无法读取Excel文件：{exc}") from exc
    ws = wb.worksheets[0]
    rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
    wb.close()
    return rows


def read_rows(path):
    """Yield (row_number, {field: value}) with spreadsheet row numbers (header is row 1)."""
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = _read_xlsx(path)
    elif suffix in (".csv", ".txt"):
        rows = _read_csv(path)
    else:
        raise ImportFileError("只支持 CSV 或 xlsx 文件")
    if not rows:
        raise ImportFileError("文件是空的")
    header = [_HEADER.get(_cell(h)) for h in rows[0]]
    if "text" not in header:
        raise ImportFileError("缺少“内容”(text)列；表头应为：" + "、".join(COLUMNS.values()))
    for number, row in enumerate(rows[1:], start=2):
        values = [_cell(v) for v in row]
        if not any(values):
            continue
        yield number, {field: values[i] if i < len(values) else ""
                       for i, field in enumerate(header) if field}


def import_rows(path, actor, towns):
    """Yield one result dict per row (see the CLI for its JSON shape)."""
    from hotline.extensions import db
    from hotline.intake.forms import CallForm
    from hotline.intake.pipeline import after_commit, form_data, register_call

    for number, row in read_rows(path):
        form = CallForm(formdata=MultiDict(row), meta={"csrf": False}, towns=towns)
        if not row.get("channel"):
            form.channel.data = "热线电话"
        if not row.get("kind"):
            form.kind.data = "投诉"
        if not form.validate():
            messages = [m for errs in form.errors.values() for m in errs]
            yield {"row": number, "error": f"第{number}行：" + "；".join(messages)}
            continue
        try:
            case = register_call(form_data(form), actor)
            db.session.commit()
        except Exception as exc:  # keep going: one row's failure must not stop the rest
            db.session.rollback()
            yield {"row": number, "error": f"第{number}行：保存失败（{exc.__class__.__name__}）"}
            continue
        after_commit(case)
        yield {
            "row": number,
            "case_no": case.case_no,
            "unit": case.unit.name,
            "categories": case.categories,
            "urgent": case.urgent,
            "serious": case.serious,
            "ack_due": case.ack_due.isoformat(),
            "close_due": case.close_due.isoformat(),
        }
