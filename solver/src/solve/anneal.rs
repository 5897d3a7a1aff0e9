//! Which moves the improvement phase keeps: simulated annealing.
//!
//! A move that makes the schedule no worse is kept. A move that costs `d` more soft is kept with
//! probability `exp(-d / T)`, where the temperature `T` falls geometrically from `T0` to
//! `T0 / 100` over the steps the search has planned (its step budget, or what its deadline
//! leaves at the rate seen so far), so the search wanders early and settles late. A move that
//! breaks a hard constraint or leaves a lesson out is never kept.
//!
//! `T0` follows the instance: the search first takes [`CALIBRATION_STEPS`] steps keeping only
//! moves that are no worse, and measures how much the worsening moves it looked at cost on
//! average; `T0` is 0.35 of that, so that a move of average cost starts with a chance of
//! `e^-1/0.35` (about 6 %). Club weights and ITC-2007 costs differ by orders of magnitude; the
//! measured scale serves both. (Annealing replaced late acceptance here on 2026-12-07: ITC-2007
//! at 60 s with 2 threads, medians of seeds 0–4 from late acceptance (176c6ab, before moves
//! were tried) to annealing (a442a64): comp02 63 → 56, comp03 96 → 80, comp05 395 → 331,
//! comp06 63 → 55, comp07 28 → 26; club-m at 10 s level. docs/benchmarks.md has the runs.)

use rand::Rng;

use crate::score::Score;

/// Steps spent measuring the cost of worsening moves before the temperature is set.
pub(super) const CALIBRATION_STEPS: u64 = 5_000;

/// The starting temperature as a share of the mean cost of a worsening move (ITC-2007 at 20 s
/// with one thread, seeds 11–16, means of comp02/05/06/07: 65/370/66/41 at 0.5, 66/366/70/37
/// at 0.35; club-m level).
const START_FACTOR: f64 = 0.35;

/// The final temperature as a share of the starting one (at 0.002: 75/368/70/40, at 0.03:
/// 73/360/64/41, with the other figures as at 0.01).
const END_RATIO: f64 = 0.01;

/// Planned steps when nothing limits the search (neither a step budget nor a deadline), per
/// lesson of the component: the schedule cools over these and stays cold after.
const UNLIMITED_STEPS_PER_LESSON: u64 = 2_000;

/// The acceptance rule of one search, with its temperature schedule.
#[derive(Clone, Debug)]
pub(super) struct Anneal {
    /// Worsening moves looked at while calibrating: their total soft cost and number.
    worse_total: f64,
    worse_count: u64,
    /// Steps judged while calibrating.
    judged: u64,
    /// The starting temperature and the step it was set at, once calibrated.
    start: Option<(f64, u64)>,
    /// The step at which the temperature reaches its end.
    planned: u64,
}

impl Anneal {
    /// A schedule for a component of `lessons` lessons, until [`Anneal::plan`] says more.
    pub fn new(lessons: usize) -> Self {
        Self {
            worse_total: 0.0,
            worse_count: 0,
            judged: 0,
            start: None,
            planned: UNLIMITED_STEPS_PER_LESSON * lessons.max(1) as u64,
        }
    }

    /// The search plans to end at step `planned` (counted from its first step).
    pub fn plan(&mut self, planned: u64) {
        self.planned = planned;
    }

    /// The temperature at `step`, once calibrated.
    pub fn temperature(&self, step: u64) -> Option<f64> {
        let (t0, from) = self.start?;
        let span = self.planned.saturating_sub(from).max(1);
        let progress = (step.saturating_sub(from) as f64 / span as f64).min(1.0);
        Some(t0 * END_RATIO.powf(progress))
    }

