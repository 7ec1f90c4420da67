"""Grouping benchmark: the time to form random, mixed and territory groups for rooms of thousands.

No server: `form_groups` alone, as the group board computes it before its write transaction. People get
a territory (a few large ones, many small ones), a role and a field of expertise, some left blank, as a
large mixed audience would type them. For each size and kind it prints the best and median wall time
(`time.perf_counter`) and CPU time (`time.process_time`, steadier on a busy machine) of a few runs, the
number of groups, the median as a share of the 2 s target for 5,000 people (`of_target`, below 1 is
within it), and what the grouping optimises: clashes (pairs in a group sharing a value) for mixed
groups, pairs of one territory together for territory groups.

    .venv/bin/python bench/grouping.py [--sizes 1000 2000 5000] [--cap 5] [--repeat 3] [--kinds random mixed territory]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from toolbox.rooms.methods.group_board import form_groups, group_count, together  # noqa: E402
from toolbox.rooms.methods.grouping import clashes  # noqa: E402

TERRITORIES = [f"Territory {i}" for i in range(24)]
ROLES = ["Local authority", "NGO", "Diaspora", "Research", "Private sector", "Student"]
TARGET_S = 2.0  # the security issue's bound for grouping 5,000 people on a 2-core machine
FIELDS = ["Health", "Education", "Housing", "Jobs", "Finance", "Culture", "Law", "Data"]


def audience(n: int, seed: int = 1) -> dict[int, dict[str, str]]:
    """n people: territories weighted 1, 1/2, 1/3… (a few large delegations), one in ten without one."""
    rng = random.Random(seed)
    weights = [1 / (i + 1) for i in range(len(TERRITORIES))]
    people = {}
    for p in range(n):
        a = {}
        if rng.random() > 0.1:
            a["territory"] = rng.choices(TERRITORIES, weights)[0]
        if rng.random() > 0.1:
            a["role"] = rng.choice(ROLES)
        if rng.random() > 0.3:
            a["expertise"] = rng.choice(FIELDS)
        people[p] = a
    return people


def main() -> None:
    """Print one line per size and kind."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000])
    parser.add_argument("--cap", type=int, default=5, help="largest group (the guide's max_group_size)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kinds", nargs="+", default=["random", "mixed", "territory"])
    args = parser.parse_args()
    for n in args.sizes:
        attributes = audience(n)
        ids = list(range(n))
        for kind in args.kinds:
            count = group_count(n, kind, None, args.cap)
            walls, cpus = [], []
            for _ in range(args.repeat):
                wall, cpu = time.perf_counter(), time.process_time()
                placed = form_groups(ids, count, kind, attributes, seed=0)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            median = statistics.median(walls)
            cpu = statistics.median(cpus)
            times = f"best_s={min(walls):.3f} median_s={median:.3f} cpu_median_s={cpu:.3f} of_target={median / TARGET_S:.3f}"
            quality = f"clashes={clashes(placed, attributes)} together={together(placed, attributes)}"
            print(f"people={n} kind={kind} groups={count} {times} {quality}", flush=True)


if __name__ == "__main__":
    main()
