//! Making room ends on the best schedule its walk saw, however far the walk wandered.

use std::sync::Mutex;
use std::sync::atomic::AtomicU64;
use std::time::Instant;

use super::*;
use crate::Problem;
use crate::check;
use crate::schedule::Schedule;
use crate::solve::construct::construct;
use crate::solve::domain::Domain;
use crate::solve::search::fully_pinned;
use crate::solve::tests::random_problem;
use crate::solve::{NeverStop, verify};

fn context(problem: &Problem) -> Context<'_> {
    Context {
        problem,
        baseline: None,
        domain: Domain::new(problem),
        deadline: None,
        termination: &NeverStop,
        progress: &|_| {},
        began: Instant::now(),
        verify: false,
        first_feasible: Mutex::new(None),
        moves: AtomicU64::new(0),
        component_best: Mutex::new(vec![None]),
    }
}

#[test]
fn making_room_ends_no_worse_than_construction_on_one_thread_or_two() {
    // Far more lessons than the riders have hours: construction leaves dozens out, making
    // room persists until it stalls, and lessons that keep failing grow heavy enough for the
    // walk to trade them for several lighter ones, leaving the best level it reached.
    for seed in 0..4 {
        let problem = random_problem(seed, 100);
        let ctx = context(&problem);
        let requests: Vec<RequestId> = problem.request_ids().collect();
        let movable: Vec<RequestId> = requests
            .iter()
            .copied()
            .filter(|&r| !fully_pinned(&problem, r))
            .collect();
        for portfolio in [1, 2] {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut state = ScoreState::new(&problem, None, Schedule::empty(&problem));
            let mut moves = 0;
            let failed = construct(
                &mut state,
                &ctx.domain,
                &requests,
                &[],
                &|| false,
                &mut rng,
                &mut moves,
            );
            assert!(
                failed.len() > FEW_FAILED,
                "seed {seed}: {} left out",
                failed.len()
            );
            let constructed = placed_level(state.score());
            let reported = Mutex::new(Vec::new());
            let report = |s: &ScoreState| reported.lock().unwrap().push(placed_level(s.score()));
            make_room(
                &ctx, &mut state, &failed, &movable, portfolio, &report, &mut rng, &mut moves,
            );
            let made = placed_level(state.score());
            assert!(
                made <= constructed,
                "seed {seed}, {portfolio}: {made:?} after {constructed:?}"
            );
            // What a progress bar was shown is never better than what is returned.
            let reported = reported.into_inner().unwrap();
            assert!(
                reported.iter().all(|&r| made <= r),
                "seed {seed}: {made:?}, shown {reported:?}"
            );
            verify(&state);
            assert!(check(&problem, state.schedule()).is_clean(), "seed {seed}");
        }
    }
}
