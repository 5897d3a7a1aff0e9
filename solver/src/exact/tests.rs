//! The MILP against brute force on tiny random clubs, its bound, its time limit, and its speed on
//! a club-s-like day.

use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::ProblemBuilder;
use crate::ids::*;
use crate::schedule::Assignment;
use crate::score::Constraint;
use crate::spec::*;

const DAY0: (i32, u32, u32) = (2026, 3, 2);

fn instant(day: u32, minute: u32) -> DateTime<Utc> {
    let date = NaiveDate::from_ymd_opt(DAY0.0, DAY0.1, DAY0.2 + day).unwrap();
    Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).unwrap())
        + chrono::Duration::minutes(i64::from(minute))
}

fn span(day: u32, from: u32, to: u32) -> TimeSpan {
    TimeSpan::new(instant(day, from), instant(day, to))
}

fn run(
    problem: &Problem,
    requests: &[RequestId],
    fixed: &Schedule,
    limit: Duration,
) -> ExactOutput {
    solve_exact(&ExactInput {
        problem,
        requests,
        fixed,
        time_limit: limit,
        stop: &|| false,
    })
    .expect("model builds")
}

// ---------------------------------------------------------------------------------------------
// Brute force.

/// Every assignment the brute force tries for a request: all grid starts inside opening hours
/// (anything else is a hard violation), every coach, arena and horse per rider.
fn options(problem: &Problem, id: RequestId) -> Vec<Assignment> {
    let req = problem.request(id);
    let mut starts = Vec::new();
    for iv in problem.open.intervals() {
        let mut s = iv.start;
        while s + req.duration <= iv.end {
            starts.push(s);
            s += problem.slot;
        }
    }
    let horse_sets: Vec<Vec<Option<HorseId>>> = if req.horse_need == HorseNeed::None {
        vec![Vec::new()]
    } else {
        let mut sets = vec![Vec::new()];
        for _ in &req.riders {
            sets = sets
                .into_iter()
                .flat_map(|set: Vec<Option<HorseId>>| {
                    (0..problem.horses.len()).map(move |h| {
                        let mut s = set.clone();
                        s.push(Some(HorseId::from_index(h)));
                        s
                    })
                })
                .collect();
        }
        sets
    };
    let mut out = Vec::new();
    for &start in &starts {
        for c in 0..problem.coaches.len() {
            for a in 0..problem.arenas.len() {
                for horses in &horse_sets {
                    out.push(Assignment {
                        start,
                        coach: CoachId::from_index(c),
                        arena: ArenaId::from_index(a),
                        horses: horses.clone(),
                    });
                }
            }
        }
    }
    out
}

/// The best score over every way to place `requests` into `fixed`. Branches whose hard score
/// already exceeds the fixed part's are cut: placing more lessons never removes a violation of a
/// feasible fixed part.
pub(crate) fn brute_force(problem: &Problem, requests: &[RequestId], fixed: &Schedule) -> Score {
    let mut base = fixed.clone();
    for &r in requests {
        base.unassign(r, None);
    }
    let hard = score_of(problem, None, &base).hard;
    // Options that break a hard constraint on their own (with the fixed lessons) never help.
    let options: Vec<Vec<Assignment>> = requests
        .iter()
        .map(|&r| {
            let mut alone = base.clone();
            options(problem, r)
                .into_iter()
                .filter(|a| {
                    alone.assign(r, a.clone());
                    score_of(problem, None, &alone).hard <= hard
                })
                .collect()
        })
        .collect();
    let mut best: Option<Score> = None;
    fn go(
        problem: &Problem,
        requests: &[RequestId],
        options: &[Vec<Assignment>],
        k: usize,
        s: &mut Schedule,
        hard: i64,
        best: &mut Option<Score>,
    ) {
        if k == requests.len() {
            let score = score_of(problem, None, s);
            if best.is_none_or(|b| score < b) {
                *best = Some(score);
            }
            return;
        }
        go(problem, requests, options, k + 1, s, hard, best);
        for a in &options[k] {
            s.assign(requests[k], a.clone());
            if score_of(problem, None, s).hard <= hard {
                go(problem, requests, options, k + 1, s, hard, best);
            }
            s.unassign(requests[k], None);
        }
    }
    go(problem, requests, &options, 0, &mut base, hard, &mut best);
    best.expect("all unplaced is always a candidate")
}

