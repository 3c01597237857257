// Command workload runs one workload of the Brian2 comparison in spikesweep and prints one JSON
// line with the same fields as bench/brian2/bench.py: build_s (network and state), sim_s (the
// simulation), total_s (process start to end), peak_rss_mb, and the workload's result.
//
//	go run ./bench/workload -workload W1 [-workers 2] [-out counts.csv]
//
// W6 is Brunel's (2000) network (sweeps/brunel.toml at one point, g = 5, eta = 2, the
// asynchronous irregular state): 5000 LIF neurons, 500 delta synapses in per neuron, Poisson drive,
// 1 s.
//
// W3 and W5 also run end to end through the CLI path (TOML -> engine -> Parquet) when -e2e DIR is
// given: that is what compare.sh times for them.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/spikesweep/spikesweep/internal/netgen"
	"github.com/spikesweep/spikesweep/runner"
	"github.com/spikesweep/spikesweep/sched"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

var start = time.Now()

var cpuProfile *string

func main() {
	wl := flag.String("workload", "W1", "W1, W2, W3, W4, W5, W5off (W5 without recording) or W6 (Brunel)")
	workers := flag.Int("workers", 1, "worker threads")
	out := flag.String("out", "", "W3: write per-point post spike counts (CSV) here")
	e2e := flag.String("e2e", "", "W3/W5: run through TOML and Parquet into this directory")
	copies := flag.Int("copies", 2048, "W4: copies of W3's 512-point grid")
	block := flag.Int("block", 0, "replicas per temporal block (0: the scheduler's choice)")
	cpuProfile = flag.String("cpuprofile", "", "write a CPU profile of the simulation (not the build) to this file")
	flag.Parse()
	rec, err := run(*wl, *workers, *block, *copies, *out, *e2e)
	if err != nil {
		fmt.Fprintln(os.Stderr, "workload:", err)
		os.Exit(1)
	}
	rec["workload"], rec["target"], rec["threads"] = *wl, "spikesweep", *workers
	rec["simd"] = systems.SIMD
	rec["total_s"] = time.Since(start).Seconds()
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	rec["peak_rss_mb"] = float64(ru.Maxrss) / 1024
	json.NewEncoder(os.Stdout).Encode(rec)
}

func run(wl string, workers, block, copies int, out, e2e string) (map[string]any, error) {
	rec := map[string]any{}
	var nets []*spec.Network
	switch wl {
	case "W1", "W2":
		n := 4000
		if wl == "W2" {
			n = 40000
		}
		nets = []*spec.Network{netgen.CUBA(n, 0.02, 1000, 1, true)}
	case "W3", "W5", "W5off":
		if e2e != "" {
			return endToEnd(wl, workers, e2e, out)
		}
		nets = netgen.W3(1, 1000)
		if wl == "W5" {
			for _, n := range nets {
				n.Monitors = w5Monitors()
			}
		}
	case "W4":
		nets = netgen.W3(copies, 100)
	case "W6":
		nets = []*spec.Network{netgen.Brunel(4000, 5, 2, 1000)}
	default:
		return nil, fmt.Errorf("unknown workload %q", wl)
	}
	t0 := time.Now()
	sim, err := sched.Build(nets, sched.Options{Workers: workers, BlockReplicas: block, Sink: discard{}, SameStructure: true})
	if err != nil {
		return nil, err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
	}
	t1, cpu1 := time.Now(), cpuSeconds()
	res, err := sim.Run()
	pprof.StopCPUProfile()
	if err != nil {
		return nil, err
	}
	rec["build_s"], rec["sim_s"] = t1.Sub(t0).Seconds(), time.Since(t1).Seconds()
	// CPU time of the simulation, all threads: on a shared machine the wall time includes
	// waiting for a core, this does not (it still includes a worker's spinning at a barrier).
	rec["sim_cpu_s"] = cpuSeconds() - cpu1
	rec["barriers_per_step"], rec["barrier_wait_s"] = sim.BarriersPerStep(), sim.BarrierWait().Seconds()
	var spikes int64
	for _, c := range res.SpikeCounts {
		for _, x := range c {
			spikes += x
		}
	}
	switch wl {
	case "W1", "W2", "W6":
		size := 0
		for _, p := range nets[0].Populations {
			size += p.Size
		}
		rec["rate_hz"] = float64(spikes) / float64(size)
	default:
		var post int64
		for _, x := range res.SpikeCounts["neu2"] {
			post += x
		}
		rec["post_rate_hz"] = float64(post) / float64(len(nets)) / (nets[0].Duration / 1000)
		if out != "" {
			if err := writeCounts(out, res.SpikeCounts["neu2"][:512]); err != nil {
				return nil, err
			}
		}
	}
	return rec, nil
}

// cpuSeconds is the user and system CPU time of this process so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func w5Monitors() []spec.Monitor {
	return []spec.Monitor{{Target: "syn", Vars: []string{"u", "x", "s"}, Every: 10},
		{Target: "neu2", Vars: []string{"V"}, Every: 10}}
}

// endToEnd writes W3 (or W5) as a sweep file and runs it as `batch run` would.
func endToEnd(wl string, workers int, dir, out string) (map[string]any, error) {
	src := fmt.Sprintf(`[run]
dt = 0.1
duration = 1000.0
order = ["neu1", "syn", "neu2"]
[[population]]
name = "neu1"
model = "LIF"
size = 1
method = "exp_euler"
params = { t_refractory = 5.0 }
[[projection]]
name = "syn"
model = "STP"
pre = "neu1"
post = "neu2"
init = { w = 200.0 }
[[population]]
name = "neu2"
model = "LIF"
size = 1
method = "exp_euler"
params = { t_refractory = 5.0 }
[[input]]
target = "neu1"
var = "input"
value = 28.0
%s
[sweep]
[[sweep.axis]]
path = "syn.U"
values = %s
[[sweep.axis]]
path = "syn.tau_d"
values = %s
[[sweep.axis]]
path = "syn.tau_f"
values = %s
`, map[bool]string{true: "[[monitor]]\ntarget = \"syn\"\nvars = [\"u\", \"x\", \"s\"]\nevery = 10\n[[monitor]]\ntarget = \"neu2\"\nvars = [\"V\"]\nevery = 10\n", false: ""}[wl == "W5"],
		list(netgen.W3U), list(netgen.W3TauD), list(netgen.W3TauF))
	f := filepath.Join(dir, wl+".toml")
	if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
		return nil, err
	}
	sw, err := sweep.Load(f, systems.Catalog())
	if err != nil {
		return nil, err
	}
	sum, err := runner.Run(sw, runner.Options{Out: filepath.Join(dir, wl), Workers: workers})
	if err != nil {
		return nil, err
	}
	// End to end: from process start to the last Parquet file renamed into place.
	return map[string]any{"e2e_s": time.Since(start).Seconds(), "points_ok": sum.OK}, nil
}

func list(v []float64) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func writeCounts(path string, counts []int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	fmt.Fprintln(f, "point,U,tau_d,tau_f,post_spikes")
	i := 0
	for _, u := range netgen.W3U {
		for _, d := range netgen.W3TauD {
			for _, tf := range netgen.W3TauF {
				fmt.Fprintf(f, "%d,%g,%g,%g,%d\n", i, u, d, tf, counts[i])
				i++
			}
		}
	}
	return f.Close()
}

type discard struct{}

func (discard) Monitor(*sched.MonitorBatch) error { return nil }
func (discard) Spikes(*sched.SpikeBatch) error    { return nil }
