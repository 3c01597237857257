#!/usr/bin/python3
"""Median table of bench.py JSON lines.

    /usr/bin/python3 summarize.py runs.jsonl            # markdown table on stdout

Groups lines by (workload, variant, target, threads, recording) in the order
they first appear and prints the median of every timing field, with the 1-minute
load average range seen during that group's runs.
"""
import json
import statistics
import sys

FIELDS = ['build_s', 'compile_s', 'sim_s', 'binary_s', 'run_s', 'total_s', 'peak_rss_mb']


def case_name(r):
    name = r['workload']
    v = r.get('variant')
    if v:
        name += ' ' + v
    if r.get('strict_fp'):
        name += ' strict-fp'
    if r['workload'] == 'W5':
        name += ' rec' if r.get('recording') else ' no-rec'
    if r.get('points_run') and r.get('points_run') < r.get('points_total', 0):
        name += ' (%d of %d points)' % (r['points_run'], r['points_total'])
    return name


def result_text(r):
    w = r['workload']
    if w in ('W1', 'W2'):
        return '%.2f Hz, %d syn' % (r['rate_hz'], r['n_synapses'])
    out = 'post %.2f Hz, %d spikes' % (r['post_rate_hz'], r['post_spikes_total'])
    if 'copies_identical' in r:
        out += ', copies identical' if r['copies_identical'] else ', COPIES DIFFER'
    if w == 'W5' and r.get('recording'):
        out += ', %d values, save %.3f s' % (r['recorded_values'], r['save_s'])
    if 'extrapolated_total_s' in r:
        out += '; extrapolated to 512 points: total %.0f s (compile %.0f s, sim %.1f s)' % (
            r['extrapolated_total_s'], r['extrapolated_compile_s'], r['extrapolated_sim_s'])
    return out


def fmt(x):
    if x is None:
        return '-'
    if x >= 100:
        return '%.0f' % x
    if x >= 10:
        return '%.1f' % x
    if x >= 1:
        return '%.2f' % x
    return '%.3f' % x


def main():
    rows = []
    for path in sys.argv[1:] or ['-']:
        fh = sys.stdin if path == '-' else open(path)
        for ln in fh:
            ln = ln.strip()
            if ln.startswith('{'):
                rows.append(json.loads(ln))
    groups = {}
    for r in rows:
        if 'error' in r:
            key = (case_name(r), r['target'], r['threads'], 'error')
        else:
            key = (case_name(r), r['target'], r['threads'], '')
        groups.setdefault(key, []).append(r)
    print('| workload | target | threads | n | ' + ' | '.join(FIELDS) + ' | load 1m | result |')
    print('|' + '---|' * (len(FIELDS) + 6))
    for (name, target, threads, err), rs in groups.items():
        if err:
            print('| %s | %s | %s | %d | %s |' % (name, target, threads, len(rs), rs[0]['error']))
            continue
        med = []
        for f in FIELDS:
            vals = [r[f] for r in rs if f in r]
            med.append(fmt(statistics.median(vals)) if vals else '-')
        loads = [r.get('loadavg_1m', 0) for r in rs]
        mid = sorted(rs, key=lambda r: r['sim_s'])[len(rs) // 2]
        print('| %s | %s | %s | %d | %s | %.1f-%.1f | %s |' % (
            name, target, threads, len(rs), ' | '.join(med), min(loads), max(loads), result_text(mid)))


if __name__ == '__main__':
    main()
