#!/usr/bin/env bash
# Installs what spikesweep's tests need and runs them all: the README's test command, and what CI
# runs (.ci/run). On a fresh Debian machine, as root:
#
#   scripts/test.sh            everything: Go tests, race detector, DuckDB, report in Chromium, SLURM
#   scripts/test.sh --quick    Go tests only (DuckDB checks skip outside CI if npm packages are missing)
#
# It installs: npm packages (package.json: DuckDB), and with apt-get: chromium (report screenshot
# check), slurm-wlm and munge (one-node cluster for the job-array test). Go modules come with
# `go test`. Exit status is non-zero if any step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[ "${1:-}" = --quick ] && quick=1

step() { printf '\n=== %s\n' "$*"; }

if [ "$quick" = 0 ]; then
	step "install: npm packages (DuckDB for the Parquet checks)"
	npm install --no-audit --no-fund --loglevel=error
	if ! command -v chromium >/dev/null; then
		step "install: chromium (apt)"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends chromium >/dev/null
	fi
	step "install: slurm-wlm and munge (apt)"
	scripts/slurm/cluster.sh install
	# DuckDB checks must fail, not skip, when their tools are missing.
	export CI=${CI:-true}
fi

step "go vet"
go vet ./...

step "go test"
go test -count=1 -timeout 60m ./...

step "SIMD build (GOEXPERIMENT=simd): go vet, and the vector kernels against the scalar loops"
# The vector parts (systems/simd_amd64.go, equations/vm_simd_amd64.go) are compiled only in this
# build; their tests compare them bit for bit with the portable loops (they skip without AVX2).
GOEXPERIMENT=simd go vet ./...
GOEXPERIMENT=simd go test -count=1 ./systems ./equations

step "fuzz: sweep parser and validator (FuzzSweep, 40,000 inputs from the seed corpus)"
# Budgets are counts, not durations: a -fuzztime duration can expire while an interesting input is
# being minimised (up to 60 s by default), and Go then fails the target with "context deadline
# exceeded" although nothing was found (go.dev/issue/75804). Counts have no deadline to race.
go test -run '^$' -fuzz FuzzSweep -fuzztime 40000x -fuzzminimizetime 200x ./sweep

if [ "$quick" = 1 ]; then
	exit 0
fi

step "go test -race (scheduler, systems, engine data)"
go test -count=1 -race -timeout 30m ./sched ./systems ./ecs ./connect

step "report: render the STP sweep's report in headless Chromium and check the heat map"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/batch" ./cmd/batch
"$work/batch" run sweeps/stp.toml --out "$work/stp" -q
"$work/batch" report "$work/stp" -o "$work/report.html" >/dev/null
scripts/report-screenshot.sh "$work/report.html" "$work/report.png"

step "report: render a report of a dataset with a failed point (a rate unit over run.dt; one dt diverges)"
# The run exits 1 because a point failed; that is what this dataset is for.
rc=0
"$work/batch" run testdata/rate_dt_diverges.toml --out "$work/rate_dt" -q || rc=$?
[ "$rc" = 1 ] || { echo "batch run testdata/rate_dt_diverges.toml: exit $rc, want 1 (one failed point)" >&2; exit 1; }
"$work/batch" report "$work/rate_dt" -o "$work/rate_dt.html" >/dev/null
grep -q "state diverged" "$work/rate_dt.html" || { echo "the report does not list the failed point" >&2; exit 1; }
scripts/report-screenshot.sh "$work/rate_dt.html" "$work/rate_dt.png"

step "report: render the phase diagram of a small Brunel sweep (testdata/brunel_small.toml) in headless Chromium"
# The phase diagram (rate, CV and chi of exc and inh) comes first; the heat map must still be on
# the first screen the check looks at.
"$work/batch" run testdata/brunel_small.toml --out "$work/brunel" -q
"$work/batch" report "$work/brunel" -o "$work/brunel.html" >/dev/null
grep -q 'alt="Heat maps of the rate, CV and synchrony of exc over ie.weight and exc.V.poisson.rate"' "$work/brunel.html" ||
	{ echo "the Brunel report has no phase diagram" >&2; exit 1; }
scripts/report-screenshot.sh "$work/brunel.html" "$work/brunel.png"

step "SLURM: job arrays on a one-node cluster"
scripts/slurm/e2e.sh

echo
echo "all test steps passed"
