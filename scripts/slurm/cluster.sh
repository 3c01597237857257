#!/usr/bin/env bash
# One-node SLURM test cluster, started by hand (no systemd), all state in DIR.
#
#   cluster.sh install          apt-get install slurm-wlm + munge (idempotent)
#   cluster.sh up DIR           start munged, slurmctld, slurmd; wait for idle
#   cluster.sh down DIR         stop everything started by `up DIR` (by pid)
#   cluster.sh status DIR       print daemon pids and `sinfo`
#   cluster.sh wait DIR JOBID [SECONDS]
#                               wait until job/array JOBID has left the queue;
#                               prints "STATE=count ..."; exit 0 if all tasks
#                               COMPLETED, 1 if not, 2 on timeout (default 300)
#
# After `up`, `source DIR/env` sets SLURM_CONF so sbatch/squeue/... talk to
# this cluster. See README.md next to this file.
#
# Tunables (environment):
#   SLURM_TEST_CPUS        CPUs advertised for the node   (default: nproc, >= 2)
#   SLURM_TEST_MEM_MB      RealMemory of the node, MiB    (default: 90% of RAM)
#   SLURM_TEST_UP_TIMEOUT  seconds to wait for idle node  (default: 60)
#   SLURM_TEST_DOWN_TIMEOUT seconds to wait per daemon    (default: 20)
#   SLURM_TEST_CTLD_PORT   first port tried for slurmctld (default: 6817;
#                          the next free ports are used if taken)
set -euo pipefail