// ---------------------------------------------------------------------------------------------
// Random tiny clubs.

pub(crate) struct Tiny {
    pub problem: Problem,
    pub requests: Vec<RequestId>,
    pub fixed: Schedule,
}

pub(crate) fn tiny(seed: u64) -> Tiny {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let with_series = rng.random_bool(0.35);
    let days = if with_series { 2 } else { 1 };
    let mut club = ProblemBuilder::new(
        "UTC",
        NaiveDate::from_ymd_opt(DAY0.0, DAY0.1, DAY0.2).unwrap(),
        days,
    );
    // Small enough for the brute force: a few starts a day.
    club.open_every_day(if with_series {
        "09:00-10:00"
    } else if rng.random_bool(0.5) {
        "09:00-10:30"
    } else {
        "09:00-11:00"
    });
    if rng.random_bool(0.25) {
        club.welfare(WelfareMode::Warning);
    }
    if rng.random_bool(0.3) {
        club.weight(Constraint::CoachCompactness, rng.random_range(1..4));
    }
    if rng.random_bool(0.3) {
        club.weight(Constraint::HorseWorkload, rng.random_range(2..5));
    }
    let levels = ["beginner", "novice"];

    let arenas = rng.random_range(1..=2);
    for a in 0..arenas {
        let mut arena = ArenaSpec::new(&format!("a{a}"), rng.random_range(1..=3));
        if rng.random_bool(0.3) {
            arena.seats = Some(1);
        }
        if a == 1 && rng.random_bool(0.5) {
            arena = arena.tags(["jump"]);
        }
        club.add_arena(arena);
    }
    let coaches = rng.random_range(1..=2);
    for c in 0..coaches {
        let mut coach = CoachSpec::new(&format!("c{c}"));
        if c == 0 {
            coach = coach.qualified(["jump"]);
        }
        if rng.random_bool(0.25) {
            coach = coach.max_lessons_per_day(rng.random_range(1..=2));
        }
        if rng.random_bool(0.2) {
            coach
                .availability
                .absences
                .push(span(0, 9 * 60 + 30, 10 * 60));
        }
        club.add_coach(coach);
    }
    let riders = 3;
    for r in 0..riders {
        club.add_rider(RiderSpec::new(
            &format!("r{r}"),
            levels[rng.random_range(0..2)],
        ));
    }
    let horses = rng.random_range(2..=3);
    for h in 0..horses {
        let mut horse = HorseSpec::new(&format!("h{h}"));
        if rng.random_bool(0.4) {
            horse = horse.levels([levels[rng.random_range(0..2)]]);
        }
        if rng.random_bool(0.4) {
            horse = horse.welfare(
                rng.random_range(1..=2),
                rng.random_range(2..=4) * 30,
                [0, 15, 30][rng.random_range(0..3)],
            );
        }
        if h == 0 && rng.random_bool(0.3) {
            horse.owner = Some("r0".into());
        }
        club.add_horse(horse);
    }
    club.add_lesson_kind(LessonKindSpec::private("p30", 30));
    club.add_lesson_kind(LessonKindSpec::private("p45", 45));
    club.add_lesson_kind(LessonKindSpec::group("g30", 30, 2, 2));
    club.add_lesson_kind(
        LessonKindSpec::private("jump30", 30)
            .requires_qualification("jump")
            .requires_tags(["jump"]),
    );
    let mut ground = LessonKindSpec::private("ground30", 30);
    ground.horse = HorseNeed::None;
    club.add_lesson_kind(ground);
    let mut own = LessonKindSpec::private("own30", 30);
    own.horse = HorseNeed::Own;
    club.add_lesson_kind(own);
    if with_series {
        let date = NaiveDate::from_ymd_opt(DAY0.0, DAY0.1, DAY0.2).unwrap();
        club.add_series(SeriesSpec {
            id: "s".into(),
            valid_from: date,
            valid_until: date + chrono::Duration::days(1),
            max_per_day: 1,
            min_days_between: 0,
            min_days: rng.random_bool(0.5).then_some(2),
        });
    }

    let n = rng.random_range(2..=if with_series { 3 } else { 4 });
    let extra_fixed = rng.random_bool(0.3);
    let total = n + usize::from(extra_fixed);
    let kinds = ["p30", "p45", "g30", "jump30", "ground30", "own30"];
    for i in 0..total {
        let kind = kinds[rng.random_range(0..kinds.len())];
        let a = rng.random_range(0..riders);
        let riders_of = if kind == "g30" {
            vec![format!("r{a}"), format!("r{}", (a + 1) % riders)]
        } else {
            vec![format!("r{a}")]
        };
        let mut req = RequestSpec::new(&format!("L{i}"), kind, [""]);
        req.riders = riders_of.clone();
        let day = if days == 2 { rng.random_range(0..2) } else { 0 };
        if rng.random_bool(0.4) {
            let from = 9 * 60 + 15 * rng.random_range(0..3);
            req = req.allowed(span(day, from, from + 60 + 15 * rng.random_range(0..3)));
        }
        if rng.random_bool(0.5) {
            let from = 9 * 60 + 15 * rng.random_range(0..4);
            req = req.preferred(span(day, from, from + 45));
        }
        if rng.random_bool(0.3) {
            req = req.preferred_coach(&format!("c{}", rng.random_range(0..coaches)));
        }
        if rng.random_bool(0.3) {
            req.preferred_horses.insert(
                riders_of[0].clone(),
                format!("h{}", rng.random_range(0..horses)),
            );
        }
        req.priority = rng.random_range(1..=3);
        if rng.random_bool(0.1) {
            req.pinned.coach = Some("c0".into());
        }
        if with_series && i < 2 {
            req.series = Some("s".into());
        }
        club.add_request(req);
    }
    let problem = club.build().expect("tiny club is valid");
    let mut fixed = Schedule::empty(&problem);
    if extra_fixed {
        // The extra request is placed optimally on its own and then kept fixed.
        let last = RequestId::from_index(total - 1);
        let out = run(&problem, &[last], &fixed, Duration::from_secs(10));
        fixed = out
            .schedule
            .expect("a lone request always has a schedule (unplaced at worst)");
    }
    Tiny {
        problem,
        requests: (0..n).map(RequestId::from_index).collect(),
        fixed,
    }
}

