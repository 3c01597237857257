#!/usr/bin/python3
"""Brian2 side of the spikesweep side-by-side benchmark.

Run with Debian's interpreter and Debian's Brian2 (python3-brian 2.5.1):

    /usr/bin/python3 bench/brian2/bench.py --workload W3 --variant vec \
        --target cpp_standalone --threads 1 --repeat 3 --out w3.csv

Every repeat runs in a fresh child process (so standalone devices, caches of
the Python process and peak RSS do not leak from one repeat to the next). The
parent measures total_s (child start to child end) and prints one JSON line per
repeat on stdout. Everything else (Brian's warnings, compiler output, progress)
goes to stderr. See README.md for the workloads and the timing fields.
"""

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# ----------------------------------------------------------------------------
# W3 grid: point index p = (iU*8 + itd)*8 + itf  (U outermost, tau_f innermost)
GRID_U = [0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 0.8]
GRID_TAU_D = [5, 10, 20, 50, 100, 200, 500, 1000]          # ms
GRID_TAU_F = [5, 10, 20, 50, 100, 200, 500, 1500]          # ms


def grid():
    return [(U, td, tf) for U in GRID_U for td in GRID_TAU_D for tf in GRID_TAU_F]


# LIF of brainmodels (BrainPy 1.x), parameters of the W3 pair
LIF = dict(V_rest=0.0, V_reset=-5.0, V_th=20.0, R=1.0, tau_ms=10.0, t_ref_ms=5.0)
I_PRE = 28.0
STP_TAU_MS = 8.0
STP_W = 200.0

WORKLOADS = ('W1', 'W2', 'W3', 'W4', 'W5', 'W6')
TARGETS = ('cpp_standalone', 'cython', 'numpy')
VARIANTS = ('vec', 'event', 'loop')


def log(*a):
    print('[brian2-bench]', *a, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------
# Parent: spawn one child per repeat, add total_s, print JSON lines.

def parent(args, argv):
    child_argv = [a for a in argv]
    for rep in range(args.repeat):
        cmd = [sys.executable, os.path.abspath(__file__), '--child', '--rep', str(rep)] + child_argv
        t0 = time.perf_counter()
        # fixed hash seed: Brian iterates over sets when it generates code, and the W3
        # standalone loop relies on identical files for incremental compilation
        env = dict(os.environ, PYTHONHASHSEED='0')
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=None, text=True, env=env)
        total = time.perf_counter() - t0
        lines = [ln for ln in p.stdout.splitlines() if ln.startswith('{')]
        if p.returncode != 0 or not lines:
            rec = dict(workload=args.workload, target=args.target, threads=args.threads,
                       variant=variant_name(args), repeat=rep, error='child exited with %d' % p.returncode,
                       total_s=round(total, 4))
            print(json.dumps(rec), flush=True)
            continue
        rec = json.loads(lines[-1])
        rec['total_s'] = round(total, 4)
        if 'extrapolated_point_s' in rec:
            # loop variant run on a subset: extrapolate the whole process time too
            rec['extrapolated_total_s'] = round(total - rec['point_s'] + rec['extrapolated_point_s'], 2)
        rec['loadavg_1m'] = os.getloadavg()[0]
        print(json.dumps(rec), flush=True)


def variant_name(args):
    return args.variant if args.workload in ('W3', 'W4', 'W5') else None


# ----------------------------------------------------------------------------
# Child helpers

def rss_fields(rec, standalone_dir=None):
    """Peak resident set sizes in MB.

    peak_rss_python_mb: this Python process (network construction, code generation,
        and for runtime targets the simulation itself);
    peak_rss_children_mb: largest terminated child (compiler or standalone binary);
    peak_rss_main_mb: the standalone binary alone (measured by the exec wrapper);
    peak_rss_mb = max(python, children): the largest single process of the run.
    """
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    ch = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    rec['peak_rss_python_mb'] = round(me, 1)
    rec['peak_rss_children_mb'] = round(ch, 1)
    rec['peak_rss_mb'] = round(max(me, ch), 1)
    if standalone_dir is not None:
        f = os.path.join(standalone_dir, 'results', 'rusage_main.txt')
        if os.path.exists(f):
            with open(f) as fh:
                rec['peak_rss_main_mb'] = round(float(fh.read().split()[0]) / 1024.0, 1)


