package sweep

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spikesweep/spikesweep/spec"
)

// Every sweep and example shipped in the repository parses and validates.
func TestShippedFilesValidate(t *testing.T) {
	var files []string
	for _, dir := range []string{"../sweeps", "../examples/brainpy"} {
		m, err := filepath.Glob(filepath.Join(dir, "*.toml"))
		if err != nil {
			t.Fatal(err)
		}
		if len(m) == 0 {
			t.Fatalf("no TOML files in %s", dir)
		}
		files = append(files, m...)
	}
	for _, f := range files {
		s, err := Load(f, testCatalog)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if s.Len() < 1 {
			t.Errorf("%s: %d points", f, s.Len())
		}
		// Every point builds (the sweeps are small).
		for _, pt := range s.Points() {
			if pt.Net.Steps() < 1 {
				t.Errorf("%s: point %d has %d steps", f, pt.ID, pt.Net.Steps())
			}
		}
	}
}

// The STP sweep is the one described in its comments: 8 x 8 x 8 points recorded every 1 ms.
func TestSTPSweep(t *testing.T) {
	s, err := Load("../sweeps/stp.toml", testCatalog)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 512 || s.Mode != Grid || len(s.Axes) != 3 {
		t.Fatalf("Len %d, mode %s, %d axes", s.Len(), s.Mode, len(s.Axes))
	}
	for i, want := range []string{"syn.U", "syn.tau_d", "syn.tau_f"} {
		if a := s.Axes[i]; a.Path != want || len(a.Values) != 8 {
			t.Errorf("axis %d: %s with %d values", i, a.Path, len(a.Values))
		}
	}
	if got := s.Axes[1].Values[0]; got != 10 {
		t.Errorf("tau_d starts at %v", got)
	}
	if got := s.Axes[2].Values[7]; got != 2000 {
		t.Errorf("tau_f ends at %v", got)
	}
	m := s.Base.Monitors[0]
	if m.Target != "syn" || m.Every != 10 || !slices.Equal(m.Vars, []string{"u", "x", "s"}) {
		t.Errorf("monitor %+v", m)
	}
	if !slices.Equal(s.Base.Spikes, []string{"neu1", "neu2"}) {
		t.Errorf("spikes %v", s.Base.Spikes)
	}
}

// The BrainPy examples monitor exactly what their reference traces hold, for as many steps.
func TestExamplesMatchTraces(t *testing.T) {
	examples, _ := filepath.Glob("../examples/brainpy/*.toml")
	if len(examples) != 19 {
		t.Fatalf("%d examples, want 19", len(examples))
	}
	for _, f := range examples {
		name := strings.TrimSuffix(filepath.Base(f), ".toml")
		t.Run(name, func(t *testing.T) {
			s, err := Load(f, testCatalog)
			if err != nil {
				t.Fatal(err)
			}
			if s.Len() != 1 || len(s.Axes) != 0 {
				t.Fatalf("an example is one point; got %d", s.Len())
			}
			header := traceHeader(t, "../testdata/brainpy/"+name+".csv")
			got := monitoredColumns(t, &s.Base)
			if !slices.Equal(got, header) {
				t.Errorf("monitored columns\n got %v\nwant %v", got, header)
			}
			var meta struct {
				Steps int     `json:"steps"`
				Dt    float64 `json:"dt"`
			}
			data, err := os.ReadFile("../testdata/brainpy/" + name + ".meta.json")
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &meta); err != nil {
				t.Fatal(err)
			}
			if s.Base.Dt != meta.Dt || s.Base.Steps() != meta.Steps {
				t.Errorf("dt %v, %d steps; trace has dt %v, %d steps", s.Base.Dt, s.Base.Steps(), meta.Dt, meta.Steps)
			}
		})
	}
}

// traceHeader reads a trace's columns after t as (prefix, variable, count) groups, so the flat
// ("s[3]") and matrix ("s[0,1]") namings compare alike.
func traceHeader(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rec, err := csv.NewReader(bufio.NewReader(f)).Read()
	if err != nil {
		t.Fatal(err)
	}
	return columnGroups(rec[1:])
}

// columnGroups turns "s[0]", "s[1]", "neu1.V[0]" into "s x2", "neu1.V x1".
func columnGroups(cols []string) []string {
	var out []string
	var cur string
	n := 0
	for _, c := range cols {
		base := c[:strings.IndexByte(c, '[')]
		if base != cur && n > 0 {
			out = append(out, fmt.Sprintf("%s x%d", cur, n))
			n = 0
		}
		cur = base
		n++
	}
	if n > 0 {
		out = append(out, fmt.Sprintf("%s x%d", cur, n))
	}
	return out
}

