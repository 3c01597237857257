package netgen

import "github.com/spikesweep/spikesweep/spec"

// Brunel is Brunel's (2000) model A as in sweeps/brunel.toml: nE excitatory and nE/4 inhibitory
// LIF neurons (tau 20 ms, threshold 20 mV, reset 10 mV, refractory 2 ms), delta synapses of
// weight J and -g*J with delay 1.5 ms, fixed in-degrees C_E = nE/10 and C_I = nE/40 (frozen
// graph), and a Poisson drive of C_E processes at eta*nu_thr per neuron. J is scaled so that
// J*C_E = 100 mV as in the paper (nu_thr = 10 Hz): J = 100/C_E mV.
func Brunel(nE int, g, eta, duration float64) *spec.Network {
	nI := nE / 4
	cE, cI := nE/10, nI/10
	J := 100.0 / float64(cE)
	nuThr := 20.0 / (J * float64(cE) * 20.0) * 1000 // Hz
	lif := map[string]float64{"tau": 20, "V_rest": 0, "V_reset": 10, "V_th": 20, "R": 1, "t_refractory": 2}
	seeds := []uint64{1, 2, 3, 4}
	proj := func(i int, name, pre, post string, k int, w float64) spec.Projection {
		return spec.Projection{Name: name, Model: "VoltageJump", Pre: pre, Post: post, Output: "voltage", Weight: w, Delay: 1.5,
			Conn: spec.Conn{Kind: "fixed_indegree", K: k, Seed: &seeds[i]}}
	}
	drive := spec.PoissonDrive{Rate: eta * nuThr, N: float64(cE), Weight: J}
	d1, d2 := drive, drive
	return &spec.Network{Dt: 0.1, Duration: duration, Seed: 2000,
		Populations: []spec.Population{
			{Name: "exc", Model: "LIF", Size: nE, Params: lif, Method: "exp_euler"},
			{Name: "inh", Model: "LIF", Size: nI, Params: lif, Method: "exp_euler"},
		},
		Projections: []spec.Projection{proj(0, "ee", "exc", "exc", cE, J), proj(1, "ei", "exc", "inh", cE, J),
			proj(2, "ie", "inh", "exc", cI, -g*J), proj(3, "ii", "inh", "inh", cI, -g*J)},
		Order:  []string{"exc", "inh", "ee", "ei", "ie", "ii"},
		Inputs: []spec.Input{{Target: "exc", Var: "V", Poisson: &d1}, {Target: "inh", Var: "V", Poisson: &d2}},
	}
}