def exec_rusage(argv):
    """`bench.py --exec-rusage FILE cmd...`: run cmd, write its maxrss (kB) to FILE."""
    out, cmd = argv[0], argv[1:]
    p = subprocess.Popen(cmd)
    _, status, ru = os.wait4(p.pid, 0)
    with open(out, 'w') as fh:
        fh.write('%d\n' % ru.ru_maxrss)
    code = os.waitstatus_to_exitcode(status)
    sys.exit(code if code >= 0 else 1)


class Env:
    """Sets up Brian2 for one target; wraps build / compile / run timing."""

    def __init__(self, args):
        self.args = args
        self.target = args.target
        self.standalone = args.target == 'cpp_standalone'
        self.dir = None
        import brian2
        self.b2 = brian2
        from brian2 import prefs
        prefs.logging.file_log = False
        prefs.logging.std_redirection = False
        prefs.logging.console_log_level = 'WARNING'
        if args.strict_fp:
            # no -ffast-math / -march=native: IEEE arithmetic without FMA contraction
            prefs.codegen.cpp.extra_compile_args_gcc = ['-w', '-O3', '-ffp-contract=off', '-std=c++11']
            if not args.cython_cache:
                # Brian's cython cache key ignores compiler flags: keep these modules apart
                args.cython_cache = os.path.expanduser('~/.cython/brian_extensions_strictfp')
        if self.standalone:
            prefs.devices.cpp_standalone.openmp_threads = args.threads if args.threads > 1 else 0
            prefs.devices.cpp_standalone.extra_make_args_unix = ['-j%d' % max(1, os.cpu_count() or 1)]
            prefs.devices.cpp_standalone.run_cmd_unix = [
                sys.executable, os.path.abspath(__file__), '--exec-rusage', 'results/rusage_main.txt', './main']
        else:
            prefs.codegen.target = args.target
            if args.cython_cache:
                prefs.codegen.runtime.cython.cache_dir = args.cython_cache

    def new_device(self, reuse_dir=True):
        """A standalone project in a temp dir (no-op for runtime targets).

        Called again (W3 loop), it resets the device and by default reuses the same
        project directory, as Brian's docs do for standalone loops: Brian rewrites only
        files whose content changed and make recompiles only those."""
        if not self.standalone:
            return
        b2 = self.b2
        if self.dir is not None:
            b2.device.reinit()
            gc.collect()   # free the old device's code objects, so their names can be reused
            if not reuse_dir:
                self.cleanup()
                self.dir = None
        if self.dir is None:
            self.dir = tempfile.mkdtemp(prefix='brian2bench_')
        b2.set_device('cpp_standalone', directory=self.dir, build_on_run=False)

    def run(self, net, duration, t_build0, rec=None):
        """net.run + (standalone) build & run; returns dict(build_s, compile_s, sim_s, ...).

        build_s counts from t_build0 (Python network construction; for standalone also the
        recording of the run call), compile_s is code generation + compilation (for cython:
        Network.before_run, i.e. code generation and compilation or cache load), sim_s is
        the network run itself as the device reports it (device._last_run_time)."""
        b2 = self.b2
        r = {}
        if self.standalone:
            net.run(duration)   # only records the run in standalone mode
            t1 = time.perf_counter()
            r['build_s'] = t1 - t_build0
            b2.device.build(directory=self.dir, compile=True, run=False, with_output=False)
            t2 = time.perf_counter()
            r['compile_s'] = t2 - t1
            b2.device.run(self.dir, False, [])
            t3 = time.perf_counter()
            r['sim_s'] = float(b2.device._last_run_time)
            r['binary_s'] = t3 - t2
        else:
            t1 = time.perf_counter()
            r['build_s'] = t1 - t_build0
            net.run(duration)
            t2 = time.perf_counter()
            r['sim_s'] = float(b2.device._last_run_time)
            r['compile_s'] = (t2 - t1) - r['sim_s']
        return r

    def cleanup(self):
        if self.dir is not None and not self.args.keep_build:
            shutil.rmtree(self.dir, ignore_errors=True)
        elif self.dir is not None:
            log('kept standalone project in', self.dir)


def add(acc, r):
    for k, v in r.items():
        acc[k] = acc.get(k, 0.0) + v


def rounded(r, nd=5):
    return {k: (round(v, nd) if isinstance(v, float) else v) for k, v in r.items()}


# ----------------------------------------------------------------------------
# W1 / W2: Brian2's examples/CUBA.py

