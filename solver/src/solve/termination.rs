//! When to stop: the caller owns cancellation.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Asked regularly by the solver; returning `true` stops it with the best schedule so far.
pub trait Termination: Sync {
    /// Whether to stop now.
    fn should_stop(&self) -> bool;
}

/// Never asks to stop (the time limit or the step budget ends the search).
#[derive(Clone, Copy, Debug, Default)]
pub struct NeverStop;

impl Termination for NeverStop {
    fn should_stop(&self) -> bool {
        false
    }
}

/// A flag another thread sets to cancel the solve.
#[derive(Clone, Debug, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    /// A flag not yet set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the solver to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl Termination for CancelFlag {
    fn should_stop(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}
