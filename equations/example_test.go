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
	k, err := m.CompileNeuron("euler", 0.1, false)
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
