"""The production application with Django serving the static files (nginx serves them in production).

What the browser tests' server process runs (tests/browser/test_live_round.py).
"""

from __future__ import annotations

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

from quizsite.asgi import application as site

application = ASGIStaticFilesHandler(site)
