package runner

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/systems"
)

// MaxReplicas bounds Options.MaxReplicas (--replicas).
const MaxReplicas = 1 << 16

// MemoryError refuses a run whose estimated memory exceeds the limit, before anything is written.
type MemoryError struct {
	Estimate, Limit int64
	Replicas        int
	Source          string // where the limit comes from
}

func (e *MemoryError) Error() string {
	return fmt.Sprintf("a batch of %d points needs about %s of memory (state, connectivity, delay and monitor buffers), more than %s (%s); "+
		"use fewer points per world (--replicas), a smaller network or fewer recorded variables, or raise the limit with --max-memory (\"off\" skips the check)",
		e.Replicas, bytesString(e.Estimate), bytesString(e.Limit), e.Source)
}

func bytesString(b int64) string {
	switch {
	case b >= 1<<40:
		return fmt.Sprintf("%.1f TiB", float64(b)/(1<<40))
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	default:
		return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
	}
}

// estimateBytes is a rough upper estimate of the memory one point of n takes in a world: state
// and parameters per element, connectivity indices, delay rings, and monitor buffers (the
// engine's block of rows plus the sink's spare copies). Computed in float64: absurd sizes must
// not overflow.
func estimateBytes(n *spec.Network) float64 {
	vars := func(model string) float64 {
		if info, ok := systems.CatalogWith(n.Models).Model(model); ok {
			return float64(len(info.State) + len(info.Params) + 2)
		}
		return 8
	}
	size := map[string]float64{}
	total := 0.0
	for _, p := range n.Populations {
		size[p.Name] = float64(p.Size)
		total += float64(p.Size) * vars(p.Model) * 8
	}
	steps := float64(n.Steps())
	for i := range n.Projections {
		p := &n.Projections[i]
		syn := float64(synapseEstimate(n, p))
		if p.Conn.Kind == "" || p.Conn.Kind == "all2all" {
			syn = size[p.Pre] * size[p.Post]
		}
		total += syn * (vars(p.Model)*8 + 8) // state and int32 pre/post indices
		if n.Dt > 0 {
			total += min(p.Delay/n.Dt+1, steps+1) * size[p.Post] * 8
		}
	}
	for _, m := range n.Monitors {
		elems := size[m.Target]
		if len(m.Indices) > 0 {
			elems = float64(len(m.Indices))
		}
		if elems == 0 {
			for i := range n.Projections {
				if n.Projections[i].Name == m.Target {
					elems = float64(synapseEstimate(n, &n.Projections[i]))
				}
			}
		}
		rows := min(steps/float64(max(m.Every, 1))+1, 1024)
		total += elems * rows * float64(len(m.Vars)+4) * 8 * 4 // engine block + 3 spare copies
	}
	return total
}

// machineMemory is the memory this process may use: the cgroup's limit (a SLURM job's
// allocation) if there is one, else the machine's total; 0 if unknown.
func machineMemory() (int64, string) {
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if b, err := os.ReadFile(f); err == nil {
			if v, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && v > 0 && v < 1<<60 {
				return v, "the memory limit of this job's cgroup"
			}
		}
	}
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return kb << 10, "the machine's memory"
			}
		}
	}
	return 0, ""
}

// checkMemory refuses a batch of replicas points of perPoint bytes each over the limit (0: the
// machine's memory; negative: no check).
func checkMemory(perPoint float64, replicas int, limit int64) error {
	if limit < 0 {
		return nil
	}
	source := "--max-memory"
	if limit == 0 {
		if limit, source = machineMemory(); limit == 0 {
			return nil
		}
	}
	est := perPoint * float64(replicas)
	if est > float64(limit) {
		return &MemoryError{Estimate: int64(min(est, 1<<62)), Limit: limit, Replicas: replicas, Source: source}
	}
	return nil
}
