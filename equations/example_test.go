package equations_test

import (
	"fmt"

	"github.com/spikesweep/spikesweep/equations"
)

// A model is parsed once, checked, and compiled into a kernel for one method and dt; the kernel
// updates whole columns.
func ExampleModel_CompileNeuron() {
	def := &equations.Def{Name: "LIF",
		Params:    []equations.Param{{Name: "tau", Default: 10, Unit: "ms"}, {Name: "V_th", Default: 20}},
		Vars:      []equations.Var{{Name: "V", Unit: "mV"}},
		Equations: "dV/dt = (-V + input)/tau", Threshold: "V >= V_th", Reset: "V = 0"}
	m, err := equations.Parse(def)
	if err != nil {
		panic(err)
	}
	k, err := m.CompileNeuron("euler", 0.1, equations.Layout{})
	if err != nil {
		panic(err)
	}
	// one replica of 3 neurons; the columns follow m.Vars: V, input, t_last_spike
	n := 3
	V, input, tLast := make([]float64, n), make([]float64, n), []float64{-1e7, -1e7, -1e7}
	spike, refr := make([]bool, n), make([]bool, n)
	run := k.Bind(equations.NeuronData{N: n, Vars: [][]float64{V, input, tLast},
		Params: [][]float64{{10}, {20}}, Spike: spike, Refr: refr})
	var first [3]int
	for i := range 1000 {
		copy(input, []float64{21, 25, 30}) // inputs are zeroed by every step
		run.Step(float64(i)*0.1, 0, n)
		for j, s := range spike {
			if s && first[j] == 0 {
				first[j] = i
			}
		}
	}
	fmt.Println("methods:", m.Methods)
	fmt.Println("first spike at steps:", first)
	fmt.Println("spikes in 100 ms:", run.SpikeCount(0))

	_, err = equations.Parse(&equations.Def{Name: "bad", Vars: []equations.Var{{Name: "V"}}, Equations: "dV/dt = -V/tua"})
	fmt.Println(err)
	// Output:
	// methods: [euler rk4 exp_euler]
	// first spike at steps: [302 160 109]
	// spikes in 100 ms: 18
	// equations (offset 11): unknown name "tua"
}

// A synapse model compiles into passes over synapses (its equations), over the neurons that fired
// and their synapses (on_pre, on_post), and over post neurons (its output); the caller runs
// them in the step's order and provides the delay line's slots.
func ExampleModel_CompileSynapse() {
	m, err := equations.Parse(&equations.Def{Name: "Expo", Kind: "synapse",
		Params:    []equations.Param{{Name: "tau", Default: 5}, {Name: "w", Default: 0.5}},
		Vars:      []equations.Var{{Name: "s"}},
		Equations: "ds/dt = -s/tau", OnPre: "s += w", Output: "input_post += delay(s)", Method: "exp_euler"})
	if err != nil {
		panic(err)
	}
	k, err := m.CompileSynapse("", 0.1, equations.Layout{})
	if err != nil {
		panic(err)
	}
	// two pre neurons onto one post neuron: synapse i is pre i -> post 0
	s, input := make([]float64, 2), make([]float64, 1)
	d := equations.SynapseData{NSyn: 2, NPre: 2, NPost: 1, Replicas: 1,
		Pre: []int32{0, 1}, Post: []int32{0, 0}, OutPtr: []int32{0, 1, 2}, OutSyn: []int32{0, 1},
		InPtr: []int32{0, 2}, InSyn: []int32{0, 1}, Params: [][]float64{{5}, {0.5}}}
	for _, c := range k.Columns() { // s, and the delay line (no delay here: one slot)
		if c.Kind == equations.ColVar {
			d.F, d.B = append(d.F, s), append(d.B, nil)
		} else {
			d.F, d.B = append(d.F, nil), append(d.B, nil)
		}
	}
	run := k.Bind(d)
	ring := make([]float64, 2)
	for step, spikes := range [][]bool{{true, false}, {false, false}, {true, true}} {
		t := float64(step) * 0.1
		run.Integrate(equations.PerSynapse, t, 0, 2, ring)
		run.Events(t, 0, 1, spikes, nil, ring)
		input[0] = 0
		run.Output(t, 0, 1, ring, input)
		fmt.Printf("step %d: s = %.6f, post input = %.6f\n", step, s, input[0])
	}
	// Output:
	// step 0: s = [0.500000 0.000000], post input = 0.500000
	// step 1: s = [0.490099 0.000000], post input = 0.490099
	// step 2: s = [0.980395 0.500000], post input = 1.480395
}