PROG=${0##*/}
log() { printf '[%s] %s\n' "$PROG" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

PACKAGES=(slurm-wlm munge)
# Environment tag given to the daemons we start (see cmd_up / tagged_pids).
TAG_VAR=SPIKESWEEP_SLURM_TEST_CLUSTER
BINARIES=(munged slurmctld slurmd sbatch squeue scontrol scancel sinfo)

# --------------------------------------------------------------------------
# install
# --------------------------------------------------------------------------
have_all_binaries() {
	local b
	for b in "${BINARIES[@]}"; do
		command -v "$b" >/dev/null 2>&1 || return 1
	done
	id munge >/dev/null 2>&1 || return 1
}

cmd_install() {
	if have_all_binaries; then
		log "slurm and munge already installed ($(slurmctld -V 2>/dev/null || echo '?'))"
		return 0
	fi
	[[ $(id -u) -eq 0 ]] || die "install needs root"
	export DEBIAN_FRONTEND=noninteractive
	# The packages' maintainer scripts try to start munge/slurmd/slurmctld
	# through invoke-rc.d. We start our own daemons with our own config,
	# so forbid that (unless the machine already has a policy-rc.d).
	local made_policy=""
	if [[ ! -e /usr/sbin/policy-rc.d ]]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		made_policy=1
	fi
	local rc=0 aptlog
	aptlog=$(mktemp -t slurm-install.XXXXXX)
	log "apt-get update"
	apt-get update -q >"$aptlog" 2>&1 || rc=$?
	if [[ $rc -eq 0 ]]; then
		# --no-install-recommends: 9 packages instead of 43 (mail, docs...)
		log "apt-get install ${PACKAGES[*]}"
		apt-get install -y -q --no-install-recommends \
			-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
			"${PACKAGES[@]}" >>"$aptlog" 2>&1 || rc=$?
	fi
	if [[ -n $made_policy ]]; then rm -f /usr/sbin/policy-rc.d; fi
	if [[ $rc -ne 0 ]]; then
		tail -n 40 "$aptlog" >&2
		rm -f "$aptlog"
		die "apt-get failed (rc=$rc)"
	fi
	rm -f "$aptlog"
	have_all_binaries || die "installed, but some of ${BINARIES[*]} are missing"
	log "installed $(slurmctld -V)"
}

# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
abs_dir() {
	local d=$1
	[[ -n $d ]] || die "missing DIR"
	mkdir -p "$d"
	(cd "$d" && pwd -P)
}

# True if something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints a free TCP port, starting the search at $1.
free_port() {
	local p=$1
	while port_in_use "$p"; do
		p=$((p + 1))
		[[ $p -lt 65000 ]] || die "no free port"
	done
	echo "$p"
}

# True if process $1 exists and is not a zombie. Daemons are reparented to
# PID 1; an init that reaps slowly (as on this VM kind) leaves them as zombies
# for a second or two after they exit, and kill -0 still succeeds on those.
pid_alive() {
	[[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null || return 1
	local stat
	{ read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
	stat=${stat##*) }
	[[ ${stat:0:1} != Z ]]
}

# munged writes (and on exit removes) its pid file as user munge, so that
# one lives in the munge-owned DIR/munge; slurm's are in DIR/run.
pid_file() {
	if [[ $2 == munged ]]; then echo "$1/munge/munged.pid"; else echo "$1/run/$2.pid"; fi
}

# daemon_pid DIR NAME: pid of daemon NAME started by `up DIR`, if it runs.
# The pid file is only trusted if that process's command line mentions DIR,
# so a stale pid file never makes us signal an unrelated process.
daemon_pid() {
	local dir=$1 name=$2 pid cmdline
	pid=$(read_pid "$(pid_file "$dir" "$name")")
	pid_alive "$pid" || return 0
	{ cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline"); } 2>/dev/null || return 0
	[[ $cmdline == *"$dir/"* ]] && echo "$pid"
	return 0
}

read_pid() {
	local f=$1 p=""
	if [[ -s $f ]]; then read -r p <"$f" || true; fi
	if [[ $p =~ ^[0-9]+$ ]]; then echo "$p"; fi
}

# wait_for SECONDS DESCRIPTION COMMAND...: poll COMMAND every 0.2 s.
wait_for() {
	local secs=$1 what=$2
	shift 2
	local deadline=$((SECONDS + secs))
	until "$@"; do
		if ((SECONDS >= deadline)); then
			log "timed out after ${secs}s waiting for: $what"
			return 1
		fi
		sleep 0.2
	done
}

show_logs() {
	local dir=$1 f
	for f in "$dir"/log/munged.log "$dir"/log/slurmctld.log "$dir"/log/slurmd.log \
		"$dir"/log/slurmctld.stderr "$dir"/log/slurmd.stderr "$dir"/log/munged.stderr; do
		[[ -s $f ]] || continue
		echo "----- tail $f -----" >&2
		tail -n 40 "$f" >&2 || true
	done
}

# --------------------------------------------------------------------------
# up
# --------------------------------------------------------------------------
write_conf() {
	local dir=$1 node=$2 ctld_port=$3 slurmd_port=$4 cpus=$5 mem=$6
	cat >"$dir/etc/slurm.conf" <<EOF
# Generated by $PROG for a throw-away one-node test cluster.
ClusterName=spikesweep-test
SlurmctldHost=${node}(127.0.0.1)
SlurmctldPort=${ctld_port}
SlurmdPort=${slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${dir}/munge/munge.socket.2

StateSaveLocation=${dir}/state
SlurmdSpoolDir=${dir}/spool/slurmd
SlurmctldPidFile=${dir}/run/slurmctld.pid
SlurmdPidFile=${dir}/run/slurmd.pid
SlurmctldLogFile=${dir}/log/slurmctld.log
SlurmdLogFile=${dir}/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info

# No cgroups, no accounting daemon: works in containers/VMs without systemd.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
PlugStackConfig=${dir}/etc/plugstack.conf

# Several jobs/array tasks share the node, one CPU each by default.
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
# The node may advertise more CPUs/memory than the machine has (tests only).
SlurmdParameters=config_overrides

MaxArraySize=100001
MaxJobCount=200000
# Keep finished jobs visible to "scontrol show job" for 5 minutes (no sacct).
MinJobAge=300

# Fast turnaround for a test cluster.
SlurmctldTimeout=10
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
MessageTimeout=10
ReturnToService=2
SchedulerType=sched/backfill
# batch_sched_delay=0: start batch jobs at once (default: up to 3 s later).
# The main scheduler still runs at most about once a second after a job ends;
# bf_interval=1 lets the backfill loop start jobs in between.
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,bf_interval=1
# No mail on a test machine (the default MailProg does not exist here).
MailProg=/bin/true

NodeName=${node} NodeAddr=127.0.0.1 NodeHostname=${node} CPUs=${cpus} RealMemory=${mem} State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
	# An empty plugstack: don't pick up the machine's /etc/slurm/plugstack.conf.
	: >"$dir/etc/plugstack.conf"
}

node_idle() {
	local st
	st=$(sinfo -h -N -o '%T' 2>/dev/null) || return 1
	[[ $st == idle ]]
}

cmd_up() {
	local dir
	dir=$(abs_dir "${1:-}")
	have_all_binaries || die "slurm/munge not installed: run '$0 install' first"
	[[ $(id -u) -eq 0 ]] || die "up needs root (munged runs as user munge, slurm daemons as root)"

	# Refuse to start twice on the same DIR.
	local f
	for f in munged slurmctld slurmd; do
		if [[ -n $(daemon_pid "$dir" "$f") ]]; then
			die "$f already running for $dir (pid $(daemon_pid "$dir" "$f")); run '$0 down $dir' first"
		fi
	done

	# If anything below fails, leave nothing running behind.
	trap 'rc=$?; if [[ $rc -ne 0 ]]; then show_logs "'"$dir"'"; log "up failed, stopping what was started"; cmd_down "'"$dir"'" || true; fi' EXIT

	mkdir -p "$dir"/{etc,munge,run,log,state,spool/slurmd}
	# munged (user munge) must traverse DIR; mktemp -d makes it 0700.
	chmod 755 "$dir"
	if ! runuser -u munge -- test -x "$dir/munge"; then
		die "user munge cannot reach $dir: a parent directory is not searchable by others (e.g. made by mktemp -d, mode 0700); chmod o+x it or use another DIR"
	fi
	# munged insists that its socket directory is executable by all (clients
	# must reach the socket) and writable only by itself; the key inside
	# is 0400.
	chown munge:munge "$dir/munge"
	chmod 755 "$dir/munge"
	rm -f "$dir/run/"*.pid "$dir/munge/munged.pid" "$dir/munge/munge.socket.2" "$dir/munge/munge.socket.2.lock"

	# --- munge -------------------------------------------------------------
	if [[ ! -s $dir/munge/munge.key ]]; then
		dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
	fi
	chown munge:munge "$dir/munge/munge.key"
	chmod 400 "$dir/munge/munge.key"
	touch "$dir/log/munged.log"
	chown munge:munge "$dir/log/munged.log"
	chmod 640 "$dir/log/munged.log"

	log "starting munged"
	# munged checks that the directories of its socket, key, log and pid
	# files are not writable by others: DIR/munge is 0755 munge, DIR/log is
	# 0755 root (root-owned dirs are trusted).
	runuser -u munge -- munged \
		--socket="$dir/munge/munge.socket.2" \
		--key-file="$dir/munge/munge.key" \
		--pid-file="$dir/munge/munged.pid" \
		--log-file="$dir/log/munged.log" \
		--seed-file="$dir/munge/munged.seed" \
		--num-threads=2 \
		>"$dir/log/munged.stderr" 2>&1 || die "munged failed to start"
	wait_for 15 "munged pid file" daemon_running "$dir" munged
	wait_for 15 "munge socket" test -S "$dir/munge/munge.socket.2"
	munge -n -S "$dir/munge/munge.socket.2" | unmunge -S "$dir/munge/munge.socket.2" >/dev/null ||
		die "munge round trip failed"

	# --- slurm.conf --------------------------------------------------------
	local node ctld_port slurmd_port cpus mem memtotal
	# slurmctld only runs if its short host name is the SlurmctldHost name.
	node=$(uname -n)
	node=${node%%.*}
	[[ -n $node ]] || die "empty host name"
	ctld_port=$(free_port "${SLURM_TEST_CTLD_PORT:-6817}")
	slurmd_port=$(free_port $((ctld_port + 1)))
	cpus=${SLURM_TEST_CPUS:-$(nproc)}
	# at least 2, so --cpus-per-task=2 can run on a 1-CPU machine too
	# (SlurmdParameters=config_overrides accepts more than the hardware has)
	if [[ -z ${SLURM_TEST_CPUS:-} && $cpus -lt 2 ]]; then cpus=2; fi
	memtotal=$(awk '/^MemTotal:/ {print int($2/1024)}' /proc/meminfo)
	mem=${SLURM_TEST_MEM_MB:-$((memtotal * 9 / 10))}
	write_conf "$dir" "$node" "$ctld_port" "$slurmd_port" "$cpus" "$mem"

	cat >"$dir/env" <<EOF
# source this file to use the test cluster in $dir
export SLURM_CONF=$dir/etc/slurm.conf
EOF
	export SLURM_CONF=$dir/etc/slurm.conf

	# --- slurmctld, slurmd -------------------------------------------------
	# Both daemonize and write the pid files named in slurm.conf. The tag
	# $TAG_VAR in their environment is inherited by every slurmstepd, which
	# lets `down` find stray step daemons of this cluster without pkill.
	# (Only the daemons get it: a caller that sources DIR/env must not.)
	log "starting slurmctld (port $ctld_port)"
	env "$TAG_VAR=$dir" slurmctld -f "$SLURM_CONF" >"$dir/log/slurmctld.stderr" 2>&1 || die "slurmctld failed to start"
	wait_for 15 "slurmctld pid file" daemon_running "$dir" slurmctld
	wait_for 30 "slurmctld to answer" ctld_up

	log "starting slurmd (node $node, port $slurmd_port, CPUs=$cpus, RealMemory=$mem)"
	env "$TAG_VAR=$dir" slurmd -f "$SLURM_CONF" -N "$node" >"$dir/log/slurmd.stderr" 2>&1 || die "slurmd failed to start"
	wait_for 15 "slurmd pid file" daemon_running "$dir" slurmd

	local timeout=${SLURM_TEST_UP_TIMEOUT:-60}
	if ! wait_for "$timeout" "node $node to be idle" node_idle; then
		sinfo -N -l >&2 || true
		scontrol show node >&2 || true
		die "node did not become idle"
	fi
	trap - EXIT
	log "cluster up: source $dir/env"
	echo "$dir/env"
}

daemon_running() {
	[[ -n $(daemon_pid "$1" "$2") ]]
}

ctld_up() {
	scontrol ping 2>/dev/null | grep -q 'is UP'
}

# --------------------------------------------------------------------------
# down
# --------------------------------------------------------------------------

# Pids of the processes that belong to the cluster in DIR, found by their
# environment (never by name): the slurm daemons and every slurmstepd they
# forked carry $TAG_VAR=DIR; job processes carry SLURM_CONF=DIR/etc/slurm.conf
# together with SLURM_JOB_ID. Excludes ourselves and our parent.
tagged_pids() {
	local dir=$1 p pid joined
	local -a envv
	local IFS=$'\n'
	for p in /proc/[0-9]*; do
		pid=${p#/proc/}
		[[ $pid == "$$" || $pid == "$BASHPID" || $pid == "$PPID" ]] && continue
		envv=()
		{ mapfile -d '' envv <"$p/environ"; } 2>/dev/null || continue
		((${#envv[@]})) || continue
		joined=$'\n'"${envv[*]}"$'\n'
		if [[ $joined == *$'\n'"$TAG_VAR=$dir"$'\n'* ]] ||
			[[ $joined == *$'\n'"SLURM_CONF=$dir/etc/slurm.conf"$'\n'* &&
				$joined == *$'\n'SLURM_JOB_ID=* ]]; then
			pid_alive "$pid" && echo "$pid"
		fi
	done
	return 0
}

stop_pid() {
	local name=$1 pid=$2 timeout=${SLURM_TEST_DOWN_TIMEOUT:-20}
	pid_alive "$pid" || return 0
	log "stopping $name (pid $pid)"
	kill -TERM "$pid" 2>/dev/null || true
	if ! wait_for "$timeout" "$name (pid $pid) to exit" not_alive "$pid"; then
		log "killing $name (pid $pid)"
		kill -KILL "$pid" 2>/dev/null || true
		wait_for 5 "$name (pid $pid) to die" not_alive "$pid" || return 1
	fi
}

not_alive() { ! pid_alive "$1"; }

cmd_down() {
	local dir=${1:-}
	[[ -n $dir ]] || die "missing DIR"
	[[ -d $dir ]] || { log "$dir does not exist; nothing to stop"; return 0; }
	dir=$(cd "$dir" && pwd -P)
	local rc=0 pid

	# 1. Cancel jobs while slurmctld and slurmd still run, so job processes
	#    are killed by slurmstepd rather than orphaned.
	if [[ -f $dir/etc/slurm.conf && -n $(daemon_pid "$dir" slurmctld) ]]; then
		export SLURM_CONF=$dir/etc/slurm.conf
		local jobs
		jobs=$(timeout 10 squeue -h -o '%A' 2>/dev/null | sort -u | tr '\n' ' ') || true
		if [[ -n ${jobs// /} ]]; then
			log "cancelling jobs: $jobs"
			# shellcheck disable=SC2086
			timeout 10 scancel $jobs 2>/dev/null || true
			wait_for 15 "jobs to finish" no_jobs_left || true
		fi
	fi

	# 2. Daemons, by pid file: slurmd first, then slurmctld, then munged.
	for name in slurmd slurmctld munged; do
		pid=$(daemon_pid "$dir" "$name")
		stop_pid "$name" "$pid" || rc=1
	done

	# 3. Stray slurmstepd/job processes of this cluster (found by the
	#    $TAG_VAR tag in their environment, never by name).
	local stray
	stray=$(tagged_pids "$dir" | tr '\n' ' ')
	if [[ -n ${stray// /} ]]; then
		log "terminating stray processes of this cluster: $stray"
		# shellcheck disable=SC2086
		kill -TERM $stray 2>/dev/null || true
		wait_for 5 "stray processes to exit" no_tagged_pids "$dir" || true
		stray=$(tagged_pids "$dir" | tr '\n' ' ')
		if [[ -n ${stray// /} ]]; then
			log "killing stray processes: $stray"
			# shellcheck disable=SC2086
			kill -KILL $stray 2>/dev/null || true
			wait_for 5 "stray processes to die" no_tagged_pids "$dir" || rc=1
		fi
	fi
	rm -f "$dir/run/"*.pid "$dir/munge/munged.pid"
	if [[ $rc -eq 0 ]]; then log "cluster in $dir is down"; fi
	return $rc
}

no_tagged_pids() {
	[[ -z $(tagged_pids "$1") ]]
}

no_jobs_left() {
	local out
	out=$(timeout 5 squeue -h -o '%A' 2>/dev/null) || return 1
	[[ -z $out ]]
}

# --------------------------------------------------------------------------
# status
# --------------------------------------------------------------------------
cmd_status() {
	local dir
	dir=$(cd "${1:?missing DIR}" && pwd -P)
	local name pid
	for name in munged slurmctld slurmd; do
		pid=$(daemon_pid "$dir" "$name")
		if [[ -n $pid ]]; then echo "$name: running (pid $pid)"; else echo "$name: not running"; fi
	done
	if [[ -f $dir/etc/slurm.conf ]]; then
		SLURM_CONF=$dir/etc/slurm.conf sinfo -N -l 2>&1 || true
	fi
}

# --------------------------------------------------------------------------
# wait (there is no sacct here: squeue for "still queued", scontrol for the
# final states, which slurmctld keeps for MinJobAge seconds)
# --------------------------------------------------------------------------
cmd_wait() {
	local dir id secs
	dir=$(cd "${1:?missing DIR}" && pwd -P)
	id=${2:?missing JOBID}
	secs=${3:-300}
	export SLURM_CONF=$dir/etc/slurm.conf
	local deadline=$((SECONDS + secs)) out
	while :; do
		out=$(squeue -h -j "$id" -o '%i' 2>/dev/null) || out=""
		[[ -z $out ]] && break
		if ((SECONDS >= deadline)); then
			log "job $id still queued after ${secs}s:"
			squeue -j "$id" >&2 || true
			return 2
		fi
		sleep 0.3
	done
	local states
	states=$(scontrol -o show job "$id" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 |
		sort | uniq -c | awk '{printf "%s%s=%s", sep, $2, $1; sep=" "}') || true
	[[ -n $states ]] || log "no record of job $id (unknown id, or older than MinJobAge?)"
	echo "$states"
	[[ -n $states && $states =~ ^COMPLETED=[0-9]+$ ]]
}

usage() {
	sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

main() {
	local cmd=${1:-}
	shift || true
	case $cmd in
	install) cmd_install "$@" ;;
	up) cmd_up "$@" ;;
	down) cmd_down "$@" ;;
	status) cmd_status "$@" ;;
	wait) cmd_wait "$@" ;;
	-h | --help | help | "") usage ;;
	*) log "unknown command: $cmd"; usage ;;
	esac
}

main "$@"
