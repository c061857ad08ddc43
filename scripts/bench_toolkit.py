"""Time every partner-toolkit asset: each must be made in under 2 seconds.

    SECRET_KEY=x ENV_FILE=/dev/null .venv/bin/python scripts/bench_toolkit.py [--runs 5]

Prints, for each asset, the first run in this process (fonts not yet loaded) and the median
and slowest of the following runs, from the seed content. No database is needed. Exits 1 if
any run took 2 seconds or more.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LIMIT_SECONDS = 2.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs after the first (default 5)")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_site.settings")
    os.environ.setdefault("ENV_FILE", "/dev/null")
    started = time.perf_counter()
    import django

    django.setup()
    from content.snapshot import default_snapshot
    from toolkit.assets import KINDS, content_from_snapshot, generate

    print(f"Django set-up and imports: {time.perf_counter() - started:.2f} s")
    content = content_from_snapshot(
        default_snapshot(),
        site_url="https://campaign.example.org",
        qr_url="https://campaign.example.org/c/leeds-bus/",
        placement_label="Leeds bus shelters",
    )
    print(f"{'asset':<22}{'first':>9}{'median':>9}{'slowest':>9}{'size':>10}")
    worst = 0.0
    for kind, (sizes, _ext) in KINDS.items():
        for size in sizes:
            times = []
            for _ in range(args.runs + 1):
                t0 = time.perf_counter()
                data = generate(content, kind, size)
                times.append(time.perf_counter() - t0)
            first, rest = times[0], times[1:]
            worst = max(worst, *times)
            print(
                f"{kind + ' ' + size:<22}{first:>8.3f}s{statistics.median(rest):>8.3f}s"
                f"{max(rest):>8.3f}s{len(data) / 1024:>8.1f}KB"
            )
    verdict = "OK" if worst < LIMIT_SECONDS else "TOO SLOW"
    print(f"Slowest single run: {worst:.3f} s (limit {LIMIT_SECONDS:.0f} s): {verdict}")
    return 0 if worst < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
