"""Settings read from the environment: embedded defaults, production refusals, check --deploy.

Settings are module-level code, so every variant is imported in a fresh
subprocess with exactly the environment under test.
"""

from __future__ import annotations

import ast
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "quiz.example.vn",
    "DATABASE_URL": "postgres://quiz@127.0.0.1:5432/quiz",
}
# Variables of ours that the developer's or CI's shell may carry.
OUR_VARS = {
    "DJANGO_ENV",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "DB_CONN_MAX_AGE",
    "REQUEST_THREADS",
    "MEDIA_ROOT",
    "LOG_LEVEL",
    "TEAM_SIZE_LIMIT",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "DISABLE_RATE_LIMITS",
    "TRUSTED_PROXY_COUNT",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_TIMEOUT",
    "DEFAULT_FROM_EMAIL",
    "SERVER_EMAIL",
    "QUESTION_IMAGE_MAX_BYTES",
    "CHANNEL_PREFIX",
    "CACHE_PREFIX",
    "LIVE_LOG_LEVEL",
    "LIVE_QUESTION_LEAD_MS",
    "VAPID_PUBLIC_KEY",
    "VAPID_PRIVATE_KEY",
    "VAPID_SUBJECT",
    "PUSH_WORKERS",
    "PUSH_SERVICE_HOSTS",
    "DJANGO_SETTINGS_MODULE",
}