#[test]
fn matches_brute_force_on_tiny_clubs() {
    let mut placed = 0;
    let mut inexact = 0;
    for seed in 0..60 {
        let Tiny {
            problem,
            requests,
            fixed,
        } = tiny(seed);
        let out = run(&problem, &requests, &fixed, Duration::from_secs(20));
        let best = brute_force(&problem, &requests, &fixed);
        let schedule = out
            .schedule
            .as_ref()
            .unwrap_or_else(|| panic!("seed {seed}: no schedule"));
        let score = score_of(&problem, None, schedule);
        let bound = out.lower_bound.expect("a bound is always given");
        assert_eq!(score.hard, best.hard, "seed {seed}: hard");
        assert!(
            bound <= best,
            "seed {seed}: bound {bound} above the brute-force optimum {best}"
        );
        assert!(
            bound <= score,
            "seed {seed}: bound {bound} above the schedule's score {score}"
        );
        if out.exact_objective {
            assert_eq!(
                score, best,
                "seed {seed}: MILP {score} vs brute force {best}"
            );
            assert!(out.optimal, "seed {seed}: not proven optimal");
            assert_eq!(bound, score, "seed {seed}: bound not tight at the optimum");
        } else {
            inexact += 1;
            assert!(score >= best, "seed {seed}");
        }
        placed += schedule.assigned_count();
    }
    // The instances are not all trivially empty.
    assert!(
        placed > 60,
        "only {placed} lessons placed over all instances ({inexact} inexact)"
    );
}