def cuba(env, n, duration_s, seed):
    b2 = env.b2
    from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, ms, mV, second)
    t0 = time.perf_counter()
    b2.seed(seed)
    taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
    Vt, Vr, El = -50 * mV, -60 * mV, -49 * mV
    eqs = '''
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    '''
    P = NeuronGroup(n, eqs, threshold='v>Vt', reset='v = Vr', refractory=5 * ms,
                    method='exact', namespace=dict(taum=taum, taue=taue, taui=taui, El=El, Vt=Vt, Vr=Vr))
    P.v = 'Vr + rand() * (Vt - Vr)'
    P.ge = 0 * mV
    P.gi = 0 * mV
    we = (60 * 0.27 / 10) * mV
    wi = (-20 * 4.5 / 10) * mV
    n_exc = int(0.8 * n)
    Ce = Synapses(P, P, on_pre='ge += we', namespace=dict(we=we))
    Ci = Synapses(P, P, on_pre='gi += wi', namespace=dict(wi=wi))
    Ce.connect('i<n_exc', p=0.02, namespace=dict(n_exc=n_exc))
    Ci.connect('i>=n_exc', p=0.02, namespace=dict(n_exc=n_exc))
    mon = SpikeMonitor(P)
    net = Network(P, Ce, Ci, mon)
    r = env.run(net, duration_s * second, t0)
    nspk = int(mon.num_spikes)
    r.update(n_neurons=n, n_synapses=int(len(Ce) + len(Ci)), n_spikes=nspk,
             rate_hz=nspk / n / duration_s)
    return r


# ----------------------------------------------------------------------------
# W6: Brunel (2000) model A, as sweeps/brunel.toml at g = 5, eta = 2 (spikesweep's
# netgen.Brunel): N_E = 4000, N_I = 1000, fixed in-degrees C_E = 400, C_I = 100,
# J = 100 mV / C_E = 0.25 mV, delay 1.5 ms, refractory 2 ms, PoissonInput of C_E
# processes at eta * nu_thr (nu_thr = 10 Hz). The same model as Brian2's
# examples/frompapers/Brunel_2000.py, with fixed in-degrees instead of p = epsilon.

def brunel(env, n_e, g, eta, duration_s, seed):
    b2 = env.b2
    import numpy as np
    from brian2 import (NeuronGroup, Synapses, SpikeMonitor, PoissonInput, Network, ms, mV, Hz, second)
    t0 = time.perf_counter()
    b2.seed(seed)
    n_i = n_e // 4
    c_e, c_i = n_e // 10, n_i // 10
    J = (100.0 / c_e) * mV
    tau, theta, V_r = 20 * ms, 20 * mV, 10 * mV
    nu_thr = theta / (J * c_e * tau)
    ns = dict(tau=tau, theta=theta, V_r=V_r)
    P = NeuronGroup(n_e + n_i, 'dv/dt = -v/tau : volt (unless refractory)', threshold='v >= theta',
                    reset='v = V_r', refractory=2 * ms, method='exact', namespace=ns)
    rng = np.random.default_rng(seed)

    def fixed_indegree(pre0, n_pre, k):
        # k distinct pre neurons per post neuron (spikesweep: fixed_indegree, its own draw)
        i = np.concatenate([rng.choice(n_pre, size=k, replace=False) + pre0 for _ in range(n_e + n_i)])
        j = np.repeat(np.arange(n_e + n_i), k)
        return i, j

    Se = Synapses(P, P, on_pre='v_post += J', delay=1.5 * ms, namespace=dict(J=J))
    Si = Synapses(P, P, on_pre='v_post += -g*J', delay=1.5 * ms, namespace=dict(J=J, g=g))
    i, j = fixed_indegree(0, n_e, c_e)
    Se.connect(i=i, j=j)
    i, j = fixed_indegree(n_e, n_i, c_i)
    Si.connect(i=i, j=j)
    drive = PoissonInput(P, 'v', N=c_e, rate=eta * nu_thr, weight=J)
    mon = SpikeMonitor(P)
    net = Network(P, Se, Si, drive, mon)
    r = env.run(net, duration_s * second, t0)
    nspk = int(mon.num_spikes)
    r.update(n_neurons=n_e + n_i, n_synapses=int(len(Se) + len(Si)), n_spikes=nspk,
             rate_hz=nspk / (n_e + n_i) / duration_s)
    return r


# ----------------------------------------------------------------------------
# W3/W4/W5: LIF -> STP -> LIF pairs with BrainPy 1.x step order

