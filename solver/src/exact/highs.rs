//! Handing the model to HiGHS and reading back the solution and the dual bound.
//!
//! good_lp builds the HiGHS model but its `solve` keeps neither the MIP dual bound nor lets a
//! caller read HiGHS info values, so the model is taken out with `try_into_inner` and run here.
//!
//! HiGHS checks its time limit, and the interrupt callback, only between larger steps: a round
//! of cuts at the root of club-s's model runs a second or two past either. So the run happens on
//! a thread of its own, and the caller stops waiting when its own time is up: HiGHS is told to
//! stop and, if it has not answered within a moment, that thread winds down alone and the caller
//! goes on without HiGHS' solution and bound. (Its callbacks do report a bound, but also during
//! the sub-MIP that completes a partial start, whose bound holds only for that sub-problem.)

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use good_lp::SolverModel;
use paddock_highs_interrupt::solve_until;

use super::ExactError;
use super::lp::{Lp, Var, expression};

pub(super) struct Solved {
    /// Column values of the best solution found, if any.
    pub columns: Option<Vec<f64>>,
    /// Objective of that solution.
    pub objective: f64,
    /// HiGHS' proven lower bound on the objective (minimisation), when it has one.
    pub dual_bound: Option<f64>,
}

/// HiGHS' `primal_solution_status` for "a feasible solution is available".
const SOLUTION_FEASIBLE: i64 = 2;

/// How often the waiting caller asks its stop check.
const POLL: Duration = Duration::from_millis(5);

/// How long the caller waits for HiGHS' answer once told to stop, before leaving without it.
const GRACE: Duration = Duration::from_millis(50);

/// `start`: a (partial) solution to begin from, `f64::INFINITY` for columns left open; HiGHS
/// completes it (fixing the given discrete values and solving for the rest) or drops it.
/// `stop`: asked every few milliseconds while HiGHS runs; once it says so (or `time_limit` has
/// passed), this returns within [`GRACE`], with HiGHS' answer if it came by then, else with
/// neither solution nor bound.
pub(super) fn solve(
    lp: Lp,
    objective: Vec<(Var, f64)>,
    start: Option<Vec<f64>>,
    time_limit: Duration,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Solved, ExactError> {
    let began = Instant::now();
    let abandoned = Arc::new(AtomicBool::new(false));
    let (answer, answered) = mpsc::channel();
    {
        let abandoned = Arc::clone(&abandoned);
        std::thread::Builder::new()
            .name("paddock-highs".into())
            .spawn(move || {
                let check = || abandoned.load(Ordering::Relaxed);
                // The caller may have left: nobody to tell then.
                let _ = answer.send(run(lp, &objective, start, time_limit, &check));
            })
            .map_err(|e| ExactError::Solver(format!("cannot start a thread for HiGHS: {e}")))?;
    }
    let deadline = began + time_limit;
    loop {
        match answered.recv_timeout(POLL) {
            Ok(solved) => return solved,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(ExactError::Solver("HiGHS ended without an answer".into()));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if Instant::now() >= deadline || stop() {
            break;
        }
    }
    abandoned.store(true, Ordering::Relaxed);
    answered.recv_timeout(GRACE).unwrap_or(Ok(Solved {
        columns: None,
        objective: f64::NAN,
        dual_bound: None,
    }))
}

/// One HiGHS run, to the end or until `check` says stop.
fn run(
    lp: Lp,
    objective: &[(Var, f64)],
    start: Option<Vec<f64>>,
    time_limit: Duration,
    check: &(dyn Fn() -> bool + Sync),
) -> Result<Solved, ExactError> {
    let Lp { vars, rows, .. } = lp;
    let mut problem = vars.minimise(expression(objective)).using(good_lp::highs);
    for row in rows {
        if row.terms.is_empty() {
            continue;
        }
        if row.lower == row.upper {
            problem.add_constraint(expression(&row.terms).eq(row.lower));
            continue;
        }
        if row.upper.is_finite() {
            problem.add_constraint(expression(&row.terms).leq(row.upper));
        }
        if row.lower.is_finite() {
            // `Σ c·x >= l` as `Σ −c·x <= −l`.
            let negated: Vec<(Var, f64)> = row.terms.iter().map(|&(v, c)| (v, -c)).collect();
            problem.add_constraint(expression(&negated).leq(-row.lower));
        }
    }
    let mut model = problem
        .try_into_inner()
        .map_err(|e| ExactError::Solver(e.to_string()))?;
    // PADDOCK_HIGHS_LOG shows HiGHS' own log, for tuning the model.
    if std::env::var_os("PADDOCK_HIGHS_LOG").is_none() {
        model.make_quiet();
    } else {
        let _ = model.try_set_option("output_flag", true);
        let _ = model.try_set_option("log_to_console", true);
    }
    // One thread: callers run several models in parallel themselves, and a single-threaded MIP
    // is deterministic. The objective is integral, so an absolute gap of 1/2 already proves
    // optimality once the bound is rounded up (with margin for float noise); the default relative
    // gap (1e-4) would stop early on the large unplaced weights.
    let options: [(&str, Opt); 5] = [
        ("threads", Opt::Int(1)),
        ("time_limit", Opt::Float(time_limit.as_secs_f64())),
        ("mip_rel_gap", Opt::Float(0.0)),
        ("mip_abs_gap", Opt::Float(0.5)),
        ("random_seed", Opt::Int(0)),
    ];
    for (name, value) in options {
        let result = match value {
            Opt::Int(v) => model.try_set_option(name, v),
            Opt::Float(v) => model.try_set_option(name, v),
        };
        result.map_err(|_| ExactError::Solver(format!("HiGHS rejected option {name}")))?;
    }
    if let Some(start) = start {
        model
            .try_set_solution(Some(&start), None, None, None)
            .map_err(|status| ExactError::Solver(format!("HiGHS refused the start: {status:?}")))?;
    }
    let solved = solve_until(model, check)
        .map_err(|status| ExactError::Solver(format!("HiGHS run failed: {status:?}")))?;
    let has_solution = solved
        .int_info_value(c"primal_solution_status")
        .is_ok_and(|s| s == SOLUTION_FEASIBLE);
    let columns = has_solution.then(|| solved.get_solution().columns().to_vec());
    let dual_bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite());
    Ok(Solved {
        columns,
        objective: solved.objective_value(),
        dual_bound,
    })
}

#[derive(Clone, Copy)]
enum Opt {
    Int(i32),
    Float(f64),
}
