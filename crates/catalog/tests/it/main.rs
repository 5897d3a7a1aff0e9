//! Integration tests for `paddock-catalog`, through its public API only.

mod forms;
mod pricing;
mod properties;
