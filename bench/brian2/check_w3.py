#!/usr/bin/python3
"""Independent check of the W3 per-point spike counts, without Brian2.

Steps the 512 pairs pre LIF -> STP -> post LIF with BrainPy 1.x semantics in
numpy float64 (LIF integrated exactly, as the Brian2 scripts do, i.e. BrainPy's
exponential Euler, which is exact for this linear equation; STP decays exactly;
BrainPy's step order pre, syn, post; refractory test (t - t_last) <= t_ref on
t = i*dt in ms), and compares with one or more CSVs written by bench.py --out.

    /usr/bin/python3 check_w3.py results/w3_counts.csv [more.csv ...]

Prints how many points differ and exits 1 if any CSV differs by more than
--tolerance spikes (default 0) at some point. Float rounding of the two codes
differs in the last bits, which could move a spike in rare cases; a one-step
synaptic lag changes 6 points, a strict `<` refractory test 86.
"""
import argparse
import csv
import math
import sys

import numpy as np

sys.path.insert(0, __file__.rsplit('/', 1)[0])
from bench import grid, LIF, I_PRE, STP_TAU_MS, STP_W  # noqa: E402


def simulate(params, duration_ms=1000.0, dt=0.1):
    P = np.asarray(params, dtype=float)
    U, tau_d, tau_f = P[:, 0], P[:, 1], P[:, 2]
    n = len(P)
    tau, vr, vreset, vth, R, tref = (LIF['tau_ms'], LIF['V_rest'], LIF['V_reset'], LIF['V_th'],
                                     LIF['R'], LIF['t_ref_ms'])
    eV = math.exp(-dt / tau)
    eS = math.exp(-dt / STP_TAU_MS)
    eF, eD = np.exp(-dt / tau_f), np.exp(-dt / tau_d)
    Vp, Vq = np.full(n, vr), np.full(n, vr)
    tlp, tlq = np.full(n, -1e7), np.full(n, -1e7)
    s, u, x = np.zeros(n), np.zeros(n), np.ones(n)
    cp, cq = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    steps = int(math.ceil(duration_ms / dt))

    def lif(V, tl, I, t, cnt):
        refr = (t - tl) <= tref
        vinf = vr + R * I
        Vn = vinf + (V - vinf) * eV
        spk = (~refr) & (Vn >= vth)
        V[:] = np.where(refr, V, np.where(spk, vreset, Vn))
        tl[spk] = t
        cnt += spk
        return spk

    for i in range(steps):
        t = i * dt
        spk = lif(Vp, tlp, I_PRE, t, cp)
        u0, x0 = u, x
        s = s * eS
        un = u0 * eF
        xn = 1 + (x0 - 1) * eD
        un = np.where(spk, un + U * (1 - u0), un)
        s = np.where(spk, s + STP_W * un * x0, s)
        xn = np.where(spk, xn - un * x0, xn)
        u, x = un, xn
        lif(Vq, tlq, s, t, cq)
    return cp, cq


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('csv', nargs='+')
    ap.add_argument('--tolerance', type=int, default=0)
    a = ap.parse_args()
    pts = grid()
    pre, post = simulate(pts)
    bad = False
    for f in a.csv:
        rows = list(csv.DictReader(open(f)))
        d = [abs(int(r['post_spikes']) - int(post[int(r['point'])])) for r in rows]
        dp = [abs(int(r['pre_spikes']) - int(pre[int(r['point'])])) for r in rows]
        nd = sum(1 for v in d if v)
        print('%s: %d points, %d differ in post spikes (max |diff| %d), %d differ in pre spikes; '
              'reference post total %d, csv total %d' % (
                  f, len(rows), nd, max(d) if d else 0, sum(1 for v in dp if v),
                  int(sum(post[int(r['point'])] for r in rows)), sum(int(r['post_spikes']) for r in rows)))
        if (d and max(d) > a.tolerance) or (dp and max(dp) > 0):
            bad = True
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