// monitoredColumns lists what the network's monitors record in the traces' naming: a
// synapse's own variables bare, a population's prefixed with its name.
func monitoredColumns(t *testing.T, n *spec.Network) []string {
	t.Helper()
	size := map[string]int{}
	for _, p := range n.Populations {
		size[p.Name] = p.Size
	}
	perPost := map[string]bool{} // "projection.var" kept once per post neuron (BCM's threshold state)
	for _, pr := range n.Projections {
		info, _ := testCatalog.Model(pr.Model)
		for _, v := range info.State {
			perPost[pr.Name+"."+v.Name] = v.PerPost
		}
	}
	var out []string
	for _, m := range n.Monitors {
		count, prefix, post := size[m.Target], m.Target+".", 0
		for _, pr := range n.Projections {
			if pr.Name == m.Target {
				count, prefix, post = size[pr.Pre]*size[pr.Post], "", size[pr.Post]
			}
		}
		if len(m.Indices) > 0 {
			count = len(m.Indices)
		}
		for _, v := range m.Vars {
			c := count
			if prefix == "" && perPost[m.Target+"."+v] {
				c = post
			}
			out = append(out, fmt.Sprintf("%s%s x%d", prefix, v, c))
		}
	}
	return out
}

// A few examples carry the documents' exact settings.
func TestExampleSettings(t *testing.T) {
	load := func(name string) *spec.Network {
		s, err := Load("../examples/brainpy/"+name+".toml", testCatalog)
		if err != nil {
			t.Fatal(err)
		}
		return &s.Base
	}
	gj := load("000_gap_junction")
	if !slices.Equal(gj.Order, []string{"neu0", "neu1", "syn"}) || gj.Populations[1].Init["V"] != -10 ||
		gj.Populations[0].Params["t_refractory"] != 0 || gj.Projections[0].Init["w"] != 0.5 ||
		gj.Projections[0].Params["k_spikelet"] != 5 {
		t.Errorf("gap junction: %+v", gj)
	}
	if oja := load("001_oja"); oja.Dt != 0.02 || oja.Inputs[0].Op != "=" || len(oja.Inputs[0].Pieces[6].Value) != 2 {
		t.Errorf("001_oja: %+v", oja)
	}
	b0, b1 := load("000_bcm"), load("001_bcm")
	if b0.Projections[0].Params["w_max"] != 1 || b0.Projections[0].Init["w"] != 0.5 || b0.Populations[0].Params["leak"] != 0 {
		t.Errorf("000_bcm: %+v", b0.Projections[0])
	}
	if b1.Projections[0].Params["w_max"] != 2 || b1.Projections[0].Init["w"] != 1 || b1.Populations[0].Params != nil {
		t.Errorf("001_bcm: %+v", b1.Projections[0])
	}
	if got := len(b1.Inputs[0].Pieces); got != 40 {
		t.Errorf("001_bcm: %d segments, want 40 (2 repeated 20 times)", got)
	}
	if a := load("000_ampa"); a.Projections[0].Params["T_duration"] != 3 {
		t.Errorf("000_ampa: %+v", a.Projections[0])
	}
	if te := load("000_two_exponentials"); te.Projections[0].Params["tau1"] != 2 || te.Projections[0].Model != "TwoExponentials" {
		t.Errorf("000_two_exponentials: %+v", te.Projections[0])
	}
	stdp := load("000_stdp")
	total := 0.0
	for _, sg := range stdp.Inputs[1].Pieces {
		total += sg.Duration
	}
	if total != 300 {
		t.Errorf("000_stdp post pieces last %v ms", total)
	}
}

// sweeps/cuba.toml is Brian2's CUBA as its comments describe.
func TestCUBAFile(t *testing.T) {
	s, err := Load("../sweeps/cuba.toml", testCatalog)
	if err != nil {
		t.Fatal(err)
	}
	n := &s.Base
	if s.Len() != 1 || n.Dt != 0.1 || n.Duration != 1000 || n.Steps() != 10000 || n.Seed != 1 {
		t.Fatalf("%d points, dt %v, duration %v, seed %d", s.Len(), n.Dt, n.Duration, n.Seed)
	}
	if !slices.Equal(n.Spikes, []string{"exc", "inh"}) || !slices.Equal(n.Order, []string{"exc", "inh", "ee", "ei", "ie", "ii"}) {
		t.Errorf("spikes %v, order %v", n.Spikes, n.Order)
	}
	lif := map[string]float64{"tau": 20, "V_th": -50, "V_reset": -60, "V_rest": -49, "R": 1, "t_refractory": 5}
	for i, size := range []int{3200, 800} {
		p := n.Populations[i]
		if p.Model != "LIF" || p.Size != size || p.Method != "exp_euler" || !mapsEqual(p.Params, lif) ||
			p.InitRandom["V"] != (spec.Dist{Kind: "uniform", Min: -60, Max: -50}) || p.Init != nil {
			t.Errorf("population %+v", p)
		}
	}
	seeds := map[uint64]bool{}
	for _, pr := range n.Projections {
		tau, g := 5.0, 1.62
		if pr.Pre == "inh" {
			tau, g = 10, -9
		}
		if pr.Name != pr.Pre[:1]+pr.Post[:1] || pr.Model != "Exponential" || pr.Output != "current" || pr.Event == nil || !*pr.Event ||
			!mapsEqual(pr.Params, map[string]float64{"tau": tau, "g_max": g}) ||
			pr.Conn.Kind != "fixed_prob" || pr.Conn.Prob != 0.02 || pr.Conn.Seed == nil || pr.Conn.IncludeSelf != nil {
			t.Errorf("projection %+v", pr)
			continue
		}
		seeds[*pr.Conn.Seed] = true
	}
	if len(n.Projections) != 4 || len(seeds) != 4 {
		t.Errorf("%d projections, %d distinct seeds", len(n.Projections), len(seeds))
	}
}
