package sweep

import "github.com/spikesweep/spikesweep/spec"

// The spike sources of issue 16 join the fake catalog here, and VoltageJump becomes a delta
// synapse, so that catalog_test.go keeps the models of the BrainPy documents as they were.
func init() {
	poisson := model("Poisson", spec.NeuronModel, "euler", []any{"rate", 0.0}, "spike!")
	poisson.Params[0].PerNeuron = true
	poisson.Params[0].NonNegative = true
	poisson.Inputs = []string{"rate"}
	poisson.Methods = []string{"euler"}
	times := model("SpikeTimes", spec.NeuronModel, "euler", nil, "spike!")
	times.Methods = []string{"euler"}
	times.SpikeTimes = true
	testCatalog.models = append(testCatalog.models, poisson, times)
	vj, _ := testCatalog.Model("VoltageJump")
	vj.Jump = true // a delta synapse with output = "voltage"
}
