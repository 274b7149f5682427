"""`make bench`: every benchmark scenario in one run, against one /healthz baseline.

    .venv/bin/python bench/run.py [--clients 32 --duration 20 ...]

Later benchmarks add their scenarios to ``SCENARIOS``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness, question_list, ws_ping  # noqa: E402


def all_scenarios() -> list[harness.Scenario]:
    return [*question_list.scenarios(), *ws_ping.scenarios()]


def main(argv: list[str] | None = None) -> int:
    args = harness.parser(__doc__.splitlines()[0]).parse_args(argv)
    return harness.run(args, all_scenarios(), title="all")


if __name__ == "__main__":
    sys.exit(main())
