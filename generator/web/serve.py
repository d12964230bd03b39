"""`disclosure serve`: migrate, start the build worker, serve on a threaded WSGI server."""

from __future__ import annotations

import os
from pathlib import Path


def setup(data: Path, database: str | None = None, host: str = "127.0.0.1") -> None:
    os.environ["DISCLOSURE_DATA"] = str(Path(data).resolve())
    if database:
        os.environ["DISCLOSURE_DATABASE"] = database
    hosts = os.environ.get("DISCLOSURE_HOSTS", "localhost,127.0.0.1,[::1]")
    if host not in ("0.0.0.0", "::"):
        hosts += f",{host}"
    else:
        hosts += ",*"
    os.environ["DISCLOSURE_HOSTS"] = hosts
    os.environ["DJANGO_SETTINGS_MODULE"] = "generator.web.settings"
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    try:
        django.setup()
        from django.core.management import call_command
        call_command("migrate", verbosity=0)
    except ImproperlyConfigured as exc:  # e.g. a PostgreSQL URL without psycopg installed
        raise ValueError(f"数据库配置有误：{exc}（PostgreSQL 需要 pip install 'disclosure-reports[postgres]'）") from None
    except DatabaseError as exc:
        raise ValueError(f"无法使用数据库：{exc}") from None


def run(host: str, port: int, data: Path, database: str | None, demo: bool, worker: bool) -> None:
    setup(data, database, host)
    if demo:
        from generator.web import demo as demo_data
        print("示例账号（密码均为 {}）：".format(demo_data.PASSWORD))
        for username, _, role in demo_data.load():
            print(f"  {username:10s} {role}")
    import signal

    def stop(signum, frame):  # SIGTERM ends the server as Ctrl+C does, so the build pool is shut down
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    builds = None
    if worker:
        from generator.web.worker import Worker
        builds = Worker()
        builds.start()
    from django.core.servers.basehttp import run as serve_http
    from django.core.wsgi import get_wsgi_application

    shown = "localhost" if host in ("127.0.0.1", "localhost") else host

    def bound(actual_port: int) -> None:  # printed once the port is open, so a script may connect right away
        print(f"服务已启动：http://{shown}:{actual_port}/  （数据：{Path(data).resolve()}；Ctrl+C 停止）", flush=True)

    try:
        serve_http(host, port, get_wsgi_application(), ipv6=":" in host, threading=True, on_bind=bound)
    except KeyboardInterrupt:
        pass
    finally:
        if builds is not None:  # a build cut short stays `running` and is queued again at the next start
            builds.stop()