#[test]
fn keeps_fixed_lessons_and_their_resources() {
    let mut club = ProblemBuilder::new(
        "UTC",
        NaiveDate::from_ymd_opt(DAY0.0, DAY0.1, DAY0.2).unwrap(),
        1,
    );
    club.open_every_day("09:00-10:00");
    club.add_arena(ArenaSpec::new("a", 1));
    club.add_coach(CoachSpec::new("c"));
    club.add_rider(RiderSpec::new("r0", "beginner"));
    club.add_rider(RiderSpec::new("r1", "beginner"));
    club.add_horse(HorseSpec::new("h"));
    club.add_lesson_kind(LessonKindSpec::private("p30", 30));
    club.add_request(RequestSpec::new("L0", "p30", ["r0"]));
    club.add_request(RequestSpec::new("L1", "p30", ["r1"]).preferred(span(0, 9 * 60, 9 * 60 + 30)));
    let problem = club.build().unwrap();
    let mut fixed = Schedule::empty(&problem);
    let l0 = RequestId::from_index(0);
    let at = problem.time_axis().minute(instant(0, 9 * 60)) as i32;
    fixed.assign(
        l0,
        Assignment {
            start: at,
            coach: CoachId(0),
            arena: ArenaId(0),
            horses: vec![Some(HorseId(0))],
        },
    );
    let out = run(
        &problem,
        &[RequestId::from_index(1)],
        &fixed,
        Duration::from_secs(5),
    );
    let schedule = out.schedule.unwrap();
    assert_eq!(schedule.get(l0), fixed.get(l0));
    assert_eq!(
        schedule.get(RequestId::from_index(1)).map(|a| a.start),
        Some(at + 30)
    );
    // Outside the preferred window (10) and two lessons on the one horse (one pair, 1).
    assert_eq!(
        score_of(&problem, None, &schedule),
        Score {
            hard: 0,
            unassigned: 0,
            soft: 11
        }
    );
    assert!(out.optimal);
}

#[test]
fn rejects_bad_input() {
    let t = tiny(1);
    let bad = RequestId::from_index(999);
    let err = solve_exact(&ExactInput {
        problem: &t.problem,
        requests: &[bad],
        fixed: &t.fixed,
        time_limit: Duration::from_secs(1),
        stop: &|| false,
    });
    assert!(matches!(err, Err(ExactError::UnknownRequest { .. })));
    let twice = [RequestId::from_index(0), RequestId::from_index(0)];
    let err = solve_exact(&ExactInput {
        problem: &t.problem,
        requests: &twice,
        fixed: &t.fixed,
        time_limit: Duration::from_secs(1),
        stop: &|| false,
    });
    assert!(matches!(err, Err(ExactError::DuplicateRequest { .. })));
}

// ---------------------------------------------------------------------------------------------
// A club-s-like day: 4 coaches, 12 horses, 2 arenas, 40 requests with windows of a few hours.

