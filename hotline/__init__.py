"""hotline: complaint hotline and petition tracking for a county civil-affairs bureau.

A case moves: intake → tagging → routing → deadlines → escalation → referral.
"""
import logging

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from config import BASE_DIR, INSTANCE_DIR, Config
from hotline.extensions import bootstrap, csrf, db, login_manager, migrate


def create_app(config=None):
    app = Flask(__name__, template_folder="../templates", instance_path=str(INSTANCE_DIR))
    app.config.from_object(Config)
    if config:
        app.config.update(config)
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"
    login_manager.login_message_category = "warning"
    csrf.init_app(app)
    bootstrap.init_app(app)

    from hotline import models  # noqa: F401  (register every table)
    from hotline.cases.views import bp as cases_bp
    from hotline.intake.views import bp as intake_bp
    from hotline.admin.views import bp as admin_bp
    from hotline.escalation.views import bp as escalation_bp
    from hotline.people.views import bp as auth_bp
    from hotline.referral.views import bp as referral_bp
    from hotline.reports.views import bp as reports_bp
    from hotline.rules.views import bp as rules_bp

    for bp in (auth_bp, intake_bp, cases_bp, escalation_bp, referral_bp, admin_bp, rules_bp, reports_bp):
        app.register_blueprint(bp)

    @app.before_request
    def use_newest_rules():
        from hotline.rules.store import activate_saved_rules

        activate_saved_rules()  # cheap: looks at the database at most every few seconds

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    _register_filters(app)
    _register_errors(app)

    from hotline.cli import register_cli

    register_cli(app)
    return app


def _register_filters(app):
    from hotline.privacy import mask_id_number, mask_phone
    from hotline.timeutil import fmt

    app.jinja_env.filters["local"] = fmt
    app.jinja_env.filters["mask_phone"] = mask_phone
    app.jinja_env.filters["mask_id"] = mask_id_number


def _register_errors(app):
    messages = {
        400: "请求有误。",
        403: "您没有权限访问此页面。",
        404: "页面不存在，或您无权查看该事项。",
        500: "系统内部错误，已记录。请稍后再试。",
    }

    def render(code):
        return render_template("error.html", code=code, message=messages[code]), code

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        message = "表单已过期或来源无法验证（CSRF校验失败）。请点浏览器的“返回”，刷新页面后重新提交；已填写的内容可在返回后找回。"
        return render_template("error.html", code=400, message=message), 400

    for code in messages:
        app.register_error_handler(code, lambda exc, code=code: render(code))