    /// Whether the search at `step` keeps a move from a schedule scored `before` to one scored
    /// `after`; `rng` draws the chance of a worsening move.
    pub fn accept(&mut self, before: Score, after: Score, step: u64, rng: &mut impl Rng) -> bool {
        if after.hard > before.hard || after.unassigned > before.unassigned {
            return false;
        }
        if after.hard < before.hard || after.unassigned < before.unassigned {
            return true;
        }
        let worse = after.soft - before.soft;
        let Some(t) = self.temperature(step) else {
            self.calibrate(worse, step);
            return worse <= 0;
        };
        worse <= 0 || rng.random::<f64>() < (-(worse as f64) / t).exp()
    }

    fn calibrate(&mut self, worse: i64, step: u64) {
        if worse > 0 {
            self.worse_total += worse as f64;
            self.worse_count += 1;
        }
        self.judged += 1;
        if self.judged >= CALIBRATION_STEPS {
            let mean = self.worse_total / self.worse_count.max(1) as f64;
            // A search that saw no worsening move has nothing to climb out of: any positive
            // temperature serves.
            self.start = Some(((START_FACTOR * mean).max(1e-9), step));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn soft(soft: i64) -> Score {
        Score {
            soft,
            ..Score::ZERO
        }
    }

    /// A schedule calibrated on worsening moves of cost 10 (and as many improving ones), planned
    /// to end at step 100 000.
    fn calibrated() -> Anneal {
        let mut anneal = Anneal::new(10);
        anneal.plan(100_000);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for step in 0..CALIBRATION_STEPS {
            let after = if step % 2 == 0 { 110 } else { 90 };
            let kept = anneal.accept(soft(100), soft(after), step, &mut rng);
            assert_eq!(
                kept,
                after < 100,
                "calibration keeps only moves that are no worse"
            );
        }
        anneal
    }

    /// How often a move of cost `worse` is kept at `step`, over 20 000 draws.
    fn kept_share(anneal: &mut Anneal, worse: i64, step: u64) -> f64 {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let kept = (0..20_000)
            .filter(|_| anneal.accept(soft(100), soft(100 + worse), step, &mut rng))
            .count();
        kept as f64 / 20_000.0
    }

    #[test]
    fn the_start_temperature_follows_the_mean_cost_of_a_worsening_move() {
        let anneal = calibrated();
        let start = anneal.temperature(CALIBRATION_STEPS).unwrap();
        assert!((start - 3.5).abs() < 1e-3, "{start}");
        let end = anneal.temperature(100_000).unwrap();
        assert!((end - 0.035).abs() < 1e-9, "{end}");
        assert_eq!(
            anneal.temperature(500_000),
            Some(end),
            "cold after the plan"
        );
    }

    #[test]
    fn worsening_moves_are_kept_less_often_as_the_schedule_cools() {
        let mut anneal = calibrated();
        let average = kept_share(&mut anneal, 10, CALIBRATION_STEPS);
        assert!((average - (-10.0f64 / 3.5).exp()).abs() < 0.02, "{average}");
        let early = kept_share(&mut anneal, 1, CALIBRATION_STEPS);
        let middle = kept_share(&mut anneal, 1, 50_000);
        let late = kept_share(&mut anneal, 1, 100_000);
        assert!(
            early > 0.75 && middle < early / 2.0 && middle > 0.05,
            "{early} {middle}"
        );
        assert_eq!(late, 0.0);
        assert_eq!(
            kept_share(&mut anneal, -3, 100_000),
            1.0,
            "improvements always"
        );
    }

    #[test]
    fn a_hard_violation_or_a_lesson_left_out_is_never_traded_for_soft_cost() {
        let mut anneal = calibrated();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let hard = Score { hard: 1, ..soft(0) };
        let left_out = Score {
            unassigned: 1,
            ..soft(0)
        };
        for step in [CALIBRATION_STEPS, 50_000] {
            assert!(!anneal.accept(soft(100), hard, step, &mut rng));
            assert!(!anneal.accept(soft(100), left_out, step, &mut rng));
            assert!(anneal.accept(left_out, soft(1_000), step, &mut rng));
        }
    }
}