fn club_s(seed: u64, n: usize) -> Problem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut club = ProblemBuilder::new(
        "Asia/Shanghai",
        NaiveDate::from_ymd_opt(DAY0.0, DAY0.1, DAY0.2).unwrap(),
        1,
    );
    club.open_every_day("08:00-20:00");
    club.add_arena(ArenaSpec::new("indoor", 4).tags(["indoor"]));
    club.add_arena(ArenaSpec::new("outdoor", 6));
    for c in 0..4 {
        let coach = if c < 2 {
            CoachSpec::new(&format!("c{c}")).qualified(["jumping"])
        } else {
            CoachSpec::new(&format!("c{c}"))
        };
        club.add_coach(coach.max_lessons_per_day(9));
    }
    let levels = ["beginner", "novice", "intermediate", "advanced"];
    for h in 0..12 {
        let horse = HorseSpec::new(&format!("h{h}"))
            .levels([levels[h % 4], levels[(h + 1) % 4]])
            .welfare(6, 360, 15);
        club.add_horse(horse);
    }
    for r in 0..60 {
        club.add_rider(RiderSpec::new(&format!("r{r}"), levels[r % 4]));
    }
    club.add_lesson_kind(LessonKindSpec::private("private-45", 45));
    club.add_lesson_kind(LessonKindSpec::private("private-30", 30));
    club.add_lesson_kind(LessonKindSpec::group("group-60", 60, 2, 4));
    club.add_lesson_kind(LessonKindSpec::private("jump-45", 45).requires_qualification("jumping"));
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let local = |minute: u32| {
        let date = NaiveDate::from_ymd_opt(DAY0.0, DAY0.1, DAY0.2).unwrap();
        tz.from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap())
            .single()
            .unwrap()
            .with_timezone(&Utc)
            + chrono::Duration::minutes(i64::from(minute))
    };
    let mut rider = 0;
    for i in 0..n {
        let kind = [
            "private-45",
            "private-30",
            "group-60",
            "jump-45",
            "private-45",
        ][rng.random_range(0..5)];
        let size = if kind == "group-60" {
            rng.random_range(2..=3)
        } else {
            1
        };
        let level = rng.random_range(0..4);
        let mut riders = Vec::new();
        for _ in 0..size {
            // Riders of one level together.
            while rider % 4 != level {
                rider += 1;
            }
            riders.push(format!("r{}", rider % 60));
            rider += 1;
        }
        let mut req = RequestSpec::new(&format!("L{i}"), kind, [""]);
        req.riders = riders;
        let from = 8 * 60 + 30 * rng.random_range(0..18);
        let len = 60 * rng.random_range(2..=4);
        req = req.allowed(TimeSpan::new(local(from), local((from + len).min(20 * 60))));
        let pref = from + 30 * rng.random_range(0..3);
        req = req.preferred(TimeSpan::new(local(pref), local(pref + 90)));
        if rng.random_bool(0.5) {
            req = req.preferred_coach(&format!("c{}", rng.random_range(0..4)));
        }
        req.priority = rng.random_range(1..=3);
        club.add_request(req);
    }
    club.build().expect("club-s-like day is valid")
}

#[test]
fn club_s_like_day_timing() {
    // Three days and no time limit to speak of with PADDOCK_SLOW_TESTS; one quick day otherwise.
    let slow = std::env::var_os("PADDOCK_SLOW_TESTS").is_some();
    let (seeds, limit) = if slow {
        (0..3, Duration::from_secs(60))
    } else {
        (0..1, Duration::from_secs(10))
    };
    for seed in seeds {
        let problem = club_s(seed, 40);
        let requests: Vec<RequestId> = problem.request_ids().collect();
        // Cold: nothing placed yet. Warm: the free requests start from the cold result, as when
        // a search hands over its current schedule.
        let mut current = Schedule::empty(&problem);
        for round in ["cold", "warm"] {
            let began = Instant::now();
            let out = run(&problem, &requests, &current, limit);
            let elapsed = began.elapsed();
            // On a slow or busy machine HiGHS may find nothing cold within the limit: the run
            // then ends at the limit with no schedule, which is what this test may observe.
            let Some(schedule) = out.schedule else {
                println!("club-s-like seed {seed} {round}: wall {elapsed:?}, no schedule yet");
                assert!(!out.optimal);
                break;
            };
            let score = score_of(&problem, None, &schedule);
            println!(
                "club-s-like seed {seed} {round}: wall {elapsed:?}, optimal {}, exact objective {}, score {score}, bound {:?}, placed {}/{}",
                out.optimal,
                out.exact_objective,
                out.lower_bound,
                schedule.assigned_count(),
                requests.len()
            );
            assert_eq!(score.hard, 0);
            assert!(out.lower_bound.is_some_and(|b| b <= score));
            current = schedule;
        }
    }
}

