#!/usr/bin/env bash
# Installs what a fresh machine lacks to build Paddock: HiGHS (the exact MILP solver, built from
# source by highs-sys) needs CMake, and bindgen needs libclang. Nothing happens when both are there.
set -euo pipefail

missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
if ! ldconfig -p 2>/dev/null | grep -q 'libclang\(-[0-9.]*\)\?\.so'; then
    missing+=(libclang1-14)
fi
if ! command -v cargo-nextest >/dev/null 2>&1 && ! cargo nextest --version >/dev/null 2>&1; then
    echo "cargo-nextest is missing: installing it with cargo (a few minutes)" >&2
    cargo install --locked cargo-nextest
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} (needed to build HiGHS)" >&2
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
