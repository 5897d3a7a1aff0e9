#!/usr/bin/env bash
# The test command of the README: every test of the workspace, then the documentation examples.
# PostgreSQL tests run when PADDOCK_TEST_POSTGRES_URL is set (CI sets it) and say loudly that
# they were skipped otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh
cargo nextest run --workspace --no-fail-fast
cargo test --workspace --doc
