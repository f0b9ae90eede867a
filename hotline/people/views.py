from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired

from hotline.extensions import db, login_manager
from hotline.people.models import User

bp = Blueprint("auth", __name__)

HOME_BY_ROLE = {
    "operator": "intake.new_call",
    "handler": "cases.index",
    "supervisor": "reports.dashboard",
    "liaison": "referral.queue",
    "admin": "cases.index",
}


@login_manager.user_loader
def load_user(user_id):
    return db.session.get(User, int(user_id))


class LoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名")])
    password = PasswordField("密码", validators=[DataRequired("请输入密码")])
    remember = BooleanField("记住我")
    submit = SubmitField("登录")


def home_url(user):
    return url_for(HOME_BY_ROLE.get(user.role, "cases.index"))


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    return redirect(url_for(".login"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.query(User).filter_by(username=form.username.data.strip()).first()
        if user is None or not user.check_password(form.password.data) or not user.active:
            flash("用户名或密码错误，或账号已停用。", "danger")
        else:
            login_user(user, remember=form.remember.data)
            target = request.args.get("next", "")
            if not target or urlsplit(target).netloc or not target.startswith("/"):
                target = home_url(user)
            return redirect(target)
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("已退出登录。", "info")
    return redirect(url_for(".login"))
