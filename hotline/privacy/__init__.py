"""Personal data: ID number validation (GB 11643) and masking."""
from hotline.privacy.idcard import id_number_error, normalize_id_number  # noqa: F401
from hotline.privacy.masking import mask_id_number, mask_phone  # noqa: F401
