"""Masks for lists, exports and screens of users who do not need the full value."""


def mask_phone(phone):
    """13812345678 -> 138****5678; short numbers keep only their last 4 digits."""
    if not phone:
        return ""
    p = phone.strip()
    if len(p) >= 11:
        return p[:3] + "*" * (len(p) - 7) + p[-4:]
    if len(p) > 4:
        return "*" * (len(p) - 4) + p[-4:]
    return "*" * len(p)


def mask_id_number(number):
    """142601199001011234 -> 1426**********1234."""
    if not number:
        return ""
    n = number.strip()
    if len(n) <= 8:
        return "*" * len(n)
    return n[:4] + "*" * (len(n) - 8) + n[-4:]
