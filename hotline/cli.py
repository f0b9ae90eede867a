"""Command-line interface: `flask --app wsgi <command>`."""
import json

import click

from hotline.extensions import db


def register_cli(app):
    @app.cli.command("seed-demo")
    @click.option("--cases", default=300, show_default=True, help="how many demo cases to create")
    def seed_demo(cases):
        """Create 柳林县's towns and units, one user per role, and demo cases."""
        from hotline.cases.models import Case
        from hotline.demo.cases import seed_cases
        from hotline.demo.org import DEMO_USERS, TOWNS, ensure_org, ensure_users, town_handlers

        ensure_org()
        ensure_users(DEMO_USERS + town_handlers())
        db.session.commit()
        if db.session.query(Case).count() == 0 and cases:
            seed_cases(cases, TOWNS)
            click.echo(f"已创建 {cases} 件演示事项")
        else:
            click.echo("已有事项，未重复创建演示事项")
        click.echo("演示账号（用户名 / 密码 / 角色）：")
        for username, name, role, unit, password in DEMO_USERS:
            click.echo(f"  {username:<11} {password:<14} {role}{'（' + unit + '）' if unit else ''}")
        others = town_handlers()
        click.echo(f"  其余乡镇民政办承办人：{others[0][0]} … {others[-1][0]}，密码 handler123")

    @app.cli.command("import-calls")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--as-user", default=None, help="username recorded as the registering operator")
    def import_calls(path, as_user):
        """Import calls from CSV or xlsx; prints one JSON line per row."""
        from hotline.intake.importer import ImportFileError, import_rows
        from hotline.people.models import Town, User

        actor = None
        if as_user:
            actor = db.session.query(User).filter_by(username=as_user).first()
            if actor is None:
                raise click.ClickException(f"用户不存在：{as_user}")
        towns = [t.name for t in db.session.query(Town).order_by(Town.id)]
        failed = 0
        try:
            for result in import_rows(path, actor, towns):
                failed += "error" in result
                click.echo(json.dumps(result, ensure_ascii=False))
        except ImportFileError as exc:
            raise click.ClickException(str(exc))
        if failed:
            raise SystemExit(1)

    @app.cli.command("sweep")
    @click.option("--now", "now_text", default=None, help="evaluate as of this time, e.g. 2026-12-01T09:00:00+08:00")
    def sweep_command(now_text):
        """Run one escalation sweep now and print what it did."""
        from hotline.escalation.sweep import sweep
        from hotline.timeutil import parse_local, utcnow

        try:
            now = parse_local(now_text) if now_text else utcnow()
        except ValueError:
            raise click.BadParameter("时间格式应为 ISO 8601，例如 2026-12-01T09:00:00+08:00", param_hint="--now")
        click.echo(json.dumps(sweep(now, batch=app.config["SWEEP_BATCH"])))

    @app.cli.command("up")
    @click.option("--port", default=5000, show_default=True)
    @click.option("--host", default="127.0.0.1", show_default=True)
    @click.option("--demo-cases", default=300, show_default=True)
    def up(port, host, demo_cases):
        """Run everything: migrate, seed demo data, then web, worker and scheduler together."""
        from hotline.launcher import run_all

        run_all(app, host, port, demo_cases)
