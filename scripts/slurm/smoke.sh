#!/usr/bin/env bash
# Smoke test of the one-node test cluster (cluster.sh): installs SLURM if
# needed, brings a cluster up in a temp dir, exercises the job-array features
# spikesweep relies on, and always brings the cluster down again.
#
#   scripts/slurm/smoke.sh            # as root
#   KEEP=1 scripts/slurm/smoke.sh     # keep the temp dir (logs, outputs)
#   SMOKE_BIG_ARRAY_WAIT=30           # seconds to let the 1501-task array run
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CLUSTER=$HERE/cluster.sh
PROG=${0##*/}

WORK=$(mktemp -d -t slurm-smoke.XXXXXX)
# munged runs as user munge and must reach the cluster dir inside WORK.
chmod 755 "$WORK"
CDIR=$WORK/cluster
JOBS=$WORK/jobs
PASSED=0
FAILED=0
T0=$SECONDS

say() { printf '[%s %3ds] %s\n' "$PROG" "$((SECONDS - T0))" "$*" >&2; }

cleanup() {
	local rc=$?
	set +e
	if [[ $rc -ne 0 ]]; then
		FAILED=$((FAILED + 1))
		if [[ -f $CDIR/etc/slurm.conf ]]; then
			say "failure: queue and logs follow"
			SLURM_CONF=$CDIR/etc/slurm.conf squeue -a 2>&1 | head -20 >&2
			tail -n 30 "$CDIR"/log/slurmctld.log "$CDIR"/log/slurmd.log >&2 2>/dev/null
		fi
	fi
	local t=$SECONDS
	"$CLUSTER" down "$CDIR"
	local drc=$?
	say "down took $((SECONDS - t))s (rc=$drc)"
	[[ $drc -eq 0 ]] || rc=1
	if [[ $rc -eq 0 && -z ${KEEP:-} ]]; then
		rm -rf "$WORK"
	else
		say "kept $WORK"
	fi
	echo "smoke: $PASSED passed, $FAILED failed"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	say "FAIL: $*"
	exit 1
}
pass() {
	PASSED=$((PASSED + 1))
	say "ok: $*"
}

# sbatch wrapper: prints the job id (sbatch --parsable prints "id[;cluster]").
submit() {
	local out
	out=$(sbatch --parsable --chdir="$JOBS" "$@") || fail "sbatch $* failed"
	echo "${out%%;*}"
}

# True while squeue still lists the job (or any task of the array job).
in_queue() {
	local out
	out=$(squeue -h -j "$1" -o '%i' 2>/dev/null) || return 1
	[[ -n $out ]]
}

# wait_done ID SECONDS: wait until nothing of job/array ID is pending/running.
wait_done() {
	local id=$1 secs=$2 deadline=$((SECONDS + $2))
	while in_queue "$id"; do
		((SECONDS < deadline)) || fail "job $id still queued after ${secs}s: $(squeue -h -j "$id" -o '%i %T %r' | head -5 | tr '\n' ';')"
		sleep 0.3
	done
}

# job_state ID: JobState of one job (or array task "A_i") from scontrol.
job_state() {
	scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2
}

# states ID: "STATE count" lines over all records of a job/array.
states() {
	scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 | sort | uniq -c |
		awk '{printf "%s=%s ", $2, $1}'
}

# wait_state ID STATE SECONDS
wait_state() {
	local id=$1 want=$2 deadline=$((SECONDS + $3)) st=""
	while :; do
		st=$(job_state "$id")
		[[ $st == "$want" ]] && return 0
		((SECONDS < deadline)) || fail "job $id is '$st', expected $want after $3s"
		sleep 0.2
	done
}

# ---------------------------------------------------------------------------
say "install"
t=$SECONDS
"$CLUSTER" install
T_INSTALL=$((SECONDS - t))

say "up $CDIR"
t=$SECONDS
"$CLUSTER" up "$CDIR" >/dev/null
T_UP=$((SECONDS - t))
# shellcheck disable=SC1091
source "$CDIR/env"
T_TESTS=$SECONDS

mkdir -p "$JOBS/out"
# The job: records what SLURM told it, optionally sleeps, then marks done.
#   job.sh OUTDIR [SLEEP_SECONDS [ONLY_FOR_TASK]]
cat >"$JOBS/job.sh" <<'EOF'
#!/bin/bash
set -eu
outdir=$1 sleep_s=${2:-0} sleep_task=${3:-}
name=${SLURM_ARRAY_JOB_ID:-$SLURM_JOB_ID}_${SLURM_ARRAY_TASK_ID:-single}
{
	echo "task=${SLURM_ARRAY_TASK_ID:-unset}"
	echo "count=${SLURM_ARRAY_TASK_COUNT:-unset}"
	echo "min=${SLURM_ARRAY_TASK_MIN:-unset}"
	echo "max=${SLURM_ARRAY_TASK_MAX:-unset}"
	echo "step=${SLURM_ARRAY_TASK_STEP:-unset}"
	echo "cpus=${SLURM_CPUS_PER_TASK:-unset}"
	echo "array_job=${SLURM_ARRAY_JOB_ID:-unset}"
	echo "pid=$$"
} >"$outdir/$name.env"
if [[ -z $sleep_task || $sleep_task == "${SLURM_ARRAY_TASK_ID:-}" ]]; then
	sleep "$sleep_s"
fi
touch "$outdir/$name.done"
EOF
chmod 755 "$JOBS/job.sh"

# field FILE KEY -> value of KEY=... in FILE
field() { sed -n "s/^$2=//p" "$1"; }

# --- 1. a 4-task array, %A_%a log names, array environment -----------------
say "test 1: --array=0-3"
A=$(submit --array=0-3 -o "%x_%A_%a.log" -J arr "$JOBS/job.sh" "$JOBS/out")
st=$("$CLUSTER" wait "$CDIR" "$A" 60) || fail "array $A: cluster.sh wait says '$st'"
[[ $st == "COMPLETED=4" ]] || fail "array $A states: $st"
for i in 0 1 2 3; do
	f=$JOBS/out/${A}_$i.env
	[[ -f $f ]] || fail "no output from task $i"
	[[ $(field "$f" task) == "$i" ]] || fail "task $i: $(cat "$f")"
	[[ $(field "$f" count) == 4 && $(field "$f" min) == 0 && $(field "$f" max) == 3 &&
		$(field "$f" step) == 1 && $(field "$f" array_job) == "$A" ]] || fail "task $i env: $(tr '\n' ' ' <"$f")"
	[[ $(field "$f" cpus) == unset ]] || fail "task $i: SLURM_CPUS_PER_TASK set without --cpus-per-task"
	[[ -f $JOBS/arr_${A}_${i}.log ]] || fail "missing log arr_${A}_${i}.log"
done
pass "array 0-3: 4 tasks COMPLETED, TASK_ID/COUNT/MIN/MAX/STEP right, %A_%a logs"

# A stepped array: TASK_STEP and TASK_COUNT for --array=1-7:3 (1,4,7).
S=$(submit --array=1-7:3 -o /dev/null "$JOBS/job.sh" "$JOBS/out")
wait_done "$S" 60
f=$JOBS/out/${S}_4.env
[[ -f $f && $(field "$f" step) == 3 && $(field "$f" count) == 3 && $(field "$f" min) == 1 && $(field "$f" max) == 7 ]] ||
	fail "stepped array env: $(tr '\n' ' ' <"$f" 2>/dev/null)"
pass "array 1-7:3: STEP=3 COUNT=3 MIN=1 MAX=7"

# --- 2. scancel one sleeping task, resubmit that index ---------------------
say "test 2: scancel one array task, resubmit it"
mkdir -p "$JOBS/out2"
C=$(submit --array=0-3 -o /dev/null "$JOBS/job.sh" "$JOBS/out2" 300 2)
wait_state "${C}_2" RUNNING 60
# wait until the job script itself is running (it writes its pid first)
f2=$JOBS/out2/${C}_2.env
for _ in $(seq 50); do
	[[ -s $f2 ]] && break
	sleep 0.2
done
[[ -s $f2 ]] || fail "task 2 never started its script"
jobpid=$(field "$f2" pid)
scancel "${C}_2"
wait_done "$C" 60
[[ $(job_state "${C}_2") == CANCELLED ]] || fail "task ${C}_2 is $(job_state "${C}_2"), expected CANCELLED"
for i in 0 1 3; do
	[[ $(job_state "${C}_$i") == COMPLETED ]] || fail "task ${C}_$i is $(job_state "${C}_$i")"
done
[[ ! -e $JOBS/out2/${C}_2.done ]] || fail "cancelled task 2 finished anyway"
for _ in $(seq 25); do kill -0 "$jobpid" 2>/dev/null || break; sleep 0.2; done
! kill -0 "$jobpid" 2>/dev/null || fail "cancelled task's process $jobpid still alive"
R=$(submit --array=2 -o /dev/null "$JOBS/job.sh" "$JOBS/out2")
wait_done "$R" 60
[[ $(job_state "${R}_2") == COMPLETED ]] || fail "resubmitted task is $(job_state "${R}_2")"
[[ -f $JOBS/out2/${R}_2.done ]] || fail "resubmitted task 2 wrote nothing"
f=$JOBS/out2/${R}_2.env
[[ $(field "$f" task) == 2 && $(field "$f" count) == 1 && $(field "$f" min) == 2 ]] || fail "resubmitted env: $(tr '\n' ' ' <"$f")"
pass "scancel ${C}_2 killed the sleeping task (others COMPLETED); --array=2 resubmission ran"

# --- 3. dependencies --------------------------------------------------------
say "test 3: --dependency=afterok"
mkdir -p "$JOBS/out3"
# A 2-task array whose task 1 takes 3 s; the follow-up must wait for both.
D1=$(submit --array=0-1 -o /dev/null -J first "$JOBS/job.sh" "$JOBS/out3" 3 1)
D2=$(submit -o /dev/null -J second --dependency="afterok:$D1" \
	--wrap "test -f $JOBS/out3/${D1}_0.done && test -f $JOBS/out3/${D1}_1.done && touch $JOBS/out3/second.ok")
for _ in $(seq 10); do
	reason=$(squeue -h -j "$D2" -o '%T %r')
	[[ $reason == "PENDING Dependency" ]] && break
	sleep 0.2
done
[[ $reason == "PENDING Dependency" ]] || fail "follow-up should wait on its dependency, is: '$reason'"
# and one depending on a failing job never runs
F1=$(submit -o /dev/null --wrap "exit 3")
F2=$(submit -o /dev/null --dependency="afterok:$F1" --wrap "true")
wait_done "$D2" 60
[[ $(states "$D1") == "COMPLETED=2 " && $(job_state "$D2") == COMPLETED ]] ||
	fail "dependency chain: $D1: $(states "$D1"), $D2=$(job_state "$D2")"
[[ -f $JOBS/out3/second.ok ]] || fail "follow-up ran before both array tasks had finished"
wait_state "$F1" FAILED 30
for _ in $(seq 25); do
	reason=$(squeue -h -j "$F2" -o '%r' 2>/dev/null || true)
	[[ $reason == DependencyNeverSatisfied ]] && break
	sleep 0.2
done
[[ $reason == DependencyNeverSatisfied ]] || fail "job after a failed one: reason '$reason'"
scancel "$F2"
pass "afterok on an array: follow-up waited (Reason=Dependency) for all tasks; after a failed job: DependencyNeverSatisfied"

# --- 4. --cpus-per-task=2 with %A_%a log names ------------------------------
say "test 4: --cpus-per-task=2"
mkdir -p "$JOBS/out4"
P=$(submit --array=0-1 --cpus-per-task=2 -o "cpt_%A_%a.out" -e "cpt_%A_%a.err" \
	--wrap "echo cpus=\$SLURM_CPUS_PER_TASK task=\$SLURM_ARRAY_TASK_ID; $JOBS/job.sh $JOBS/out4")
wait_done "$P" 60
[[ $(states "$P") == "COMPLETED=2 " ]] || fail "cpus-per-task array: $(states "$P")"
for i in 0 1; do
	[[ $(cat "$JOBS/cpt_${P}_$i.out") == "cpus=2 task=$i" ]] || fail "cpt_${P}_$i.out: $(cat "$JOBS/cpt_${P}_$i.out")"
	[[ -f $JOBS/cpt_${P}_$i.err && ! -s $JOBS/cpt_${P}_$i.err ]] || fail "cpt_${P}_$i.err missing or not empty"
done
scontrol -o show job "${P}_0" | grep -q 'NumCPUs=2 ' || fail "scontrol does not show NumCPUs=2 for ${P}_0"
pass "--cpus-per-task=2: SLURM_CPUS_PER_TASK=2, NumCPUs=2, logs cpt_${P}_0/1.out"

# --- 5. an array larger than the default MaxArraySize (1001) ----------------
say "test 5: --array=0-1500%4"
t=$SECONDS
B=$(submit --array=0-1500%4 -o /dev/null -J big --wrap true)
scontrol -o show job "$B" | head -1 | grep -q 'ArrayTaskThrottle=4' || fail "throttle %4 not recorded"
wait_secs=${SMOKE_BIG_ARRAY_WAIT:-15}
deadline=$((SECONDS + wait_secs))
while in_queue "$B" && ((SECONDS < deadline)); do sleep 1; done
n_done=$(scontrol -o show job "$B" | grep -c 'JobState=COMPLETED' || true)
n_run=$(squeue -h -j "$B" -t RUNNING -o '%i' 2>/dev/null | wc -l)
((n_run <= 4)) || fail "throttle %4 exceeded: $n_run running"
((n_done >= 4)) || fail "only $n_done of 1501 tasks completed in ${wait_secs}s"
if in_queue "$B"; then
	scancel "$B"
	wait_done "$B" 30
	say "big array: $n_done of 1501 tasks completed in $((SECONDS - t))s, rest cancelled"
else
	[[ $n_done -eq 1501 ]] || fail "big array finished with only $n_done COMPLETED"
fi
pass "--array=0-1500%4 accepted (1501 tasks, MaxArraySize raised), $n_done completed, <=4 at a time"

T_TESTS=$((SECONDS - T_TESTS))
say "timings: install ${T_INSTALL}s, up ${T_UP}s, tests ${T_TESTS}s"
