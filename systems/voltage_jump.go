package systems

import (
	"github.com/spikesweep/spikesweep/components"
	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/spec"
)

// VoltageJump is document 000's voltage-jump synapse: s is 1 on the step its pre neuron fires and
// 0 otherwise. As in BrainPy's example it writes nothing to the post group.
type VoltageJump struct{}

var voltageJumpInfo = &spec.ModelInfo{
	Name: "VoltageJump", Kind: spec.SynapseModel,
	Doc:     "voltage jump: s = pre spike (no output, as in BrainPy's example); with output = \"voltage\" a delta synapse: V_post += weight after the delay",
	State:   []spec.VarInfo{{Name: "s", Unit: "1", Doc: "1 on a pre spike step, else 0"}},
	Methods: []string{"euler"},
	Jump:    true,
}

func (VoltageJump) Info() *spec.ModelInfo { return voltageJumpInfo }

type voltageJump struct {
	proj
	s []float64
}

func (VoltageJump) New(env *Env) (Object, error) {
	if env.Output != "" {
		return newJump(env), nil
	}
	return &voltageJump{proj: newProj(env), s: env.Table.Float64(components.S)}, nil
}

func (m *voltageJump) Stages() []Stage {
	return []Stage{{Name: "VoltageJump.update", Units: m.synapses(), Cost: 1, Run: m.update}}
}

func (m *voltageJump) update(_ Ctx, lo, hi int) {
	pre := m.g.Pre
	for lo < hi {
		r, end := ecs.Span(lo, hi, m.nSyn)
		spikes := m.preSpike[r*m.nPre : (r+1)*m.nPre]
		base := r * m.nSyn
		for k := lo; k < end; k++ {
			m.s[k] = spikeValue(spikes[pre[k-base]])
		}
		lo = end
	}
}

func init() { Register(VoltageJump{}) }
