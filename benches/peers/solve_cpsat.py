#!/usr/bin/env python3
"""solve a Paddock problem with OR-Tools CP-SAT and write our schedule format.

    python3 benches/peers/solve_cpsat.py PROBLEM.json --time-limit 10 --threads 2 --out schedule.json

Prints one JSON line: wall time, model build time, solver status, objective, number of
solutions, time of the first solution, and `time_to_first_feasible`: when the incumbent first
reached the final number of placed lessons (the analogue of our solver's "no placeable lesson
left out"), in seconds since the search started (`build_time`, reading the problem and
building the model, comes before and is not charged to the budget).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time

from ortools.sat.python import cp_model

import problem as problem_mod
from model import PaddockModel


class Incumbents(cp_model.CpSolverSolutionCallback):
    """Records (time, placed lessons, objective) of every improving solution."""

    def __init__(self, model: PaddockModel, began: float):
        super().__init__()
        self.placed = [v.placed for v in model.vars]
        self.began = began
        self.history: list[tuple[float, int, float]] = []

    def on_solution_callback(self):
        placed = sum(self.value(x) for x in self.placed)
        # `objective_value` is a property in OR-Tools 9.15 (a method in some older releases).
        objective = self.objective_value
        if callable(objective):
            objective = objective()
        self.history.append((time.monotonic() - self.began, placed, objective))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("problem")
    ap.add_argument("--time-limit", type=float, default=10.0, help="seconds of search (model building excluded)")
    ap.add_argument("--threads", type=int, default=1, help="CP-SAT search workers")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", help="write the schedule here")
    ap.add_argument("--log", action="store_true", help="print CP-SAT's search log to stderr")
    ap.add_argument("--build-only", action="store_true",
                    help="build the model, print its build time and size, and exit without solving")
    args = ap.parse_args(argv)

    began = time.monotonic()
    with open(args.problem, encoding="utf-8") as f:
        doc = json.load(f)
    problem = problem_mod.load(doc.get("problem", doc) if "club" not in doc else doc)
    model = PaddockModel(problem)
    built = time.monotonic() - began

    if args.build_only:
        proto = model.m.proto
        print(json.dumps({
            "build_time": built,
            "variables": len(proto.variables),
            "constraints": len(proto.constraints),
            "requests": len(problem.requests),
            "unit_minutes": model.unit,
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        }))
        return 0

    solver = cp_model.CpSolver()
    # The whole budget goes to the search: building the model in Python is slow and not CP-SAT's
    # fault, so it is reported (`build_time`) but not charged. This favours the peer.
    solver.parameters.max_time_in_seconds = args.time_limit
    solver.parameters.num_search_workers = args.threads
    solver.parameters.random_seed = args.seed
    solver.parameters.log_search_progress = args.log
    solver.parameters.log_to_stdout = False
    if args.log:
        solver.log_callback = lambda line: print(line, file=sys.stderr)
    search_began = time.monotonic()
    incumbents = Incumbents(model, search_began)
    status = solver.solve(model.m, incumbents)
    wall = time.monotonic() - began

    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    schedule = model.extract(solver.value) if found else {
        "format": "paddock-schedule/1",
        "lessons": [],
        "unassigned": [{"request": r.key, "reason": "CP-SAT found no solution in time"} for r in problem.requests],
    }
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(schedule, f, indent=1)
            f.write("\n")
    best_placed = incumbents.history[-1][1] if incumbents.history else None
    ttff = next((t for t, placed, _ in incumbents.history if placed == best_placed), None)
    print(json.dumps({
        "status": solver.status_name(status),
        "objective": solver.objective_value if found else None,
        "best_bound": solver.best_objective_bound if found else None,
        "big_m": model.big,
        "placed": len(schedule["lessons"]),
        "requests": len(problem.requests),
        "solutions": len(incumbents.history),
        "time_to_first_solution": incumbents.history[0][0] if incumbents.history else None,
        "time_to_first_feasible": ttff,
        "build_time": built,
        "wall_time": wall,
        "threads": args.threads,
        "unit_minutes": model.unit,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
