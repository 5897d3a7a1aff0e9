//! Integration tests of `paddock-itc2007`: one binary, one module per concern.

mod adapter;
mod ctt;
mod helpers;
mod score;
mod sol;
mod solve;