def stp_network(env, params, duration_s, variant, record=False):
    """len(params) independent pairs pre LIF -> STP synapse -> post LIF.

    params: list of (U, tau_d_ms, tau_f_ms), one per pair.
    Returns (net, objects, t_build0)."""
    import numpy as np
    b2 = env.b2
    from brian2 import (NeuronGroup, Synapses, StateMonitor, Network, ms, second)
    t0 = time.perf_counter()
    n = len(params)
    P = np.asarray(params, dtype=float)
    ns = dict(V_rest=LIF['V_rest'], V_reset=LIF['V_reset'], V_th=LIF['V_th'], R=LIF['R'],
              tau=LIF['tau_ms'] * ms, t_ref=LIF['t_ref_ms'], dt_ms=0.1,
              tau_s=STP_TAU_MS * ms)
    lif_eqs = '''
    dV/dt = (-(V - V_rest) + R*I)/tau : 1 (unless refractory)
    I : 1
    nspk : integer
    '''
    # BrainPy's refractory test, bit for bit: refractory at step i iff
    # (i*dt - k*dt) <= t_ref in float64 with dt = 0.1 (ms) and k the last spike step.
    # Brian evaluates it at the start of the state update of step i, as BrainPy does.
    refr = '(timestep(t, dt)*dt_ms - timestep(lastspike, dt)*dt_ms) <= t_ref'
    pre = NeuronGroup(n, lif_eqs, threshold='V >= V_th', reset='V = V_reset; nspk += 1',
                      refractory=refr, method='exact', namespace=ns, name='pre')
    post = NeuronGroup(n, lif_eqs, threshold='V >= V_th', reset='V = V_reset; nspk += 1',
                       refractory=refr, method='exact', namespace=ns, name='post')
    pre.V = LIF['V_rest']
    post.V = LIF['V_rest']
    pre.I = I_PRE
    if variant == 'event':
        ux = '''
        du/dt = -u/tau_f : 1 (event-driven)
        dx/dt = (1 - x)/tau_d : 1 (event-driven)
        '''
    else:
        ux = '''
        du/dt = -u/tau_f : 1 (clock-driven)
        dx/dt = (1 - x)/tau_d : 1 (clock-driven)
        '''
    syn_eqs = '''
    ds/dt = -s/tau_s : 1 (clock-driven)
    ''' + ux + '''
    U : 1 (constant)
    tau_f : second (constant)
    tau_d : second (constant)
    w : 1 (constant)
    I_post = s : 1 (summed)
    '''
    # When on_pre runs, u and x have already decayed over this step (clock-driven: the
    # synapse state update ran earlier in the step; event-driven: Brian brings them to t
    # first). BrainPy increments with the values from before this step's decay, so step
    # them back by one dt; for x the decay is x -> 1 + (x - 1)*exp(-dt/tau_d).
    on_pre = '''
    u_old = u*exp(dt/tau_f)
    x_old = 1 + (x - 1)*exp(dt/tau_d)
    u = u + U*(1 - u_old)
    s = s + w*u*x_old
    x = x - u*x_old
    '''
    syn = Synapses(pre, post, model=syn_eqs, on_pre=on_pre, method='exact', namespace=ns, name='stp')
    syn.connect(j='i')
    syn.U = P[:, 0]
    syn.tau_d = P[:, 1] * ms
    syn.tau_f = P[:, 2] * ms
    syn.w = STP_W
    syn.u = 0.0
    syn.x = 1.0
    # BrainPy order within a step is Network(pre, syn, post): pre updates and fires, the
    # synapse decays and applies this step's pre spikes, then post integrates with the new
    # s. Brian's default schedule would run post's update before the synapses (one-step
    # lag), so move post's update, threshold and reset, and the summed-variable copy
    # s -> post.I, behind the synapses and pre's reset.
    syn.summed_updaters['I_post'].when, syn.summed_updaters['I_post'].order = 'after_resets', 0
    post.state_updater.when, post.state_updater.order = 'after_resets', 1
    post.thresholder['spike'].when, post.thresholder['spike'].order = 'after_resets', 2
    post.resetter['spike'].when, post.resetter['spike'].order = 'after_resets', 3
    objs = [pre, syn, post]
    mons = {}
    if record:
        idx = np.arange(n)
        mons['syn'] = StateMonitor(syn, ['u', 'x', 's'], record=idx, dt=1 * ms, when='end', name='mon_syn')
        mons['post'] = StateMonitor(post, ['V'], record=idx, dt=1 * ms, when='end', name='mon_post')
        objs += list(mons.values())
    net = Network(*objs)
    return net, dict(pre=pre, syn=syn, post=post, mons=mons), t0


