#!/usr/bin/env bash
# End-to-end test of spikesweep on a one-node SLURM cluster (cluster.sh), with the example job
# scripts of examples/slurm/ as a user would submit them:
#
#   1. build bin/batch; install SLURM if needed; `up` a cluster in a temp dir (always `down`);
#   2. a reduced copy of sweeps/stp.toml (128 points, 200 s of simulated time each) run locally
#      in one process (the reference), with --workers 1 and with the default worker count;
#   3. stp.sbatch as --array=0-3 (--shards 4, --cpus-per-task=1) plus finish.sbatch with
#      --dependency=afterok: every point once in the points table, in the monitor and spike
#      datasets, the data equal to the local run's (DuckDB), `batch status` in the follow-up;
#   4. the same array again, one task scancel'led mid-run (after its first batch is on disk),
#      the follow-ups (afterok: never runs; afterany: runs and fails), that index resubmitted
#      alone (--array=K): it skips the finished points; the dataset complete, no duplicates,
#      equal to the local run; an afterok follow-up of the resubmission passes;
#   5. `batch submit --shards 8 --wait` with one task cancelled: submit resubmits exactly that
#      shard and ends with every point done; the dataset equals the local run;
#   6. `batch compact` of that dataset: fewer files, the same rows (DuckDB), status --verify;
#   7. prints the wall time of the array against the local runs.
#
# Run as root from anywhere, on a fresh machine too (installs SLURM with apt, DuckDB with npm).
# The last line is "N passed, M failed"; exit status non-zero on any failure, or if the cluster
# cannot start. KEEP=1 keeps the temp dir (job logs, datasets, daemon logs).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CLUSTER=$HERE/cluster.sh
EXAMPLES=$ROOT/examples/slurm
PROG=${0##*/}

SHARDS=4
CANCEL_TASK=1    # the task cancelled mid-run (the first wave on a 2-CPU node: tasks 0 and 1)
REPLICAS=4       # points per world: a task of 32 points writes 8 batches, one every ~0.5 s

WORK=$(mktemp -d -t slurm-e2e.XXXXXX)
chmod 755 "$WORK" # munged (user munge) must reach the cluster dir inside it
CDIR=$WORK/cluster
BIN=$WORK/bin/batch
SWEEP=$WORK/stp_e2e.toml
PASSED=0
FAILED=0
T0=$SECONDS

say() { printf '[%s %3ds] %s\n' "$PROG" "$((SECONDS - T0))" "$*" >&2; }

cleanup() {
	local rc=$?
	set +e
	if [[ $rc -ne 0 && $FAILED -eq 0 ]]; then
		FAILED=$((FAILED + 1)) # an abort that no check counted (set -e, a signal)
	fi
	if [[ $rc -ne 0 || $FAILED -ne 0 ]]; then
		if [[ -f $CDIR/etc/slurm.conf ]]; then
			say "failure: queue, job logs and daemon logs follow"
			SLURM_CONF=$CDIR/etc/slurm.conf squeue -a 2>&1 | head -20 >&2
			tail -n 5 "$WORK"/logs/*.out >&2 2>/dev/null
			tail -n 20 "$CDIR"/log/slurmctld.log "$CDIR"/log/slurmd.log >&2 2>/dev/null
		fi
		rc=1
	fi
	"$CLUSTER" down "$CDIR" || rc=1
	if [[ $rc -eq 0 && -z ${KEEP:-} ]]; then
		rm -rf "$WORK"
	else
		say "kept $WORK"
	fi
	echo "$PASSED passed, $FAILED failed"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # a normal exit, so that the EXIT trap brings the cluster down

pass() {
	PASSED=$((PASSED + 1))
	say "ok: $*"
}
# fail: a check that failed; the test goes on where later checks still make sense.
fail() {
	FAILED=$((FAILED + 1))
	say "FAIL: $*"
}
# fatal: a failure after which nothing else can be tested.
fatal() {
	fail "$*"
	exit 1
}
# check DESCRIPTION COMMAND...: pass if COMMAND succeeds.
check() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# sbatch wrapper: prints the job id (--parsable prints "id[;cluster]"). Jobs run in $WORK,
# where the example scripts' relative logs/ directory is.
submit() {
	local out
	out=$(sbatch --parsable --chdir="$WORK" "$@") || fatal "sbatch $* failed"
	echo "${out%%;*}"
}
job_state() { scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2; }
job_reason() { squeue -h -j "$1" -o '%r' 2>/dev/null || true; }

# sql SQL: runs one DuckDB statement, prints the rows as JSON.
sql() { (cd "$ROOT" && node tools/duckdb/query.mjs "$1"); }

# verify LABEL DIR: DIR holds every point exactly once and the same data as the local run.
# One DuckDB query returns one row per check (check, ok, got); each row counts as a test.
verify() {
	local label=$1 dir=$2 ref=$WORK/local1 n=$NPOINTS rows=$MON_ROWS
	local mon="$dir/monitors/syn/*.parquet" rmon="$ref/monitors/syn/*.parquet"
	# Doubles are compared as text: DuckDB prints the shortest string that reads back to the same
	# bits, so equal text is bit-identical (and -0.0 differs from 0.0, unlike =).
	local monsel="point, step, t::VARCHAR, index, pre, post, u::VARCHAR, x::VARCHAR, s::VARCHAR"
	local ptsel='* EXCLUDE (wall_s, part)' # wall clock and batch number differ by design
	local q out
	q="
WITH p AS (SELECT * FROM read_parquet('$dir/points/*.parquet')),
     m AS (SELECT *, filename AS f FROM read_parquet('$mon', filename = true))
SELECT 'points: $n rows, each point once, ids 0..$((n - 1)), all ok' AS check,
       count(*) = $n AND count(DISTINCT point) = $n AND min(point) = 0 AND max(point) = $((n - 1))
         AND count(*) FILTER (WHERE status <> 'ok') = 0 AS ok,
       format('{} rows, {} distinct, {}..{}, {} not ok', count(*), count(DISTINCT point), min(point), max(point),
              count(*) FILTER (WHERE status <> 'ok')) AS got FROM p
UNION ALL
SELECT 'monitor syn: $rows rows, all $n points, each in exactly one part file',
       (SELECT count(*) FROM m) = $rows AND (SELECT count(DISTINCT point) FROM m) = $n
         AND (SELECT count(*) FROM (SELECT point FROM m GROUP BY point HAVING count(DISTINCT f) <> 1)) = 0,
       format('{} rows, {} points, {} points in several files', (SELECT count(*) FROM m), (SELECT count(DISTINCT point) FROM m),
              (SELECT count(*) FROM (SELECT point FROM m GROUP BY point HAVING count(DISTINCT f) <> 1)))
UNION ALL
SELECT 'monitor syn: no (point, step, index) twice',
       count(*) = 0, format('{} duplicated', count(*))
  FROM (SELECT point, step, index FROM m GROUP BY ALL HAVING count(*) > 1)
UNION ALL
SELECT 'points table equals the local run (all but wall_s, part)',
       (SELECT count(*) FROM (SELECT $ptsel FROM p EXCEPT ALL SELECT $ptsel FROM read_parquet('$ref/points/*.parquet'))) = 0
       AND (SELECT count(*) FROM (SELECT $ptsel FROM read_parquet('$ref/points/*.parquet') EXCEPT ALL SELECT $ptsel FROM p)) = 0,
       'rows only here / only local: ' ||
       (SELECT count(*) FROM (SELECT $ptsel FROM p EXCEPT ALL SELECT $ptsel FROM read_parquet('$ref/points/*.parquet'))) || ' / ' ||
       (SELECT count(*) FROM (SELECT $ptsel FROM read_parquet('$ref/points/*.parquet') EXCEPT ALL SELECT $ptsel FROM p))
UNION ALL
SELECT 'monitor syn (u, x, s) bit-identical to the local run',
       a = 0 AND b = 0, format('rows only here / only local: {} / {}', a, b)
  FROM (SELECT (SELECT count(*) FROM (SELECT $monsel FROM read_parquet('$mon') EXCEPT ALL SELECT $monsel FROM read_parquet('$rmon'))) AS a,
               (SELECT count(*) FROM (SELECT $monsel FROM read_parquet('$rmon') EXCEPT ALL SELECT $monsel FROM read_parquet('$mon'))) AS b)
UNION ALL
SELECT 'spikes neu1, neu2: per point and population, count and hash of (step, index, t) equal the local run''s; each point in one part file per population',
       n > 0 AND diff = 0 AND multi = 0, format('{} spikes, {} (population, point) pairs differ, {} in several files', n, diff, multi)
  FROM (SELECT
    (SELECT count(*) FROM read_parquet('$dir/spikes/*/*.parquet')) AS n,
    (SELECT count(*) FROM (SELECT regexp_extract(filename, '/spikes/([^/]+)/', 1) AS pop, point, count(*) AS c,
                                  sum(hash(step, index, t))::VARCHAR AS h, count(DISTINCT filename) AS files
                             FROM read_parquet('$dir/spikes/*/*.parquet', filename = true) GROUP BY ALL) a
       FULL JOIN (SELECT regexp_extract(filename, '/spikes/([^/]+)/', 1) AS pop, point, count(*) AS c,
                         sum(hash(step, index, t))::VARCHAR AS h
                    FROM read_parquet('$ref/spikes/*/*.parquet', filename = true) GROUP BY ALL) b USING (pop, point)
       WHERE a.c IS DISTINCT FROM b.c OR a.h IS DISTINCT FROM b.h) AS diff,
    (SELECT count(*) FROM (SELECT regexp_extract(filename, '/spikes/([^/]+)/', 1) AS pop, point
                             FROM read_parquet('$dir/spikes/*/*.parquet', filename = true) GROUP BY ALL
                           HAVING count(DISTINCT filename) > 1)) AS multi)
UNION ALL
SELECT 'order-independent hash of the monitor data equals the local run''s',
       h = r, format('{} vs {}', h, r)
  FROM (SELECT (SELECT sum(hash(point, step, index, u, x, s))::VARCHAR FROM read_parquet('$mon')) AS h,
               (SELECT sum(hash(point, step, index, u, x, s))::VARCHAR FROM read_parquet('$rmon')) AS r)"
	if ! out=$(sql "$q" 2>&1); then
		fail "$label: DuckDB query failed: $out"
		return
	fi
	local line
	while IFS=$'\t' read -r ok what got; do
		if [[ $ok == true ]]; then pass "$label: $what ($got)"; else fail "$label: $what: got $got"; fi
	done < <(node -e '
		for (const r of JSON.parse(require("fs").readFileSync(0, "utf8")))
			console.log([r.ok, r.check, r.got].join("\t"));' <<<"$out")
	# No temporary file may be left in a finished dataset.
	line=$(find "$dir" -name '*.tmp-*' | head -3)
	check "$label: no temporary files left" test -z "$line"
}

# task_summary LOG: the summary line `batch run` prints at the end of a task.
task_summary() { grep -h 'points in shard' "$1" 2>/dev/null | tail -1; }

# ---------------------------------------------------------------------------
cd "$ROOT"
say "build"
mkdir -p "$WORK/bin" "$WORK/logs"
go build -o "$BIN" ./cmd/batch || fatal "go build ./cmd/batch"
if [[ ! -d node_modules/@duckdb/node-api ]]; then
	say "npm install (DuckDB)"
	npm install --no-audit --no-fund --loglevel=error >&2 || fatal "npm install"
fi

say "install SLURM"
"$CLUSTER" install || fatal "cluster.sh install"
say "up $CDIR"
"$CLUSTER" up "$CDIR" >/dev/null || fatal "the cluster did not start (cluster.sh up)"
# shellcheck disable=SC1091
source "$CDIR/env"
pass "cluster up: $(sinfo -h -o '%N %C %T' | head -1) (nodes: name, CPUs alloc/idle/other/total, state)"

# --- the reduced sweep ------------------------------------------------------
# 4 x 4 x 8 = 128 points instead of 512, 200 s of simulated time instead of 1 s (2 million steps),
# monitors every 100 ms instead of every 1 ms: about 13 s in one process, 3-4 s per task of 32.
sed -e 's/^duration = .*/duration = 200000.0   # ms (e2e copy: long enough to cancel a task mid-run)/' \
	-e 's/^every = .*/every = 1000   # steps (e2e copy)/' \
	-e '/path = "syn.tau_d"/,/logspace/ s/num = 8/num = 4/' \
	-e '/path = "syn.tau_f"/,/logspace/ s/num = 8/num = 4/' \
	sweeps/stp.toml >"$SWEEP"
v=$("$BIN" validate "$SWEEP" 2>&1) || fatal "reduced sweep invalid: $v"
[[ $v == *"ok (128 points, 2000000 steps each"* ]] ||
	fatal "the sed edits of sweeps/stp.toml no longer give 128 points of 2000000 steps: $v"
NPOINTS=128
MON_ROWS=$((NPOINTS * 2000000 / 1000)) # one synapse, every 1000 steps
pass "reduced sweep: $v"

# --- local reference runs -----------------------------------------------------
say "local run, one process, --workers 1"
t=$(now)
"$BIN" run --out "$WORK/local1" --workers 1 -q "$SWEEP" 2>"$WORK/logs/local1.err" || fatal "local run: $(cat "$WORK/logs/local1.err")"
T_LOCAL1=$(elapsed "$t" "$(now)")
say "local run, one process, default workers ($(nproc) cores)"
t=$(now)
"$BIN" run --out "$WORK/localN" -q "$SWEEP" 2>"$WORK/logs/localN.err" || fatal "local run: $(cat "$WORK/logs/localN.err")"
T_LOCALN=$(elapsed "$t" "$(now)")
check "local runs complete (batch status)" "$BIN" status "$WORK/local1"
pass "local runs: ${T_LOCAL1}s (--workers 1), ${T_LOCALN}s (default workers)"
if awk -v t="$T_LOCAL1" 'BEGIN { exit !(t < 4) }'; then
	say "warning: the sweep runs in ${T_LOCAL1}s: tasks of under a second are hard to cancel mid-run; raise its duration"
fi

# --- 1. the array, all tasks complete, afterok follow-up ----------------------
# stp.sbatch as a user submits it; the command line overrides its #SBATCH --array and
# --cpus-per-task, the environment its defaults, and the arguments go to `batch run`.
say "array 1: stp.sbatch --array=0-$((SHARDS - 1)), --shards $SHARDS, --cpus-per-task=1"
ENVS="ALL,SHARDS=$SHARDS,SWEEP=$SWEEP,BATCH=$BIN"
t=$(now)
A1=$(submit --array=0-$((SHARDS - 1)) --cpus-per-task=1 --export="$ENVS,OUT=$WORK/arr1" \
	"$EXAMPLES/stp.sbatch" --replicas "$REPLICAS")
F1=$(submit --dependency="afterok:$A1" --export="ALL,OUT=$WORK/arr1,BATCH=$BIN" "$EXAMPLES/finish.sbatch")
st=$("$CLUSTER" wait "$CDIR" "$A1" 300) || fail "array $A1: $st"
T_ARRAY=$(elapsed "$t" "$(now)")
check "array $A1: $st" test "$st" = "COMPLETED=$SHARDS"
task_s=()
for ((i = 0; i < SHARDS; i++)); do
	log=$WORK/logs/stp_${A1}_$i.out
	s=$(task_summary "$log")
	if [[ $s == *"32 points in shard $i/$SHARDS: 32 run (32 ok, 0 failed), 0 already done"* ]]; then
		task_s+=("$(sed -n 's/.*done; \([0-9.]*\) s;.*/\1/p' <<<"$s")")
	else
		fail "task $i: log ${log##*/}: '${s:-$(tail -3 "$log" 2>/dev/null)}'"
	fi
done
check "%x_%A_%a logs: each of the $SHARDS tasks ran its 32 points (${task_s[*]} s)" test "${#task_s[@]}" -eq "$SHARDS"
st=$("$CLUSTER" wait "$CDIR" "$F1" 60) || true
check "afterok follow-up $F1 (finish.sbatch) ran after the array: $st" test "$st" = COMPLETED=1
check "follow-up: batch status says 128 done" grep -q "128 points: 128 done, 0 failed, 0 missing" "$WORK/logs/stp-finish_$F1.out"
check "follow-up: batch report wrote report.html" test -s "$WORK/arr1/report.html"
verify "array 1" "$WORK/arr1"

# --- 2. one task cancelled mid-run, resubmitted alone -------------------------
K=$CANCEL_TASK
say "array 2: the same, task $K cancelled mid-run, then resubmitted with --array=$K"
A2=$(submit --array=0-$((SHARDS - 1)) --cpus-per-task=1 --export="$ENVS,OUT=$WORK/arr2" \
	"$EXAMPLES/stp.sbatch" --replicas "$REPLICAS")
F2ok=$(submit --dependency="afterok:$A2" --export="ALL,OUT=$WORK/arr2,BATCH=$BIN" "$EXAMPLES/finish.sbatch")
F2any=$(submit --dependency="afterany:$A2" --export="ALL,OUT=$WORK/arr2,BATCH=$BIN" "$EXAMPLES/finish.sbatch")
# Mid-run: the task is RUNNING and its first batch is on disk (a batch's points file,
# points/part-<shard>-<seq>.parquet, is written last), but it has not finished (its log has no
# summary line yet).
first_batch_done() { compgen -G "$WORK/arr2/points/part-$(printf %04d "$K")-*.parquet" >/dev/null; }
klog=$WORK/logs/stp_${A2}_$K.out
# The points files are checked first and often (a task writes 8 batches, so 7/8 of it remains
# when the first appears), the job state (an RPC) only then.
deadline=$((SECONDS + 120))
until first_batch_done && [[ $(job_state "${A2}_$K") == RUNNING ]]; do
	((SECONDS < deadline)) || fatal "task ${A2}_$K: no points file after 120 s (state $(job_state "${A2}_$K"))"
	sleep 0.02
done
scancel "${A2}_$K"
say "cancelled ${A2}_$K"
st=$("$CLUSTER" wait "$CDIR" "$A2" 300) || true
check "array $A2 after scancel of task $K: $st" test "$st" = "CANCELLED=1 COMPLETED=$((SHARDS - 1))"
check "the cancelled task printed no summary (it was killed mid-run)" test -z "$(task_summary "$klog")"
say "the cancelled task left $(find "$WORK/arr2" -name "*.tmp-*" | wc -l) temporary file(s) of its unfinished batch"
status=$("$BIN" status --list "$WORK/arr2" 2>&1) && fail "batch status exits 0 on an incomplete dataset: $status"
missing=$(sed -n 's/^missing: \[\(.*\)\]$/\1/p' <<<"$status" | wc -w)
lo=$((K * NPOINTS / SHARDS)) hi=$(((K + 1) * NPOINTS / SHARDS - 1))
bad=$(sed -n 's/^missing: \[\(.*\)\]$/\1/p' <<<"$status" | tr ' ' '\n' | awk -v lo="$lo" -v hi="$hi" 'NF && ($1 < lo || $1 > hi)' | wc -l)
check "cancelled mid-run: $missing of shard $K's $((hi - lo + 1)) points missing (0 < n < 32), all in $lo..$hi" \
	test "$missing" -gt 0 -a "$missing" -lt $((hi - lo + 1)) -a "$bad" -eq 0
# afterok on an array with a cancelled task: never satisfied. afterany: runs, and fails.
for _ in $(seq 50); do
	[[ $(job_reason "$F2ok") == DependencyNeverSatisfied ]] && break
	sleep 0.2
done
check "afterok follow-up $F2ok of the array with a cancelled task: PENDING, DependencyNeverSatisfied" \
	test "$(job_reason "$F2ok")" = DependencyNeverSatisfied
scancel "$F2ok"
st=$("$CLUSTER" wait "$CDIR" "$F2any" 60) || true
check "afterany follow-up $F2any ran and failed: $st" test "$st" = FAILED=1
check "afterany follow-up's log names the missing points" grep -q "missing: \[" "$WORK/logs/stp-finish_$F2any.out"

R=$(submit --array="$K" --cpus-per-task=1 --export="$ENVS,OUT=$WORK/arr2" "$EXAMPLES/stp.sbatch" --replicas "$REPLICAS")
F3=$(submit --dependency="afterok:$R" --export="ALL,OUT=$WORK/arr2,BATCH=$BIN" "$EXAMPLES/finish.sbatch")
st=$("$CLUSTER" wait "$CDIR" "$R" 120) || true
check "resubmitted task ${R}_$K: $st" test "$st" = COMPLETED=1
s=$(task_summary "$WORK/logs/stp_${R}_$K.out")
check "resubmission ran shard $K/$SHARDS, only its $missing missing points: '$s'" \
	grep -q "32 points in shard $K/$SHARDS: $missing run ($missing ok, 0 failed), $((32 - missing)) already done" <<<"$s"
st=$("$CLUSTER" wait "$CDIR" "$F3" 60) || true
check "afterok follow-up $F3 of the resubmission: $st" test "$st" = COMPLETED=1
check "follow-up: batch status says 128 done" grep -q "128 points: 128 done, 0 failed, 0 missing" "$WORK/logs/stp-finish_$F3.out"
verify "array 2 (cancelled + resubmitted)" "$WORK/arr2"

# --- 3. batch submit --wait: the array written, submitted, watched and retried by batch ---------
# 8 shards on a 2-CPU node run in about four waves; the last task is cancelled as soon as the job
# is queued (it is then pending, or just started), so the job ends with shard 7's points missing
# and `submit --wait` must resubmit exactly that shard, then end with every point done.
SUB=$WORK/sub
say "submit: batch submit --shards 8 --wait, task 7 cancelled by hand"
t=$(now)
"$BIN" submit "$SWEEP" --out "$SUB" --shards 8 --wait --poll 1s --retries 2 --replicas "$REPLICAS" \
	>"$WORK/logs/submit.out" 2>"$WORK/logs/submit.err" &
SPID=$!
deadline=$((SECONDS + 60))
until [[ -s $SUB/job/submissions.tsv ]]; do
	((SECONDS < deadline)) || fatal "batch submit wrote no submissions.tsv in 60 s: $(cat "$WORK/logs/submit.err")"
	sleep 0.05
done
S1=$(head -1 "$SUB/job/submissions.tsv" | cut -f2)
scancel "${S1}_7"
say "cancelled ${S1}_7"
src=0
wait "$SPID" || src=$?
T_SUBMIT=$(elapsed "$t" "$(now)")
check "batch submit --wait exits 0 (${T_SUBMIT}s): $(tail -2 "$WORK/logs/submit.err" | tr '\n' ' ')" test "$src" -eq 0
check "submit: the first job ran shards 0-7, the retry only shard 7 ($(cut -f2,3 "$SUB/job/submissions.tsv" | tr '\t\n' ': '))" \
	test "$(cut -f3 "$SUB/job/submissions.tsv" | tr '\n' ' ')" = "0-7 7 "
check "submit: ends with the dataset's status, 128 done" grep -q "128 points: 128 done, 0 failed, 0 missing" "$WORK/logs/submit.out"
check "submit: the script it submitted is kept in DIR/job" grep -q -- "--shards 8" "$SUB/job/array.sbatch"
check "submit: task logs in DIR/job/logs" test -s "$SUB/job/logs/${S1}_0.out"
verify "batch submit --wait (task 7 cancelled, resubmitted)" "$SUB"

# --- 4. batch compact: the same rows in fewer files --------------------------------------------
n0=$(find "$SUB" -name '*.parquet' | wc -l)
if "$BIN" compact "$SUB" >"$WORK/logs/compact.out" 2>&1; then
	n1=$(find "$SUB" -name '*.parquet' | wc -l)
	check "batch compact: $n0 files before, $n1 after ($(cat "$WORK/logs/compact.out"))" test "$n1" -lt "$n0"
	verify "after batch compact" "$SUB"
	check "batch status --verify after compact" "$BIN" status --verify "$SUB"
else
	fail "batch compact: $(cat "$WORK/logs/compact.out")"
fi

# --- timings ------------------------------------------------------------------
sum_tasks=$(printf '%s\n' "${task_s[@]}" | awk '{ s += $1 } END { printf "%.2f", s }')
say "timings, $NPOINTS points x 2000000 steps, node of $(nproc) CPUs:"
say "  local, one process, --workers 1        ${T_LOCAL1} s"
say "  local, one process, default workers    ${T_LOCALN} s"
say "  array of $SHARDS tasks, --cpus-per-task=1  ${T_ARRAY} s (sbatch to last task done; tasks ${task_s[*]} s, sum ${sum_tasks} s)"
echo "timing: local --workers 1 ${T_LOCAL1}s, local default workers ${T_LOCALN}s, array ${SHARDS}x1 CPU ${T_ARRAY}s (tasks ${task_s[*]}s)"