#[test]
fn honours_the_time_limit() {
    let problem = club_s(7, 40);
    let requests: Vec<RequestId> = problem.request_ids().collect();
    let fixed = Schedule::empty(&problem);
    let limit = Duration::from_millis(20);
    let began = Instant::now();
    let out = run(&problem, &requests, &fixed, limit);
    let elapsed = began.elapsed();
    println!(
        "time limit {limit:?}: returned after {elapsed:?}, optimal {}, schedule {}",
        out.optimal,
        out.schedule.is_some()
    );
    // Generous margin: the model is built before the limit is checked and HiGHS polls its clock.
    assert!(elapsed < limit + Duration::from_secs(2), "took {elapsed:?}");
    if let (Some(s), Some(b)) = (&out.schedule, out.lower_bound) {
        assert!(b <= score_of(&problem, None, s));
    }
}

#[test]
fn a_stop_check_ends_the_run_long_before_its_time_limit() {
    // Forty requests are not proven optimal in a minute, so without the stop HiGHS would run
    // to its limit; a caller that cancels gets control back within moments, with a valid bound.
    let problem = club_s(7, 40);
    let requests: Vec<RequestId> = problem.request_ids().collect();
    let fixed = Schedule::empty(&problem);
    let began = Instant::now();
    let cancel_after = Duration::from_millis(200);
    let out = solve_exact(&ExactInput {
        problem: &problem,
        requests: &requests,
        fixed: &fixed,
        time_limit: Duration::from_secs(60),
        stop: &|| began.elapsed() >= cancel_after,
    })
    .expect("model builds");
    let elapsed = began.elapsed();
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
    assert!(!out.optimal);
    if let (Some(s), Some(b)) = (&out.schedule, out.lower_bound) {
        assert!(b <= score_of(&problem, None, s));
    }
}

#[test]
fn deterministic_and_safe_to_run_in_parallel() {
    // Small enough to be proven optimal: under a time limit HiGHS' result depends on the clock.
    let problem = club_s(3, 10);
    let requests: Vec<RequestId> = problem.request_ids().collect();
    let fixed = Schedule::empty(&problem);
    let first = run(&problem, &requests, &fixed, Duration::from_secs(30));
    // HiGHS keeps its thread scheduler per calling thread: concurrent solves from several
    // threads, each with `threads = 1`, must neither fail nor disturb each other.
    let outs: Vec<ExactOutput> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..3)
            .map(|_| scope.spawn(|| run(&problem, &requests, &fixed, Duration::from_secs(30))))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("no panic"))
            .collect()
    });
    for out in outs {
        assert_eq!(out.schedule, first.schedule);
        assert_eq!(out.lower_bound, first.lower_bound);
    }
}

/// The MILP on the real club-s fixture, warm-started from a short search (slow: a minute; for
/// tuning the model): `cargo test --release -p paddock-solver club_s_fixture -- --ignored
/// --nocapture`, with `PADDOCK_HIGHS_LOG=1` for HiGHS' log.
#[test]
#[ignore]
fn club_s_fixture() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/club-s.json");
    let spec: crate::spec::ProblemSpec =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let problem = Problem::new(spec).unwrap();
    let requests: Vec<RequestId> = problem.request_ids().collect();
    let options = crate::SolveOptions {
        threads: 1,
        time_limit: Some(Duration::from_millis(300)),
        exact_max_requests: 0,
        ..Default::default()
    };
    let ls = crate::solve(&problem, &options, &crate::solve::NeverStop);
    println!("local search: {}", ls.score);
    let began = Instant::now();
    let out = run(&problem, &requests, &ls.schedule, Duration::from_secs(60));
    let score = out.schedule.as_ref().map(|s| score_of(&problem, None, s));
    println!(
        "warm: {:?} optimal {} exact {} score {score:?} bound {:?}",
        began.elapsed(),
        out.optimal,
        out.exact_objective,
        out.lower_bound
    );
    let score = score.expect("the warm start is a schedule");
    assert_eq!(score.hard, 0);
    assert!(
        score <= ls.score,
        "the MILP starts from the search's schedule"
    );
    assert!(out.lower_bound.is_some_and(|b| b <= score));
}
