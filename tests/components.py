"""Real components for tests: skip on a bare laptop, fail in CI."""

from __future__ import annotations

import os
import shutil

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing(reason: str) -> None:
    """Skip outside CI; in CI a missing component is a failure, never a skip."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: real components are required)", pytrace=False)
    pytest.skip(reason)


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        missing("REDIS_URL is not set: no real Redis to test against")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means "no Redis here"
        missing(f"Redis at {url} does not answer: {exc}")
    return url


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        missing("DATABASE_URL does not point at PostgreSQL")
    return url


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not (os.path.exists(path) or shutil.which(path)):
        missing(f"Chromium not found at {path} (apt-get install -y chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing("the playwright package is not installed")
    return path
