"""`make bench`: every benchmark scenario in one run, against one /healthz baseline.

    .venv/bin/python bench/run.py [--clients 32 --duration 20 ...]

Later benchmarks add their scenarios to ``SCENARIOS``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness, question_list, weekly_round, ws_ping  # noqa: E402


def all_scenarios(args: argparse.Namespace) -> list[harness.Scenario]:
    return [
        *question_list.scenarios(),
        *ws_ping.scenarios(),
        *weekly_round.scenarios(logins=args.logins, round_seconds=args.round_seconds),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = harness.parser(__doc__.splitlines()[0])
    weekly_round.add_arguments(parser)
    args = parser.parse_args(argv)
    return harness.run(args, all_scenarios(args), title="all")


if __name__ == "__main__":
    sys.exit(main())
