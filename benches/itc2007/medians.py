"""Median and range of total cost per instance from benches/itc2007/run.sh output, as Markdown."""

import csv
import statistics
import sys

# T. Müller's ITC-2007 results and the best known (../shared/data/itc2007/README.md).
REFERENCE = {
    "comp01": (5, 5), "comp02": (51, 24), "comp03": (84, 64), "comp04": (37, 35),
    "comp05": (330, 284), "comp06": (48, 27), "comp07": (20, 6),
}

rows = list(csv.DictReader(open(sys.argv[1])))
print("| instance | runs | feasible | median cost | min–max | winner | best known | median / winner |")
print("|---|---:|---:|---:|---|---:|---:|---:|")
for name in sorted({r["instance"] for r in rows}):
    runs = [r for r in rows if r["instance"] == name]
    costs = [int(r["total_cost"]) for r in runs]
    feasible = sum(1 for r in runs if int(r["violations"]) == 0)
    median = statistics.median(costs)
    winner, best = REFERENCE.get(name, (None, None))
    ratio = f"{median / winner:.1f}×" if winner else ""
    print(f"| {name} | {len(runs)} | {feasible} | {median:g} | {min(costs)}–{max(costs)} "
          f"| {winner} | {best} | {ratio} |")
