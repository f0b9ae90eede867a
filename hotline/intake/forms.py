import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from hotline.cases.models import CHANNELS, KINDS
from hotline.privacy import id_number_error, normalize_id_number
from hotline.tagging import CATEGORIES
from hotline.timeutil import parse_local

_PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")


def _check_phone(form, field):
    value = (field.data or "").strip()
    if value and (not _PHONE.match(value) or len(re.sub(r"\D", "", value)) < 5):
        raise ValidationError("电话号码格式错误，请只填写数字")


def _check_id_number(form, field):
    value = normalize_id_number(field.data)
    if value:
        error = id_number_error(value)
        if error:
            raise ValidationError(error)
    field.data = value


def _check_received_at(form, field):
    value = (field.data or "").strip()
    if value:
        try:
            form.received_at_utc = parse_local(value)
        except ValueError:
            raise ValidationError("接收时间格式错误，应为 2026-11-22 09:30 这样的格式")
    else:
        form.received_at_utc = None


class CallForm(FlaskForm):
    """来电登记. The bulk importer runs the same form (without CSRF) on every row."""

    channel = SelectField("来源渠道", choices=[SelectChoice(c) for c in CHANNELS], default="热线电话",
                          validators=[DataRequired("请选择来源渠道")], validate_choice=False)
    kind = SelectField("诉求类型", choices=[SelectChoice(k) for k in KINDS], default="投诉",
                       validators=[DataRequired("请选择诉求类型")], validate_choice=False)
    received_at = StringField("接收时间", validators=[Optional(), _check_received_at],
                              description="留空为当前时间")
    caller_name = StringField("来电人姓名", validators=[Optional(), Length(max=40, message="姓名不超过40字")],
                              description="留空为匿名")
    caller_phone = StringField("联系电话", validators=[Optional(), _check_phone])
    caller_id_number = StringField("身份证号", validators=[Optional(), _check_id_number])
    town = SelectField("乡镇", validators=[DataRequired("请选择乡镇")], validate_choice=False)
    village = StringField("村（社区）", validators=[Optional(), Length(max=40, message="村名不超过40字")])
    text = TextAreaField("反映内容", validators=[DataRequired("请填写反映内容"),
                                             Length(max=5000, message="反映内容不超过5000字")])
    answer_now = TextAreaField("当场答复（仅咨询）", validators=[Optional(), Length(max=2000)],
                               description="咨询类事项已在电话中答复的，填写答复内容即当场办结")
    submit = SubmitField("保存并派单")

    def __init__(self, *args, towns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.town.choices = [SelectChoice("", "请选择乡镇")] + [SelectChoice(t) for t in towns]
        self.town_names = set(towns)
        self.received_at_utc = None

    def validate_channel(self, field):
        if field.data not in CHANNELS:
            raise ValidationError(f"来源渠道应为：{'、'.join(CHANNELS)}")

    def validate_kind(self, field):
        if field.data not in KINDS:
            raise ValidationError(f"诉求类型应为：{'、'.join(KINDS)}")

    def validate_town(self, field):
        if field.data not in self.town_names:
            raise ValidationError(f"未知乡镇：{field.data}" if field.data else "请选择乡镇")

    def validate_answer_now(self, field):
        if (field.data or "").strip() and self.kind.data != "咨询":
            raise ValidationError("只有咨询类事项可以当场办结")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TagForm(FlaskForm):
    """Correct the tagger's categories and flags."""

    categories = MultiCheckboxField("问题分类", choices=[SelectChoice(k, v) for k, v in CATEGORIES.items()])
    urgent = BooleanField("急难")
    serious = BooleanField("严重（纪检线索）")
    submit = SubmitField("保存更正")
