#!/usr/bin/env bash
# The run command of the README. Without arguments: the service with a demo club in a local
# SQLite file. With arguments: any `paddock` command, e.g. `scripts/run.sh solve fixtures/club-m.json`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh
if [ $# -eq 0 ]; then
    set -- serve --demo
fi
exec cargo run --release -p paddock-cli --bin paddock -- "$@"
