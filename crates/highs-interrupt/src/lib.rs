//! Runs a HiGHS model until it finishes or the caller says stop.
//!
//! HiGHS checks its `time_limit` option only between larger steps (a round of cuts at the root,
//! a node), so a run may end well after its limit, and it knows nothing of a caller's
//! cancellation. Its C API offers interrupt callbacks, called during simplex iterations and
//! between MIP nodes, that may ask it to stop; neither good_lp nor the `highs` crate expose
//! them. This crate registers one around a single run and keeps the `unsafe` it takes here.

use std::ffi::{c_char, c_int, c_void};

use highs::{HighsStatus, Model, SolvedModel};
use highs_sys::{
    Highs_setCallback, Highs_startCallback, HighsCallbackDataIn, HighsCallbackDataOut,
    kHighsCallbackIpmInterrupt, kHighsCallbackMipInterrupt, kHighsCallbackSimplexInterrupt,
};

/// The callbacks that may end a run: simplex and interior-point iterations, MIP search.
const INTERRUPTS: [i32; 3] = [
    kHighsCallbackSimplexInterrupt,
    kHighsCallbackIpmInterrupt,
    kHighsCallbackMipInterrupt,
];

/// Solves `model`, asking HiGHS to stop as soon as `stop` returns true. A run stopped this way
/// ends like one that reached its time limit: with the best solution and bound found so far
/// (model status "interrupted"). HiGHS asks during simplex iterations and between MIP steps
/// (the same points where it checks its own time limit), so a stop takes effect at the next
/// such point, which in a MIP's root cut rounds can be a second or more away. `stop` must be
/// cheap and must not panic.
pub fn solve_until(
    mut model: Model,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<SolvedModel, HighsStatus> {
    // HiGHS hands this pointer back to `interrupt` during the run; `stop` outlives the run
    // because `try_solve` returns before this function does.
    let mut stop_ref: &(dyn Fn() -> bool + Sync) = stop;
    let user_data = (&raw mut stop_ref).cast::<c_void>();
    #[allow(unsafe_code)]
    // SAFETY: the pointer is the live model's; `interrupt` matches HighsCCallbackType and reads
    // `user_data` only while `stop_ref` is alive (during `try_solve` below).
    let registered = unsafe {
        let highs = model.as_mut_ptr();
        Highs_setCallback(highs, Some(interrupt), user_data) == 0
            && INTERRUPTS
                .iter()
                .all(|&kind| Highs_startCallback(highs, kind) == 0)
    };
    if !registered {
        return Err(HighsStatus::Error);
    }
    let solved = model.try_solve();
    // The callback stays registered with the solved model, whose later calls (reading values)
    // run no solver code that calls it; clearing it anyway keeps the pointer from dangling.
    solved.map(|mut solved| {
        #[allow(unsafe_code)]
        // SAFETY: the pointer is the solved model's own; a null callback unregisters.
        unsafe {
            Highs_setCallback(solved.as_mut_ptr(), None, std::ptr::null_mut());
        }
        solved
    })
}

#[allow(unsafe_code)]
unsafe extern "C" fn interrupt(
    _kind: c_int,
    _message: *const c_char,
    _out: *const HighsCallbackDataOut,
    data_in: *mut HighsCallbackDataIn,
    user_data: *mut c_void,
) {
    if data_in.is_null() || user_data.is_null() {
        return;
    }
    // SAFETY: `user_data` is the `&dyn Fn` that `solve_until` registered and keeps alive for the
    // run; `data_in` is HiGHS' own input record for this call.
    unsafe {
        let stop = &*user_data.cast::<&(dyn Fn() -> bool + Sync)>();
        if stop() {
            (*data_in).user_interrupt = 1;
        }
    }
}

#[cfg(test)]
mod tests;