def write_counts(path, params, pre_counts, post_counts, index=None):
    index = range(len(params)) if index is None else index
    with open(path, 'w') as fh:
        fh.write('point,U,tau_d_ms,tau_f_ms,pre_spikes,post_spikes\n')
        for p, (U, td, tf), a, b in zip(index, params, pre_counts, post_counts):
            fh.write('%d,%g,%g,%g,%d,%d\n' % (p, U, td, tf, a, b))


def stp_vectorised(env, args, copies, duration_s, record=False):
    import numpy as np
    pts = grid()
    params = pts * copies
    env.new_device()
    net, o, t0 = stp_network(env, params, duration_s, args.variant, record=record)
    r = env.run(net, duration_s * env.b2.second, t0)
    tg = time.perf_counter()
    post = np.asarray(o['post'].nspk[:], dtype=np.int64)
    pre = np.asarray(o['pre'].nspk[:], dtype=np.int64)
    r['fetch_counts_s'] = time.perf_counter() - tg
    r.update(n_pairs=len(params), n_points=len(pts), post_spikes_total=int(post.sum()),
             pre_rate_hz=float(pre.mean() / duration_s), post_rate_hz=float(post.mean() / duration_s))
    if copies > 1:
        c = post.reshape(copies, len(pts))
        r['copies_identical'] = bool((c == c[0]).all())
    if args.out:
        write_counts(args.out, pts, pre[:len(pts)], post[:len(pts)])
    if record:
        tf = time.perf_counter()
        arrays = {
            'u': np.asarray(o['mons']['syn'].u), 'x': np.asarray(o['mons']['syn'].x),
            's': np.asarray(o['mons']['syn'].s), 'V': np.asarray(o['mons']['post'].V),
            't': np.asarray(o['mons']['post'].t_),
        }
        r['fetch_rec_s'] = time.perf_counter() - tf
        r['recorded_values'] = int(sum(a.size for k, a in arrays.items() if k != 't'))
        r['recorded_mb'] = sum(a.nbytes for a in arrays.values()) / 2 ** 20
        sd = tempfile.mkdtemp(prefix='brian2bench_rec_')
        try:
            ts = time.perf_counter()
            for k, a in arrays.items():
                np.save(os.path.join(sd, k + '.npy'), a)
            r['save_s'] = time.perf_counter() - ts
        finally:
            shutil.rmtree(sd, ignore_errors=True)
    return r


