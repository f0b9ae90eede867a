"""Resident ID numbers (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check character."""
import re
from datetime import date

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def normalize_id_number(text):
    return (text or "").strip().replace(" ", "").upper()


def check_digit(first17):
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS)) % 11]


def id_number_error(text):
    """None if valid, else a Chinese message saying what is wrong."""
    value = normalize_id_number(text)
    if len(value) != 18:
        return f"身份证号应为18位，当前为{len(value)}位"
    if not _SHAPE.match(value):
        return "身份证号格式错误：前17位应为数字，最后一位为数字或X"
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "身份证号中的出生日期无效"
    if check_digit(value[:17]) != value[17]:
        return "身份证号校验位错误"
    return None
