//! Integration tests of the quality runner: a tiny suite writes the expected files and rows.

mod suite;