def stp_loop(env, args, duration_s, startup_s):
    """One network per grid point, built and run one after the other in this process.

    With --points N < 512, runs N points spread evenly over the grid and extrapolates:
    extrapolated_X = X(first point) + 511 * mean X(other points), since the first point
    pays for the cold compilation (standalone) or cython cache load."""
    import numpy as np
    pts = grid()
    n_run = len(pts) if not args.points else min(args.points, len(pts))
    index = [k * len(pts) // n_run for k in range(n_run)]
    per = []
    pre_c, post_c = [], []
    for k, ip in enumerate(index):
        env.new_device(reuse_dir=not args.fresh_dir)
        if not env.standalone:
            env.b2.start_scope()
        net, o, t0 = stp_network(env, [pts[ip]], duration_s, 'vec')
        r = env.run(net, duration_s * env.b2.second, t0)
        pre_c.append(int(o['pre'].nspk[0]))
        post_c.append(int(o['post'].nspk[0]))
        r['point_s'] = time.perf_counter() - t0
        per.append(r)
        # drop this point's objects so that the next point's code objects get the same
        # names (and, in standalone, identical files that make need not recompile)
        del net, o
        if env.standalone:
            gc.collect()
        if (k + 1) % 64 == 0 or env.standalone:
            log('loop point %d/%d (grid index %d): %.2f s' % (k + 1, n_run, ip, r['point_s']))
    r = {}
    for x in per:
        add(r, x)
    r.update(points_run=n_run, points_total=len(pts), n_pairs=1,
             first_point_s=per[0]['point_s'],
             post_spikes_total=int(sum(post_c)),
             pre_rate_hz=float(np.mean(pre_c) / duration_s), post_rate_hz=float(np.mean(post_c) / duration_s))
    if n_run < len(pts):
        for key in ('build_s', 'compile_s', 'sim_s', 'point_s'):
            rest = [x[key] for x in per[1:]] or [per[0][key]]
            r['extrapolated_' + key] = per[0][key] + (len(pts) - 1) * float(np.mean(rest))
        r['startup_s'] = startup_s
    if args.out:
        write_counts(args.out, [pts[i] for i in index], pre_c, post_c, index)
    return r


# ----------------------------------------------------------------------------

def child(args):
    t_start = time.perf_counter()
    # keep stdout for the JSON line only: compilers and Brian print to fd 1
    json_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    os.environ.setdefault('OMP_NUM_THREADS', str(max(1, args.threads)))
    import warnings
    warnings.simplefilter('ignore', FutureWarning)   # numpy 1.24 vs Debian's pythran, at import
    env = Env(args)
    startup_s = time.perf_counter() - t_start
    rec = dict(workload=args.workload, target=args.target,
               threads=args.threads if env.standalone else 1)
    v = variant_name(args)
    if v:
        rec['variant'] = v
    rec['repeat'] = args.rep
    if args.strict_fp:
        rec['strict_fp'] = True
    try:
        W = args.workload
        if W in ('W1', 'W2'):
            env.new_device()
            n = 4000 if W == 'W1' else 40000
            r = cuba(env, n, args.duration or 1.0, args.seed)
        elif W == 'W3':
            if args.variant == 'loop':
                r = stp_loop(env, args, args.duration or 1.0, startup_s)
            else:
                r = stp_vectorised(env, args, 1, args.duration or 1.0)
        elif W == 'W4':
            r = stp_vectorised(env, args, args.copies, args.duration or 0.1)
        elif W == 'W5':
            r = stp_vectorised(env, args, 1, args.duration or 1.0, record=not args.no_record)
            rec['recording'] = not args.no_record
        elif W == 'W6':
            env.new_device()
            r = brunel(env, 4000, 5.0, 2.0, args.duration or 1.0, args.seed)
        # in-process end to end: network construction + code generation/compilation +
        # running (standalone: the whole binary, incl. synapse creation and result writing)
        if 'point_s' in r:
            r['run_s'] = r['point_s']
        else:
            r['run_s'] = r['build_s'] + r['compile_s'] + r.get('binary_s', r['sim_s'])
        rec.update(rounded(r))
        rss_fields(rec, env.dir)
        rec['brian2'] = env.b2.__version__
    finally:
        env.cleanup()
    with os.fdopen(json_fd, 'w') as fh:
        fh.write(json.dumps(rec) + '\n')


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ['--exec-rusage']:
        return exec_rusage(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--workload', required=True, choices=WORKLOADS)
    ap.add_argument('--target', default='cpp_standalone', choices=TARGETS)
    ap.add_argument('--threads', type=int, default=1,
                    help='OpenMP threads for cpp_standalone (1 = plain serial code); runtime targets are single-threaded')
    ap.add_argument('--repeat', type=int, default=1, help='independent runs, each in a fresh process')
    ap.add_argument('--variant', default='vec', choices=VARIANTS,
                    help='W3-W5: vec = all points in one network (clock-driven u, x); event = same with '
                         'event-driven u, x; loop = one network per point (W3 only)')
    ap.add_argument('--out', help='W3/W4/W5: write per-point spike counts (first 512 pairs) to this CSV')
    ap.add_argument('--points', type=int, default=0, help='W3 loop: run only the first N points and extrapolate')
    ap.add_argument('--copies', type=int, default=2048, help='W4: copies of the 512-point grid (default 2048)')
    ap.add_argument('--duration', type=float, default=0.0, help='simulated seconds (default: 1 s, W4 0.1 s)')
    ap.add_argument('--no-record', action='store_true', help='W5: same network without the monitors')
    ap.add_argument('--seed', type=int, default=12345, help='W1/W2 random seed')
    ap.add_argument('--keep-build', action='store_true', help='keep the standalone project directory')
    ap.add_argument('--cython-cache', help='cython cache dir (default: Brian\'s, in the home directory)')
    ap.add_argument('--fresh-dir', action='store_true',
                    help='W3 loop, cpp_standalone: a new project directory per point (full recompile each time)')
    ap.add_argument('--strict-fp', action='store_true',
                    help='compile C++/Cython without -ffast-math and -march=native (and no FMA contraction)')
    ap.add_argument('--child', action='store_true', help=argparse.SUPPRESS)
    ap.add_argument('--rep', type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.variant == 'loop' and args.workload != 'W3':
        ap.error('--variant loop is only for W3')
    if args.child:
        return child(args)
    return parent(args, argv)


if __name__ == '__main__':
    main()
