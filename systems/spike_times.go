package systems

import (
	"slices"
	"sort"

	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/spec"
)

// SpikeTimes replays given spike times (Brian2's SpikeGeneratorGroup). A spike at t ms fires at
// step spec.SpikeStep(t, dt) = int((t + 0.001*dt)/dt), Brian2's timestep(). Every replica replays
// the same times.
type SpikeTimes struct{}

var spikeTimesInfo = &spec.ModelInfo{
	Name: "SpikeTimes", Kind: spec.NeuronModel,
	Doc:        "given spike times per neuron (Brian2 SpikeGeneratorGroup); times = [[...], ...] or times_file (CSV or Parquet)",
	State:      []spec.VarInfo{{Name: "spike", Bool: true, Doc: "fired at this step"}},
	Methods:    []string{"euler"},
	SpikeTimes: true,
}

func (SpikeTimes) Info() *spec.ModelInfo { return spikeTimesInfo }

type spikeTimes struct {
	n      int
	spike  []bool
	steps  []int32 // event steps, ascending
	neuron []int32 // the neuron of each event
	fired  []int64 // per neuron of every replica (no two work units share an entry)
}

func (SpikeTimes) New(env *Env) (Object, error) {
	t := env.Table
	m := &spikeTimes{n: t.Size, spike: t.Bool(components.Spike), fired: make([]int64, t.Len())}
	type ev struct{ step, neuron int32 }
	var evs []ev
	for k, times := range env.SpikeTimes {
		for _, x := range times {
			evs = append(evs, ev{int32(spec.SpikeStep(x, env.Dt)), int32(k)})
		}
	}
	slices.SortFunc(evs, func(a, b ev) int {
		if a.step != b.step {
			return int(a.step - b.step)
		}
		return int(a.neuron - b.neuron)
	})
	for _, e := range evs {
		m.steps = append(m.steps, e.step)
		m.neuron = append(m.neuron, e.neuron)
	}
	return m, nil
}

func (m *spikeTimes) Stages() []Stage {
	return []Stage{{Name: "SpikeTimes.update", Units: len(m.spike), Cost: 1, Run: m.update}}
}

// SpikeCount is the number of spikes of replica r so far.
func (m *spikeTimes) SpikeCount(r int) int64 {
	var c int64
	for _, f := range m.fired[r*m.n : (r+1)*m.n] {
		c += f
	}
	return c
}

func (m *spikeTimes) update(c Ctx, lo, hi int) {
	clear(m.spike[lo:hi])
	step := int32(c.Step)
	first := sort.Search(len(m.steps), func(i int) bool { return m.steps[i] >= step })
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.n)
		base := r * m.n
		for i := first; i < len(m.steps) && m.steps[i] == step; i++ {
			if k := base + int(m.neuron[i]); k >= lo && k < end {
				m.spike[k] = true
				m.fired[k]++
			}
		}
		lo = end
	}
}

func init() { Register(SpikeTimes{}) }
