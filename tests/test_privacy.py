from hotline.privacy import id_number_error, mask_id_number, mask_phone
from hotline.privacy.idcard import check_digit


def valid_id(first17="14112519800101001"):
    return first17 + check_digit(first17)


def test_valid_id_numbers_pass_including_x():
    assert id_number_error(valid_id()) is None
    # find a body whose check character is X
    body = next(f"1411251980010100{i}" for i in range(10) if check_digit(f"1411251980010100{i}") == "X")
    assert id_number_error(body + "x") is None  # lower-case x is accepted


def test_wrong_check_digit_is_reported_in_chinese():
    good = valid_id()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    assert id_number_error(bad) == "身份证号校验位错误"


def test_wrong_length_and_bad_birth_date():
    assert "18位" in id_number_error("12345")
    body = "14112519801301001"  # month 13
    assert id_number_error(body + check_digit(body)) == "身份证号中的出生日期无效"


def test_masks():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("142601199001011234") == "1426**********1234"
    assert mask_phone("") == "" and mask_id_number(None) == ""
