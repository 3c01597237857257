package sweep

import (
	"fmt"
)

// A sweep of two STP parameters, repeated twice, split into four shards.
func Example() {
	src := `
[run]
dt = 0.1
duration = 100.0
seed = 1

[[population]]
name = "neu1"
model = "LIF"
size = 1

[[projection]]
name = "syn"
model = "STP"
pre = "neu1"
post = "neu2"

[[population]]
name = "neu2"
model = "LIF"
size = 1

[[input]]
target = "neu1"
var = "input"
value = 28.0

[sweep]
repeats = 2
[[sweep.axis]]
path = "syn.U"
values = [0.1, 0.5]
[[sweep.axis]]
path = "syn.tau_d"
logspace = { start = 10.0, stop = 1000.0, num = 3 }
`
	// The engine passes systems.Catalog(); the tests use a stand-in with the same models.
	s, err := Parse("stp.toml", []byte(src), testCatalog, ".")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Len(), "points,", s.Combinations(), "combinations x", s.Repeats, "repeats")
	for _, pt := range s.ShardPoints(Shard{Index: 1, Count: 4}) {
		syn := pt.Net.Projections[0]
		fmt.Printf("id %d repeat %d: U %g tau_d %g\n", pt.ID, pt.Repeat, syn.Params["U"], syn.Params["tau_d"])
	}
	// Output:
	// 12 points, 6 combinations x 2 repeats
	// id 3 repeat 0: U 0.5 tau_d 10
	// id 4 repeat 0: U 0.5 tau_d 100
	// id 5 repeat 0: U 0.5 tau_d 1000
}

// Problems are reported with their file, line, column and key.
func ExampleError() {
	src := `
[run]
duration = 100.0

[[population]]
name = "neu1"
model = "LIF"
size = 1
params = { tau_m = 20.0 }
`
	_, err := Parse("lif.toml", []byte(src), testCatalog, ".")
	for _, e := range Errors(err) {
		fmt.Println(e)
	}
	// Output:
	// lif.toml:9:12: population "neu1": params.tau_m: unknown parameter of model LIF (parameters: R, V_reset, V_rest, V_th, t_refractory, tau); did you mean tau?
}

func ExampleParseShard() {
	sh, _ := ParseShard("2/8")
	lo, hi := sh.Range(512)
	fmt.Println(sh, lo, hi)
	// Output: 2/8 128 192
}