def clean_environ() -> dict[str, str]:
    """The caller's environment without our settings nor any DJANGO_* flag another test may have set."""
    return {k: v for k, v in os.environ.items() if k not in OUR_VARS and not k.startswith("DJANGO_")}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = clean_environ()
    clean["DJANGO_SETTINGS_MODULE"] = "quizsite.settings"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def load_settings(*names: str, **env: str) -> dict:
    code = (
        "import json; from quizsite import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_channel_layer_is_in_memory_with_explicit_limits_without_redis_url():
    layer = load_settings("CHANNEL_LAYERS")["CHANNEL_LAYERS"]["default"]

    assert layer["BACKEND"] == "channels.layers.InMemoryChannelLayer"
    assert layer["CONFIG"]["capacity"] >= 1000
    assert layer["CONFIG"]["expiry"] > 0


def test_the_channel_layer_is_redis_with_explicit_limits_when_redis_url_is_set():
    layer = load_settings("CHANNEL_LAYERS", REDIS_URL="redis://127.0.0.1:6379/3")["CHANNEL_LAYERS"]["default"]

    assert layer["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    assert layer["CONFIG"]["hosts"][0]["address"] == "redis://127.0.0.1:6379/3"
    assert layer["CONFIG"]["capacity"] >= 1000
    assert layer["CONFIG"]["expiry"] > 0
    assert layer["CONFIG"]["group_expiry"] > 0


def test_an_idle_consumer_outlasts_the_redis_layers_blocking_read():
    # redis-py 8's default 5 s socket timeout races channels_redis's 5 s
    # BZPOPMIN and closes idle WebSockets with 1011 (seen in bench/ws_ping.py).
    code = (
        "from channels_redis.core import RedisChannelLayer; from channels_redis.utils import create_pool; "
        "from quizsite import settings as s; layer = RedisChannelLayer(**s.CHANNEL_LAYERS['default']['CONFIG']); "
        "print(create_pool(layer.hosts[0]).connection_kwargs['socket_timeout'], layer.brpop_timeout)"
    )
    result = run_python(code, REDIS_URL="redis://127.0.0.1:6379/3")
    assert result.returncode == 0, result.stderr
    socket_timeout, blocking_read = (float(v) for v in result.stdout.split())

    assert socket_timeout >= 2 * blocking_read


def test_the_embedded_default_is_sqlite_with_debug_on():
    loaded = load_settings("DATABASES", "DEBUG")

    assert loaded["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["DEBUG"] is True


def test_production_reads_the_database_from_database_url_with_debug_off():
    loaded = load_settings("DATABASES", "DEBUG", "SESSION_COOKIE_SECURE", **PRODUCTION_ENV)

    assert loaded["DATABASES"]["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert loaded["DATABASES"]["default"]["NAME"] == "quiz"
    assert loaded["DEBUG"] is False
    assert loaded["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = run_python("import quizsite.settings", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} must be set in production" in result.stderr


def deploy_example() -> dict[str, str]:
    """deploy/env.example's variables."""
    lines = (ROOT / "deploy" / "env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def settings_variables() -> set[str]:
    """The environment variables quizsite/settings.py reads (through its env, env_bool, env_list, env_int)."""
    tree = ast.parse((ROOT / "quizsite" / "settings.py").read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id.startswith("env")
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_every_variable_the_settings_read_is_kept_out_of_these_tests_and_documented_for_production():
    read = settings_variables()
    assert {"SECRET_KEY", "VAPID_PRIVATE_KEY", "PUSH_SERVICE_HOSTS", "PUSH_WORKERS"} <= read  # the reading is found
    # A variable the shell carries would otherwise change what these tests load (a VAPID key turns reminders on).
    assert read - OUR_VARS == set()
    # Set, or shown commented out with its default, in the file operators copy to /etc/quiz/env.
    documented = set(re.findall(r"\b([A-Z][A-Z0-9_]+)=", (ROOT / "deploy" / "env.example").read_text()))
    assert read - documented == set()


def test_the_production_example_keeps_one_checked_connection_per_request_thread():
    # What docs/BENCHMARKS.md measured against Django's connection pool: 8
    # long-lived request threads per process, each reusing its connection
    # for a minute, checked before reuse; no pool.
    example = {k: deploy_example()[k] for k in ("REQUEST_THREADS", "DB_CONN_MAX_AGE")}
    loaded = load_settings("DATABASES", "REQUEST_THREADS", **PRODUCTION_ENV, **example)
    database = loaded["DATABASES"]["default"]

    assert loaded["REQUEST_THREADS"] == 8
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    assert "pool" not in database.get("OPTIONS", {})


def test_without_db_conn_max_age_a_connection_is_closed_after_each_request():
    database = load_settings("DATABASES", **PRODUCTION_ENV)["DATABASES"]["default"]

    assert database["CONN_MAX_AGE"] == 0
    assert database["CONN_HEALTH_CHECKS"] is False


def test_rate_limits_can_be_turned_off_for_load_scripts_only():
    assert load_settings("ACCOUNT_RATE_LIMITS", DISABLE_RATE_LIMITS="true")["ACCOUNT_RATE_LIMITS"] is False
    assert load_settings("ACCOUNT_RATE_LIMITS")["ACCOUNT_RATE_LIMITS"]


def test_the_client_address_is_read_behind_one_proxy_in_production_only():
    # Production runs behind nginx (deploy/nginx.conf), which appends the address it saw to
    # X-Forwarded-For; without a proxy that header is the client's own word and is ignored.
    assert load_settings("ALLAUTH_TRUSTED_PROXY_COUNT")["ALLAUTH_TRUSTED_PROXY_COUNT"] == 0
    assert load_settings("ALLAUTH_TRUSTED_PROXY_COUNT", **PRODUCTION_ENV)["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    two = load_settings("ALLAUTH_TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="2", **PRODUCTION_ENV)
    assert two["ALLAUTH_TRUSTED_PROXY_COUNT"] == 2


def test_mail_goes_to_the_console_without_a_mail_server():
    for env in ({}, PRODUCTION_ENV):
        assert (
            load_settings("EMAIL_BACKEND", **env)["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
        )


def test_mail_goes_by_smtp_when_a_server_is_given():
    loaded = load_settings(
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "EMAIL_USE_SSL",
        "EMAIL_TIMEOUT",
        "DEFAULT_FROM_EMAIL",
        EMAIL_HOST="smtp.example.vn",
        EMAIL_PORT="465",
        EMAIL_USE_SSL="true",
        EMAIL_HOST_USER="quiz",
        EMAIL_HOST_PASSWORD="bi-mat",
        DEFAULT_FROM_EMAIL="Thi kỹ năng số <no-reply@example.vn>",
    )
    assert loaded == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.vn",
        "EMAIL_PORT": 465,
        "EMAIL_HOST_USER": "quiz",
        "EMAIL_HOST_PASSWORD": "bi-mat",
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": True,
        "EMAIL_TIMEOUT": 10,
        "DEFAULT_FROM_EMAIL": "Thi kỹ năng số <no-reply@example.vn>",
    }
    assert load_settings("EMAIL_USE_TLS", EMAIL_HOST="smtp.example.vn")["EMAIL_USE_TLS"] is True


def test_production_refuses_to_send_mail_by_smtp_without_a_sender():
    # Django's webmaster@localhost would sign every reset mail: refused or filed as spam.
    result = run_python("import quizsite.settings", EMAIL_HOST="smtp.example.vn", **PRODUCTION_ENV)

    assert result.returncode != 0
    assert "DEFAULT_FROM_EMAIL must be set in production when EMAIL_HOST is set" in result.stderr
    # Mail printed to the log needs no sender; nor does development.
    assert "localhost" in load_settings("DEFAULT_FROM_EMAIL", **PRODUCTION_ENV)["DEFAULT_FROM_EMAIL"]
    assert "webmaster" not in load_settings("DEFAULT_FROM_EMAIL")["DEFAULT_FROM_EMAIL"]


@pytest.mark.django_db
def test_a_password_reset_with_the_default_mail_settings_prints_the_link(client, settings, capsys):
    # Django's own default (SMTP on localhost:25) made this an HTTP 500 on a machine without a mail server.
    from quizsite.accounts.models import User

    settings.EMAIL_BACKEND = load_settings("EMAIL_BACKEND")["EMAIL_BACKEND"]
    User.objects.create_user(phone="+84912345678", email="lan@example.vn", password="Mat-khau-thu-2025")

    response = client.post("/accounts/password/reset/", {"email": "lan@example.vn"})

    assert response.status_code == 302
    assert "/accounts/password/reset/key/" in capsys.readouterr().out


def test_check_deploy_is_clean_with_the_production_environment():
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        database_url = "sqlite:///" + str(ROOT / "db.sqlite3")
    env = {**PRODUCTION_ENV, "DATABASE_URL": database_url}
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    clean = clean_environ()

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_site_speaks_vietnamese_on_vietnam_time():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]


@pytest.mark.django_db
def test_the_home_page_is_vietnamese_by_default(client):
    page = client.get("/").content.decode()

    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page


@pytest.mark.django_db
def test_the_home_page_switches_to_english_through_setlang(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302

    page = client.get("/").content.decode()

    # The English catalog (locale/en) is produced later from the Vietnamese
    # msgids; until then only the language attribute is certain to change.
    assert '<html lang="en">' in page
