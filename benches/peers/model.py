"""A CP-SAT model of a Paddock problem, with the semantics of solver/src/score/kernels.rs.

Time is modelled in *units*: the slot length when every local day starts on the slot grid (the
usual case), else minutes. A start variable per request ranges over the grid starts whose
lesson fits the request's allowed windows, the opening hours and the series' validity; the
choice of coach, arena and each rider's horse are separate Boolean alternatives, each with an
optional interval sharing the request's start and the availability of that resource as an
enforced domain. Separate alternatives per resource (instead of coach × arena × horse tuples)
are exact here because resources interact only through the start time.

Alternatives that can never be chosen (no start in the request's windows at which the resource
is available for the whole lesson, or none at the pinned start) get no literal. The per-day
limits and costs use a literal for "this alternative and that day" only on the days the
alternative can start on, and the alternative's own literal when that is a single day (it then
implies that day). This makes club-l's model a quarter smaller and quicker to build without
changing what it admits or what it costs.

See docs/quality.md for which soft terms are modelled and which are left out.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from problem import Problem, intersect


@dataclass
class Vars:
    """The decision variables of one request."""

    placed: cp_model.IntVar
    start: cp_model.IntVar | None = None
    coach: dict = field(default_factory=dict)  # coach key -> literal
    arena: dict = field(default_factory=dict)  # arena key -> literal
    horse: list = field(default_factory=list)  # per rider: {horse key -> literal}
    day: dict = field(default_factory=dict)  # day -> literal "placed and starts on that day"


class PaddockModel:
    """Builds the model; `extract` turns a solution back into our schedule document."""

    def __init__(self, problem: Problem):
        self.p = problem
        self.m = cp_model.CpModel()
        axis = problem.axis
        self.unit = problem.slot if all(s % problem.slot == 0 for s in axis.day_starts) else 1
        self.vars: list[Vars] = []
        self.objective = []  # (coefficient, expression)
        self._coach_iv: dict = {}
        self._arena_iv: dict = {}
        self._horse_iv: dict = {}
        self._rider_iv: dict = {}
        self._coach_day: dict = {}  # (coach, day) -> [(literal, minutes, start, end)]
        self._horse_day: dict = {}
        self._01 = cp_model.Domain(0, 1)
        self._avail: dict = {}  # (id(resources), key) -> (availability, ends of its intervals)
        self._starts: dict = {}  # (id(resources), windows, duration) -> {key: (its starts there, their days)}
        # First start (in units) of each day, for `days_of`.
        self._day_lo = [-(-axis.day_interval(d)[0] // self.unit) for d in range(axis.days)]
        for r in problem.requests:
            self.vars.append(self._request(r))
        self._resources()
        self._series()
        self._objective()

    # -- time ---------------------------------------------------------------------------------

    def starts(self, intervals, duration):
        """Grid starts (in units) of lessons of `duration` minutes inside one of `intervals`."""
        out = []
        axis = self.p.axis
        for a, b in intervals:
            if self.unit == self.p.slot:
                lo = -(-a // self.unit)
                hi = (b - duration) // self.unit
                if lo <= hi:
                    out.append((lo, hi))
            else:
                for d in range(axis.days):
                    day0, day1 = axis.day_interval(d)
                    first = day0 + max(0, -(-(a - day0) // self.p.slot)) * self.p.slot
                    m = first
                    while m + duration <= b and m < day1:
                        if m >= a:
                            out.append((m, m))
                        m += self.p.slot
        return merge_ranges(out)

    def days_of(self, ranges):
        """The days on which the starts (in units) of `ranges` fall (`axis.day_of`)."""
        last = len(self._day_lo) - 1
        out = set()
        for lo, hi in ranges:
            first = min(max(bisect_right(self._day_lo, lo) - 1, 0), last)
            out.update(range(first, min(max(bisect_right(self._day_lo, hi) - 1, 0), last) + 1))
        return out

    def _clip(self, base, key, resources):
        """`intersect(base, resources[key]["available"])`, looking only at the part of the
        availability that `base` (a few windows) can meet rather than walking all of it."""
        cached = self._avail.get((id(resources), key))
        if cached is None:
            available = resources[key]["available"]
            cached = self._avail[(id(resources), key)] = (available, [b for _, b in available])
        available, ends = cached
        out = []
        for a, b in base:
            i = bisect_right(ends, a)
            while i < len(available) and available[i][0] < b:
                lo, hi = max(a, available[i][0]), min(b, available[i][1])
                if lo < hi:
                    out.append((lo, hi))
                i += 1
        return out

    def domain(self, ranges):
        return cp_model.Domain.from_intervals([[lo, hi] for lo, hi in ranges])

    # -- one request ----------------------------------------------------------------------------

    def _request(self, r) -> Vars:
        p, m = self.p, self.m
        placed = self.new_bool(f"placed_{r.index}")
        v = Vars(placed)
        base = intersect(r.allowed, p.open)
        if r.series:
            base = intersect(base, [p.series[r.series]["valid"]])
        ranges = self.starts(base, r.duration)
        if r.pin_start is not None:
            pin = r.pin_start // self.unit if r.pin_start % self.unit == 0 else None
            ranges = [(pin, pin)] if pin is not None and any(lo <= pin <= hi for lo, hi in ranges) else []

        def options(candidates, resources):
            """Candidate -> (the starts within `ranges` at which it is available for the whole
            lesson, the days of those starts). Candidates with no such start are left out:
            their literal could never be true."""
            out = {}
            if not ranges:
                return out
            cache = self._starts.setdefault((id(resources), tuple(base), r.duration), {})
            for key in candidates:
                option = cache.get(key)
                if option is None:
                    rng = self.starts(self._clip(base, key, resources), r.duration)
                    option = cache[key] = (rng, self.days_of(rng))
                if option[0] and r.pin_start is not None:
                    rng = [(lo, hi) for lo, hi in ranges if any(a <= lo and hi <= b for a, b in option[0])]
                    option = (rng, self.days_of(rng))
                if option[0]:
                    out[key] = option
            return out

        coach_ranges = options([c for c in r.coaches if r.pin_coach in (None, c)], p.coaches)
        arena_ranges = options([a for a in r.arenas if r.pin_arena in (None, a)], p.arenas)
        horse_ranges = []
        for j, candidates in enumerate(r.horses if r.horse_need != "none" else []):
            pin = r.pin_horses[j]
            horse_ranges.append(options([h for h in candidates if pin in (None, h)], p.horses))
        if not (ranges and coach_ranges and arena_ranges and r.group_ok and all(horse_ranges)):
            m.add(placed == 0)
            return v

        size = r.duration // self.unit
        start = m.new_int_var_from_domain(self.domain(ranges), f"start_{r.index}")
        v.start = start
        whole = m.new_optional_fixed_size_interval_var(start, size, placed, f"lesson_{r.index}")

        # Day of the start: one literal per candidate day.
        axis = p.axis
        days = sorted(self.days_of(ranges))
        if len(days) == 1:
            v.day = {days[0]: placed}
        else:
            for d in days:
                lit = self.new_bool(f"day_{r.index}_{d}")
                d0, d1 = axis.day_interval(d)
                m.add_linear_expression_in_domain(start, cp_model.Domain(-(-d0 // self.unit), (d1 - 1) // self.unit)).only_enforce_if(lit)
                v.day[d] = lit
            m.add(LinearExpr.sum(list(v.day.values())) == placed)
        not_day = {d: lit.negated() for d, lit in v.day.items()} if len(days) > 1 else {}
        option_days = {}  # id(literal) -> the days its starts fall on

        def choose(options: dict, kind: str):
            lits = {}
            for key, (rng, own) in options.items():
                lit = self.new_bool(f"{kind}_{r.index}_{key}")
                if rng != ranges:
                    m.add_linear_expression_in_domain(start, self.domain(rng)).only_enforce_if(lit)
                lits[key] = lit
                option_days[id(lit)] = own
            m.add(LinearExpr.sum(list(lits.values())) == placed)
            return lits

        v.coach = choose(coach_ranges, "coach")
        v.arena = choose(arena_ranges, "arena")
        v.horse = [choose(opts, f"horse{j}") for j, opts in enumerate(horse_ranges)]

        def on_days(lit):
            """(day, literal at least "lit and the lesson starts on that day") for the days on
            which `lit` can be true. A literal whose starts all fall on one day implies that
            day (its starts imply it, and it implies `placed`), so it stands for the
            conjunction itself; other days are impossible for it and need no literal."""
            if len(days) == 1:
                return [(days[0], lit)]
            own = option_days[id(lit)]
            if len(own) == 1:
                return [(d, lit) for d in own]
            not_lit = lit.negated()
            return [(d, self.both(not_lit, not_day[d])) for d in days if d in own]

        # Intervals per resource (sharing the request's start, so their ends are built once).
        end = start + size
        for c, lit in v.coach.items():
            self._coach_iv.setdefault(c, []).append(m.new_optional_interval_var(start, size, end, lit, f"ci_{r.index}_{c}"))
            for d, z in on_days(lit):
                self._coach_day.setdefault((c, d), []).append((z, r.duration, start, end))
        for a, lit in v.arena.items():
            self._arena_iv.setdefault(a, []).append((m.new_optional_interval_var(start, size, end, lit, f"ai_{r.index}_{a}"), r.units))
        ends = {0: end}  # extra rest units -> end of the horse's interval
        for opts in v.horse:
            for h, lit in opts.items():
                rest = p.horses[h].get("min_rest_minutes") if p.welfare_hard else None
                extra = -(-rest // self.unit) if rest else 0
                if extra not in ends:
                    ends[extra] = start + (size + extra)
                self._horse_iv.setdefault(h, []).append(m.new_optional_interval_var(start, size + extra, ends[extra], lit, f"hi_{r.index}_{h}"))
                for d, z in on_days(lit):
                    self._horse_day.setdefault((h, d), []).append((z, r.duration))
        for rider in r.riders:
            self._rider_iv.setdefault(rider, []).append(whole)

        # Soft terms of the lesson alone.
        if r.preferred:
            pref = self.starts(r.preferred, r.duration)
            inside = self.new_bool(f"pref_{r.index}")
            m.add_implication(inside, placed)
            if pref:
                m.add_linear_expression_in_domain(start, self.domain(pref)).only_enforce_if(inside)
            else:
                m.add(inside == 0)
            self.cost("preferred_time", placed - inside)
        if r.preferred_coach is not None:
            self.cost("preferred_coach", placed - v.coach.get(r.preferred_coach, 0))
        for j, preferred in enumerate(r.preferred_horses):
            # As in the kernel, a lesson without horses still misses the rider's preferred horse.
            if preferred is not None:
                chosen = v.horse[j].get(preferred, 0) if v.horse else 0
                self.cost("preferred_horse", placed - chosen)
        for a, lit in v.arena.items():
            seats = p.arenas[a].get("seats")
            if seats is not None and r.headcount > seats:
                self.cost("arena_size", (r.headcount - seats) * lit, r.headcount - seats)
        return v

    def new_bool(self, name: str):
        """`CpModel.new_bool_var`, sharing one {0, 1} domain among the ~10^6 literals of a
        large instance instead of building one per literal."""
        return cp_model.IntVar(self.m.model_proto).with_name(name).with_domain(self._01)

    def both(self, not_a, not_b):
        """A literal at least `a and b`, given the negations of `a` and `b`."""
        # Only "a and b implies z" is needed: z appears in upper limits and minimised costs
        # alone, where a spuriously true z can only hurt, so the search never sets it.
        z = self.new_bool("")
        self.m.add_bool_or([not_a, not_b, z])
        return z

    def cost(self, constraint: str, expr, bound: int = 1):
        """Adds `weight × expr` to the objective; `bound` is the most `expr` can be."""
        w = self.p.weight(constraint)
        if w:
            self.objective.append((w, expr, bound))

    # -- resources ------------------------------------------------------------------------------

    def _resources(self):
        p, m = self.p, self.m
        for ivs in self._coach_iv.values():
            m.add_no_overlap(ivs)
        for ivs in self._horse_iv.values():
            m.add_no_overlap(ivs)
        for ivs in self._rider_iv.values():
            if len(ivs) > 1:
                m.add_no_overlap(ivs)
        for a, items in self._arena_iv.items():
            capacity = p.arenas[a]["capacity"]
            if sum(u for _, u in items) > capacity:
                m.add_cumulative([iv for iv, _ in items], [u for _, u in items], capacity)
        for (c, day), items in self._coach_day.items():
            coach = p.coaches[c]
            if coach.get("max_lessons_per_day") and len(items) > coach["max_lessons_per_day"]:
                m.add(LinearExpr.sum([z for z, _, _, _ in items]) <= coach["max_lessons_per_day"])
            if coach.get("max_minutes_per_day") and sum(d for _, d, _, _ in items) > coach["max_minutes_per_day"]:
                m.add(LinearExpr.weighted_sum([z for z, _, _, _ in items], [d for _, d, _, _ in items]) <= coach["max_minutes_per_day"])
            self._compactness(day, items)
        for (h, d), items in self._horse_day.items():
            horse = p.horses[h]
            limit = len(items)
            if p.welfare_hard:
                if horse.get("max_lessons_per_day"):
                    limit = min(limit, horse["max_lessons_per_day"])
                    m.add(LinearExpr.sum([z for z, _ in items]) <= limit)
                if horse.get("max_work_minutes_per_day") and sum(t for _, t in items) > horse["max_work_minutes_per_day"]:
                    m.add(LinearExpr.weighted_sum([z for z, _ in items], [t for _, t in items]) <= horse["max_work_minutes_per_day"])
            # Workload: n lessons on a day cost n(n-1)/2 pairs. With ordered count literals g_k
            # (the k-th lesson of the day) costing k-1 each, minimisation takes the cheapest.
            if limit >= 2 and self.p.weight("horse_workload"):
                gs = [self.new_bool("") for _ in range(limit)]
                for k in range(1, limit):
                    m.add_implication(gs[k], gs[k - 1])
                m.add(LinearExpr.sum(gs) == LinearExpr.sum([z for z, _ in items]))
                self.cost("horse_workload", LinearExpr.weighted_sum(gs[1:], list(range(1, limit))), limit * (limit - 1) // 2)

    def _compactness(self, day, items):
        """Idle slots between a coach's lessons of a day: the span from the first start to the
        last end minus the teaching time (lessons never overlap). Exact when time is in slots."""
        if len(items) < 2 or self.unit != self.p.slot or not self.p.weight("coach_compactness"):
            return
        m = self.m
        d0, d1 = self.p.axis.day_interval(day)
        lo, hi = d0 // self.unit, d1 // self.unit + max(d for _, d, _, _ in items) // self.unit
        first, last = m.new_int_var(lo, hi, ""), m.new_int_var(lo, hi, "")
        for z, _, start, end in items:
            m.add(first <= start).only_enforce_if(z)
            m.add(last >= end).only_enforce_if(z)
        idle = m.new_int_var(0, hi - lo, "")
        teaching = LinearExpr.weighted_sum([z for z, _, _, _ in items], [duration // self.unit for _, duration, _, _ in items])
        m.add(idle >= last - first - teaching)
        self.cost("coach_compactness", idle, hi - lo)

    # -- series ---------------------------------------------------------------------------------

    def _series(self):
        p, m = self.p, self.m
        for key, s in p.series.items():
            members = [self.vars[i] for i in s["requests"] if self.vars[i].start is not None]
            if not members:
                continue
            days = sorted({d for v in members for d in v.day})
            on = {}
            for d in days:
                lits = [v.day[d] for v in members if d in v.day]
                if len(lits) > s["max_per_day"]:
                    m.add(LinearExpr.sum(lits) <= s["max_per_day"])
                lit = self.new_bool(f"on_{key}_{d}")
                for x in lits:
                    m.add_implication(x, lit)
                m.add_bool_or(lits).only_enforce_if(lit)
                on[d] = lit
            gap = s["min_days_between"]
            if gap > 1:
                for i, d1 in enumerate(days):
                    for d2 in days[i + 1:]:
                        if d2 - d1 < gap:
                            m.add_bool_or([on[d1].negated(), on[d2].negated()])
            if s.get("min_days"):
                # Only a series with a lesson placed can be short of days.
                some = self.new_bool(f"some_{key}")
                m.add_bool_or(list(on.values())).only_enforce_if(some)
                for lit in on.values():
                    m.add_implication(lit, some)
                short = m.new_int_var(0, s["min_days"], f"short_{key}")
                m.add(short >= s["min_days"] - LinearExpr.sum(list(on.values()))).only_enforce_if(some)
                self.cost("series_min_days", short, s["min_days"])
            if len(members) > 1:
                self._distinct_lits([(v.placed, v.coach) for v in members], "coach_continuity")
                self._distinct_lits([(v.placed, v.arena) for v in members], "arena_stability")
                riders = {}
                placed_ids = [i for i in s["requests"] if self.vars[i].start is not None]
                for v, i in zip(members, placed_ids):
                    for j, rider in enumerate(p.requests[i].riders):
                        if v.horse:
                            riders.setdefault(rider, []).append((v, j))
                for rider, uses in riders.items():
                    if len(uses) > 1:
                        self._distinct_lits([(v.placed, v.horse[j]) for v, j in uses], "horse_continuity")

    def _distinct_lits(self, uses, constraint):
        """Costs (number of distinct options used - 1) when anything is used."""
        m = self.m
        used = {}
        for _, options in uses:
            for option, lit in options.items():
                used.setdefault(option, []).append(lit)
        if len(used) < 2:
            return
        any_ = self.new_bool("")
        m.add_bool_or([placed for placed, _ in uses]).only_enforce_if(any_)
        for placed, _ in uses:
            m.add_implication(placed, any_)
        flags = []
        for lits in used.values():
            u = self.new_bool("")
            for x in lits:
                m.add_implication(x, u)
            flags.append(u)
        self.cost(constraint, LinearExpr.sum(flags) - any_, len(flags) - 1)

    # -- objective ------------------------------------------------------------------------------

    def _objective(self):
        soft = LinearExpr.weighted_sum([e for _, e, _ in self.objective], [w for w, _, _ in self.objective])
        # One unplaced lesson must outweigh any soft cost, as in our lexicographic score.
        self.big = sum(w * b for w, _, b in self.objective) + 1
        self.soft = soft
        cost = [self.p.weight("unassigned") * r.priority for r in self.p.requests]
        unassigned = sum(cost) - LinearExpr.weighted_sum([v.placed for v in self.vars], cost)
        self.m.minimize(self.big * unassigned + soft)

    # -- solution -------------------------------------------------------------------------------

    def extract(self, value) -> dict:
        """Our schedule document from a solution (`value` reads a variable)."""
        p = self.p
        lessons, unassigned = [], []
        for r, v in zip(p.requests, self.vars):
            if v.start is None or not value(v.placed):
                unassigned.append({"request": r.key, "reason": "not placed by CP-SAT"})
                continue
            lesson = {
                "request": r.key,
                "start": p.axis.instant(value(v.start) * self.unit),
                "coach": next(c for c, lit in v.coach.items() if value(lit)),
                "arena": next(a for a, lit in v.arena.items() if value(lit)),
            }
            if v.horse:
                lesson["horses"] = {rider: next(h for h, lit in v.horse[j].items() if value(lit)) for j, rider in enumerate(r.riders)}
            lessons.append(lesson)
        return {"format": "paddock-schedule/1", "lessons": lessons, "unassigned": unassigned}


def merge_ranges(ranges):
    out = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out

