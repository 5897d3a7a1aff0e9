//! Which improvement move the search tries next: an adaptive mix.
//!
//! What a move is worth depends on the instance. On a club, ruin-and-recreate re-seats a
//! coach's day and pays for its cost; on ITC-2007 timetables (no horses, fixed teachers) it
//! takes most of the time and finds little, while horse and coach changes find nothing at all.
//! So each search keeps, per move kind, the improvement its accepted moves made and the work
//! they took, and shares its steps in proportion to improvement per unit of work, with a floor
//! so that no kind is ever dropped. Work is counted, not timed (the parts of the score the state
//! re-evaluated and the starts looked at while re-inserting, `ScoreState::work`), so that a run
//! with a step budget stays reproducible.

use rand::Rng;

/// The moves of the improvement phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MoveKind {
    Change,
    SwapStarts,
    Kempe,
    Horse,
    Coach,
    Arena,
    RuinAndRecreate,
}

impl MoveKind {
    const ALL: [MoveKind; 7] = [
        MoveKind::Change,
        MoveKind::SwapStarts,
        MoveKind::Kempe,
        MoveKind::Horse,
        MoveKind::Coach,
        MoveKind::Arena,
        MoveKind::RuinAndRecreate,
    ];

    /// The share each kind starts with (the fixed mix tuned on the club fixtures before the mix
    /// adapted), in percent.
    const INITIAL: [f64; 7] = [37.0, 8.0, 7.0, 15.0, 9.0, 6.0, 18.0];
}

const KINDS: usize = MoveKind::ALL.len();

/// The smallest share of any kind: enough to notice when a kind starts to pay again.
const FLOOR: f64 = 0.02;

/// Steps between two updates of the shares.
const UPDATE_STEPS: u64 = 4_000;

/// Past updates' evidence keeps this weight at each update (a half-life of about three
/// updates), so the mix follows the search as it moves from quick gains to a long tail. (At 0.5
/// a late search's few gains made the mix jump from one kind to another.)
const DECAY: f64 = 0.8;

/// The shares of the moves and the evidence they come from.
#[derive(Clone, Debug)]
pub(super) struct MoveMix {
    share: [f64; KINDS],
    gain: [f64; KINDS],
    work: [f64; KINDS],
    since_update: u64,
}

impl Default for MoveMix {
    fn default() -> Self {
        let total: f64 = MoveKind::INITIAL.iter().sum();
        Self {
            share: MoveKind::INITIAL.map(|w| w / total),
            gain: [0.0; KINDS],
            work: [0.0; KINDS],
            since_update: 0,
        }
    }
}

impl MoveMix {
    /// Draws the next move's kind.
    pub fn pick(&self, rng: &mut impl Rng) -> MoveKind {
        let mut roll: f64 = rng.random_range(0.0..1.0);
        for (kind, &share) in MoveKind::ALL.iter().zip(&self.share) {
            if roll < share {
                return *kind;
            }
            roll -= share;
        }
        MoveKind::ALL[KINDS - 1]
    }

    /// Records a step of `kind`: the improvement of the current score it made (0 when it was
    /// rejected or made things worse) and the work it took (counted as at least one).
    pub fn record(&mut self, kind: MoveKind, gain: f64, work: u64) {
        let k = kind as usize;
        self.gain[k] += gain.max(0.0);
        self.work[k] += work.max(1) as f64;
        self.since_update += 1;
        if self.since_update >= UPDATE_STEPS {
            self.update();
        }
    }

    /// Re-shares the steps by improvement per unit of work. Without any improvement in the
    /// window (a plateau), the shares stay as they are.
    fn update(&mut self) {
        self.since_update = 0;
        let rate: [f64; KINDS] = std::array::from_fn(|k| self.gain[k] / self.work[k].max(1.0));
        let total: f64 = rate.iter().sum();
        if total > 0.0 {
            let spread = 1.0 - FLOOR * KINDS as f64;
            self.share = rate.map(|r| FLOOR + spread * r / total);
        }
        for k in 0..KINDS {
            self.gain[k] *= DECAY;
            self.work[k] *= DECAY;
        }
    }

    /// The current share of `kind`, between 0 and 1.
    #[cfg(test)]
    pub fn share(&self, kind: MoveKind) -> f64 {
        self.share[kind as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// A mix after `updates` windows of steps whose gain and work `outcome` tells by kind.
    fn adapted(seed: u64, updates: u64, outcome: impl Fn(MoveKind) -> (f64, u64)) -> MoveMix {
        let mut mix = MoveMix::default();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for _ in 0..updates * UPDATE_STEPS {
            let kind = mix.pick(&mut rng);
            let (gain, work) = outcome(kind);
            mix.record(kind, gain, work);
        }
        mix
    }

    #[test]
    fn a_kind_that_never_improves_falls_to_the_floor_and_stays_there() {
        let mix = adapted(1, 20, |kind| (f64::from(kind == MoveKind::Change), 1));
        assert!(mix.share(MoveKind::RuinAndRecreate) >= FLOOR);
        assert!(mix.share(MoveKind::RuinAndRecreate) < FLOOR + 1e-9);
        let total: f64 = MoveKind::ALL.iter().map(|&k| mix.share(k)).sum();
        assert!((total - 1.0).abs() < 1e-9);
        assert!(mix.share(MoveKind::Change) > 0.8);
    }

    #[test]
    fn the_same_gain_at_ten_times_the_work_earns_a_tenth_of_the_share() {
        let mix = adapted(2, 10, |kind| match kind {
            MoveKind::Change => (1.0, 1),
            MoveKind::RuinAndRecreate => (1.0, 10),
            _ => (0.0, 1),
        });
        let above_floor = |k| mix.share(k) - FLOOR;
        let ratio = above_floor(MoveKind::RuinAndRecreate) / above_floor(MoveKind::Change);
        assert!((0.05..0.2).contains(&ratio), "ratio {ratio}");
    }

    #[test]
    fn a_plateau_keeps_the_mix() {
        let mix = adapted(3, 3, |_| (0.0, 3));
        assert_eq!(mix.share, MoveMix::default().share);
    }
}
