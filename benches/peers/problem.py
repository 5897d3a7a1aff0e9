"""A Paddock problem document compiled to minutes, the way `solver/src/model/build.rs` does it.

Every instant is a whole minute since the horizon's origin: local midnight of the first day, as a
UTC instant. Interval sets are sorted lists of disjoint half-open ``(start, end)`` pairs. Only
valid documents are expected (run ``paddock check`` or ``paddock score`` first): this module
mirrors the model's semantics, not its validation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DEFAULT_LEVELS = ["beginner", "novice", "intermediate", "advanced"]

# Default weights, from `Constraint::default_weight` in solver/src/score/constraint.rs.
DEFAULT_WEIGHTS = {
    "preferred_time": 10,
    "preferred_coach": 6,
    "preferred_horse": 3,
    "coach_continuity": 4,
    "horse_continuity": 2,
    "coach_compactness": 1,
    "horse_workload": 1,
    "arena_stability": 2,
    "series_spread": 1,
    "disruption": 1,
    "arena_size": 1,
    "series_min_days": 5,
    "rider_compactness": 0,
}


def normalise(intervals):
    """Sorts, drops empty intervals and merges touching ones (`IntervalSet::from_intervals`)."""
    out = []
    for a, b in sorted(i for i in intervals if i[1] > i[0]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def intersect(x, y):
    out, i, j = [], 0, 0
    while i < len(x) and j < len(y):
        a, b = max(x[i][0], y[j][0]), min(x[i][1], y[j][1])
        if a < b:
            out.append((a, b))
        if x[i][1] < y[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(x, holes):
    out = []
    for a, b in x:
        start = a
        for ha, hb in holes:
            if ha < b and start < hb:
                if ha > start:
                    out.append((start, ha))
                start = max(start, hb)
        if start < b:
            out.append((start, b))
    return out


def contains(intervals, a, b):
    return any(x <= a and b <= y for x, y in intervals)


def parse_instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.timezone.utc)


@dataclass
class Axis:
    """The horizon's days, in minutes since the origin (`TimeAxis`)."""

    tz: ZoneInfo
    first_day: dt.date
    origin: dt.datetime
    day_starts: list[int]

    @classmethod
    def new(cls, tz_name: str, first_day: dt.date, days: int) -> "Axis":
        tz = ZoneInfo(tz_name)
        origin = cls._midnight(tz, first_day)
        starts = [cls._minutes(origin, cls._midnight(tz, first_day + dt.timedelta(days=d))) for d in range(days + 1)]
        return cls(tz, first_day, origin, starts)

    @staticmethod
    def _midnight(tz, date):
        return Axis._resolve(tz, dt.datetime.combine(date, dt.time()))

    @staticmethod
    def _resolve(tz, naive):
        """Local wall-clock → UTC; ambiguous → earliest; skipped → one hour later (as chrono does)."""
        first = naive.replace(tzinfo=tz, fold=0)
        back = first.astimezone(dt.timezone.utc).astimezone(tz).replace(tzinfo=None)
        if back != naive:  # in a spring-forward gap
            first = (naive + dt.timedelta(hours=1)).replace(tzinfo=tz, fold=0)
        return first.astimezone(dt.timezone.utc)

    @staticmethod
    def _minutes(a, b):
        return int((b - a).total_seconds() // 60)

    @property
    def days(self) -> int:
        return len(self.day_starts) - 1

    def horizon(self):
        return (0, self.day_starts[-1])

    def day_interval(self, d):
        return (self.day_starts[d], self.day_starts[d + 1])

    def weekday(self, d) -> str:
        return WEEKDAYS[(self.first_day + dt.timedelta(days=d)).weekday()]

    def day_index(self, date: dt.date):
        d = (date - self.first_day).days
        return d if 0 <= d < self.days else None

    def day_of(self, minute):
        d = 0
        while d + 1 < self.days and self.day_starts[d + 1] <= minute:
            d += 1
        return d

    def minute(self, instant: dt.datetime) -> int:
        return int((instant - self.origin).total_seconds() // 60)

    def clamped(self, text: str) -> int:
        m = self.minute(parse_instant(text))
        return max(-1, min(self.day_starts[-1] + 1, m))

    def instant(self, minute: int) -> str:
        return (self.origin + dt.timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def local_minute(self, d, hhmm: str) -> int:
        h, m = (int(x) for x in hhmm.split(":"))
        if h * 60 + m >= 24 * 60:
            return self.day_starts[d + 1]
        date = self.first_day + dt.timedelta(days=d)
        return self._minutes(self.origin, self._resolve(self.tz, dt.datetime.combine(date, dt.time(h, m))))

    def weekly(self, hours: dict) -> list:
        out = []
        for d in range(self.days):
            for text in hours.get(self.weekday(d), []):
                a, b = text.split("-")
                out.append((self.local_minute(d, a.strip()), self.local_minute(d, b.strip())))
        return normalise(out)

    def spans(self, spans) -> list:
        return [(self.clamped(s["start"]), self.clamped(s["end"])) for s in spans]

    def availability(self, spec: dict, default: list) -> list:
        available = self.weekly(spec["weekly"]) if spec.get("weekly") is not None else list(default)
        for exc in spec.get("exceptions", []):
            d = self.day_index(dt.date.fromisoformat(exc["date"]))
            if d is None:
                continue
            keep = subtract(available, [self.day_interval(d)])
            extra = []
            for text in exc.get("hours", []):
                a, b = text.split("-")
                extra.append((self.local_minute(d, a.strip()), self.local_minute(d, b.strip())))
            available = normalise(keep + extra)
        return subtract(available, normalise(self.spans(spec.get("absences", []))))


@dataclass
class Request:
    """One lesson to place, with its candidates (`model::Request`)."""

    index: int
    key: str
    riders: list  # rider keys
    duration: int
    units: int
    headcount: int
    horse_need: str
    series: str | None
    allowed: list
    preferred: list
    preferred_coach: str | None
    preferred_horses: list  # per rider: horse key or None
    priority: int
    pin_start: int | None
    pin_coach: str | None
    pin_arena: str | None
    pin_horses: list  # per rider: horse key or None
    group_ok: bool
    coaches: list = field(default_factory=list)
    arenas: list = field(default_factory=list)
    horses: list = field(default_factory=list)  # per rider: list of horse keys


@dataclass
class Problem:
    """The compiled problem."""

    spec: dict
    axis: Axis
    slot: int
    open: list
    arenas: dict  # key -> spec + "available"
    coaches: dict
    horses: dict
    riders: dict
    series: dict  # key -> spec + "valid", "first_day", "last_day", "requests"
    requests: list
    weights: dict
    welfare_hard: bool

    def weight(self, key: str) -> int:
        return self.weights.get(key, DEFAULT_WEIGHTS.get(key, 1))


def load(spec: dict) -> Problem:
    club = spec["club"]
    horizon = club["horizon"]
    axis = Axis.new(club["time_zone"], dt.date.fromisoformat(horizon["start"]), horizon["days"])
    levels = club.get("levels", DEFAULT_LEVELS)
    open_ = axis.weekly(club["opening_hours"])
    closed = [axis.day_interval(d) for d in (axis.day_index(dt.date.fromisoformat(x)) for x in club.get("closed_dates", [])) if d is not None]
    open_ = subtract(open_, normalise(closed))

    arenas = {a["id"]: dict(a, available=axis.availability(a.get("availability", {}), open_)) for a in spec.get("arenas", [])}
    coaches = {c["id"]: dict(c, available=axis.availability(c.get("availability", {}), open_)) for c in spec.get("coaches", [])}
    riders = {r["id"]: r for r in spec.get("riders", [])}
    horses = {}
    for h in spec.get("horses", []):
        available = axis.availability(h.get("availability", {}), open_)
        rest = [axis.day_interval(d) for d in range(axis.days) if axis.weekday(d) in h.get("rest_weekdays", [])]
        available = subtract(available, normalise(rest))
        available = subtract(available, normalise(axis.spans(h.get("vet_holds", []))))
        horses[h["id"]] = dict(h, available=available)
    kinds = {k["id"]: k for k in spec.get("lesson_kinds", [])}

    series = {}
    for s in spec.get("series", []):
        start, until = dt.date.fromisoformat(s["valid_from"]), dt.date.fromisoformat(s["valid_until"])
        first = min(max((start - axis.first_day).days, 0), axis.days - 1)
        last = min(max((until - axis.first_day).days, 0), axis.days - 1)
        outside = until < axis.first_day or start > axis.first_day + dt.timedelta(days=axis.days - 1)
        valid = (0, 0) if outside else (axis.day_interval(first)[0], axis.day_interval(last)[1])
        series[s["id"]] = dict(s, valid=valid, first_day=first, last_day=last, requests=[],
                               max_per_day=s.get("max_per_day", 1), min_days_between=s.get("min_days_between", 0))

    requests = []
    for i, r in enumerate(spec.get("requests", [])):
        kind = kinds[r["kind"]]
        need = kind.get("horse", "school")
        space = kind.get("space", {"per_rider": 1})
        units = space["per_rider"] * len(r["riders"]) if "per_rider" in space else space["per_lesson"]
        allowed = normalise(axis.spans(r["allowed"])) if r.get("allowed") else [axis.horizon()]
        allowed = intersect(allowed, [axis.horizon()])
        pref_coach = r.get("preferred_coach")
        if pref_coach is None:
            first = riders[r["riders"][0]].get("preferred_coaches", [])
            pref_coach = first[0] if first and first[0] in coaches else None
        pref_horses = []
        for key in r["riders"]:
            h = r.get("preferred_horses", {}).get(key)
            if h is None:
                first = riders[key].get("preferred_horses", [])
                h = first[0] if first and first[0] in horses else None
            pref_horses.append(h)
        pinned = r.get("pinned", {})
        n = len(r["riders"])
        req = Request(
            index=i, key=r["id"], riders=list(r["riders"]), duration=kind["duration_minutes"], units=units,
            headcount=r.get("headcount") or n, horse_need=need, series=r.get("series"), allowed=allowed,
            preferred=normalise(axis.spans(r.get("preferred", []))), preferred_coach=pref_coach,
            preferred_horses=pref_horses, priority=r.get("priority", 1),
            pin_start=axis.minute(parse_instant(pinned["start"])) if pinned.get("start") else None,
            pin_coach=pinned.get("coach"), pin_arena=pinned.get("arena"),
            pin_horses=[pinned.get("horses", {}).get(k) for k in r["riders"]],
            group_ok=kind.get("min_riders", 1) <= n <= kind.get("max_riders", 1),
        )
        qual = kind.get("coach_qualification")
        req.coaches = [c for c, spec_c in coaches.items() if qual is None or qual in spec_c.get("qualifications", [])]
        tags = kind.get("arena_tags", [])
        req.arenas = [a for a, spec_a in arenas.items() if all(t in spec_a.get("tags", []) for t in tags) and spec_a["capacity"] >= units]
        req.horses = [candidate_horses(need, riders[key], horses, levels) for key in r["riders"]]
        if req.series:
            series[req.series]["requests"].append(i)
        requests.append(req)

    return Problem(spec=spec, axis=axis, slot=club["slot_minutes"], open=open_, arenas=arenas, coaches=coaches,
                   horses=horses, riders=riders, series=series, requests=requests,
                   weights=dict(spec.get("weights", {})), welfare_hard=spec.get("welfare", "hard") == "hard")


def candidate_horses(need: str, rider: dict, horses: dict, levels: list) -> list:
    """Horses a rider may have (the model's `horse_candidates`): own horses for `own`; for `school`
    the rider's own and the school horses that suit the rider's level and weight."""
    if need == "none":
        return []
    if need == "own":
        return [h for h, spec in horses.items() if spec.get("owner") == rider["id"]]
    out = []
    for h, spec in horses.items():
        if spec.get("owner") not in (None, rider["id"]):
            continue
        if spec.get("levels") and rider["level"] not in spec["levels"]:
            continue
        if spec.get("max_rider_weight_kg") is not None and rider.get("weight_kg") is not None and rider["weight_kg"] > spec["max_rider_weight_kg"]:
            continue
        out.append(h)
    return out
