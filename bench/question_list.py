"""Bench: an author's question-list page against the /healthz baseline.

    .venv/bin/python bench/question_list.py [--clients 32 --duration 20 ...]

Every virtual user signs in as the demo author (from ``seed_demo --json``,
or bench/fixture.py's author) and opens the list over and over; the author
owns ``--questions`` extra questions, so the page paginates real volume.
``--path`` points the same scenario at another page (e.g. ``/``).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402


def scenarios(path: str = "/questions/", account: str = "author") -> list[harness.Scenario]:
    return [harness.Scenario(name=f"{account} {path}", path=path, account=account)]


def main(argv: list[str] | None = None) -> int:
    parser = harness.parser(__doc__.splitlines()[0])
    parser.add_argument("--path", default="/questions/", help="the page to load")
    parser.add_argument("--account", default="author", help="demo role to sign in as")
    args = parser.parse_args(argv)
    return harness.run(args, scenarios(args.path, args.account), title="question_list")


if __name__ == "__main__":
    sys.exit(main())
