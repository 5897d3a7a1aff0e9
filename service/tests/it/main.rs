//! The service's one integration-test binary. Every test runs twice, on SQLite and on
//! PostgreSQL (`PADDOCK_TEST_POSTGRES_URL`), each time on a fresh database.

mod helpers;

mod auth;
mod authorization_matrix;
mod basics;
mod catalogue;
mod coupons;
mod demo;
mod hostile_input;
mod logs;
mod products;
mod resources;
mod route_cases;
#[cfg(feature = "scheduling")]
mod scheduling;
mod serve;
