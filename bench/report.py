"""Turn a results file of bench/harness.py into a Markdown section for docs/BENCHMARKS.md.

.venv/bin/python bench/report.py bench/results/question_list-20250101-120000.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def markdown(report: dict) -> str:
    m = report["machine"]
    s = report["settings"]
    lines = [
        f"### {report['title']} — {report['date']}",
        "",
        f"- Commit: `{report['commit']}`; data: {report['seeded_by']} + {s['questions']} bench questions",
        f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['memory']} RAM, Linux {m['kernel']}; "
        f"Python {m['python']}, Django {m['django']}, "
        + ", ".join(x for x in (f"daphne {m['daphne']}", m.get("servers")) if x)
        + f", PostgreSQL {m['postgresql']}, Redis {m['redis']}",
        f"- Set-up: {s['processes']} {s.get('server', 'daphne')} processes, {s['clients']} concurrent clients, "
        f"{s['warmup']:g} s warm-up + {s['duration']:g} s measured per scenario, DB_CONN_MAX_AGE={s['conn_max_age']}; "
        f"machine {report.get('background_cpu_pct_before', 0):.0f}% busy before the run",
        f"- Command: `.venv/bin/python {report['command']}`",
        "",
        "| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | server CPU | client CPU | machine CPU "
        "| DB conns | ÷ baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in report["results"]:
        ratio = f"{r['ratio_to_baseline']:.2f}" if r.get("ratio_to_baseline") is not None else "1"
        lines.append(
            f"| {r['name']} | {r['rps']:.1f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} "
            f"| {r['errors']}/{r['requests']} | {r['server_cpu_pct']:.0f}% | {r['client_cpu_pct']:.0f}% "
            f"| {r['machine_cpu_pct']:.0f}% | {r.get('db_connections_peak', '?')} | {ratio} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(markdown(json.loads(Path(name).read_text())))
