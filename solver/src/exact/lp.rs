//! A thin layer over good_lp: typed columns with known bounds, rows collected before the
//! problem is handed to HiGHS.
//!
//! good_lp wants every variable before the objective and the rows; the model builders below want
//! to create auxiliary variables while they write rows. Collecting rows here lets them do both.
//! Each column also remembers its bounds, which the objective needs to bound the soft cost (the
//! factor that keeps "unplaced" above every soft penalty).

use good_lp::{Expression, ProblemVariables, Variable, variable};

/// A column of the MILP: the good_lp handle and its position in the solution vector.
#[derive(Clone, Copy, Debug)]
pub(super) struct Var {
    pub handle: Variable,
    pub col: usize,
}

/// A linear row `lower <= Σ coef·var <= upper`.
pub(super) struct Row {
    pub terms: Vec<(Var, f64)>,
    pub lower: f64,
    pub upper: f64,
}

#[derive(Default)]
pub(super) struct Lp {
    pub vars: ProblemVariables,
    /// Bounds per column, in column order.
    pub bounds: Vec<(f64, f64)>,
    pub rows: Vec<Row>,
}

impl Lp {
    fn add(&mut self, lower: f64, upper: f64, integer: bool) -> Var {
        let mut def = variable().bounds(lower..=upper);
        if integer {
            def = def.integer();
        }
        let handle = self.vars.add(def);
        self.bounds.push((lower, upper));
        Var {
            handle,
            col: self.bounds.len() - 1,
        }
    }

    pub fn binary(&mut self) -> Var {
        self.add(0.0, 1.0, true)
    }

    pub fn continuous(&mut self, lower: f64, upper: f64) -> Var {
        self.add(lower, upper, false)
    }

    pub fn le(&mut self, terms: Vec<(Var, f64)>, upper: f64) {
        self.rows.push(Row {
            terms,
            lower: f64::NEG_INFINITY,
            upper,
        });
    }

    pub fn ge(&mut self, terms: Vec<(Var, f64)>, lower: f64) {
        self.rows.push(Row {
            terms,
            lower,
            upper: f64::INFINITY,
        });
    }

    pub fn eq(&mut self, terms: Vec<(Var, f64)>, value: f64) {
        self.rows.push(Row {
            terms,
            lower: value,
            upper: value,
        });
    }

    pub fn num_cols(&self) -> usize {
        self.bounds.len()
    }
}

/// `Σ coef·var` as a good_lp expression.
pub(super) fn expression(terms: &[(Var, f64)]) -> Expression {
    let mut e = Expression::with_capacity(terms.len());
    for &(var, coef) in terms {
        e.add_mul(coef, var.handle);
    }
    e
}
