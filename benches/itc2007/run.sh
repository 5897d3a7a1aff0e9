#!/usr/bin/env bash
# Solves ITC-2007 Track 3 instances with Paddock and scores each timetable with the official
# rules, several seeds each, one CSV line per run:
#   benches/itc2007/run.sh [DATA_DIR] [TIME_LIMIT] [SEEDS] [THREADS] > results.csv
# Defaults: ../shared/data/itc2007, 60s, 5 seeds (0-4), 2 threads. Needs a release build:
# `cargo build --release -p paddock-cli`. Medians: benches/itc2007/medians.py results.csv
set -euo pipefail
data=${1:-../shared/data/itc2007}
limit=${2:-60s}
seeds=${3:-5}
threads=${4:-2}
paddock=${PADDOCK:-target/release/paddock}
out=$(mktemp -d)
echo "instance,seed,threads,time_limit,violations,total_cost,room_capacity,min_working_days,curriculum_compactness,room_stability"
for ctt in "$data"/comp*.ctt; do
    name=$(basename "$ctt" .ctt)
    for ((seed = 0; seed < seeds; seed++)); do
        sol="$out/$name-$seed.sol"
        "$paddock" itc2007 solve "$ctt" --time-limit "$limit" --threads "$threads" --seed "$seed" \
            --out "$sol" >/dev/null 2>&1
        "$paddock" itc2007 score "$ctt" "$sol" --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(",".join(str(x) for x in [sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], d["violations"],
      d["total_cost"], d["room_capacity"], d["min_working_days"], d["curriculum_compactness"],
      d["room_stability"]]))' "$name" "$seed" "$threads" "$limit"
    done
done
rm -rf "$out"
