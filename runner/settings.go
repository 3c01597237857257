package runner

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	parquetio "github.com/spikesweep/spikesweep/io"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/sweep"
	"github.com/spikesweep/spikesweep/systems"
)

// FixedSettings lists every setting of the sweep's network that no axis sweeps, in the sweep
// file's terms, for the manifest: run settings, each object's model, size, connectivity, delay,
// every model parameter (defaults included and marked), initial values, and the inputs. A reader
// of a dataset (the report) can then say what was held constant, such as STP's w = 200 and the
// input of 28 in sweeps/stp.toml, not only what varied.
func FixedSettings(sw *sweep.Sweep) []parquetio.ManifestSetting {
	b := &sw.Base
	var out []parquetio.ManifestSetting
	under := func(axis, path string) bool {
		return axis == path || strings.HasPrefix(axis, path+"[") || strings.HasPrefix(axis, path+".")
	}
	swept := func(path string) bool {
		return slices.ContainsFunc(sw.Axes, func(a sweep.Axis) bool {
			return under(a.Path, path) || slices.ContainsFunc(a.Also, func(also string) bool { return under(also, path) })
		})
	}
	add := func(path, value, unit string, def bool) {
		if !swept(path) {
			out = append(out, parquetio.ManifestSetting{Path: path, Value: value, Unit: unit, Default: def})
		}
	}
	add("run.dt", num(b.Dt), "ms", false)
	add("run.duration", num(b.Duration), "ms", false)
	add("run.seed", strconv.FormatUint(b.Seed, 10), "", false)
	if len(b.Order) > 0 {
		add("run.order", strings.Join(b.Order, ", "), "", false)
	}
	// params lists a model's parameters; pop, for a population, may give some per neuron.
	params := func(name string, info *spec.ModelInfo, set, init map[string]float64, method string, pop *spec.Population) {
		if info == nil {
			return
		}
		if method != "" {
			add(name+".method", method, "", false)
		}
		for _, p := range info.Params {
			if pop != nil {
				if d, drawn := pop.ParamsRandom[p.Name]; drawn {
					add(name+"."+p.Name, distText(&d)+" (per neuron)", p.Unit, false)
					continue
				}
				if vals, listed := pop.ParamsPerNeuron[p.Name]; listed {
					add(name+"."+p.Name, values(vals)+" (per neuron)", p.Unit, false)
					continue
				}
			}
			v, ok := set[p.Name]
			if !ok {
				v = p.Default
			}
			add(name+"."+p.Name, num(v), p.Unit, !ok)
		}
		for _, v := range info.State {
			if x, ok := init[v.Name]; ok {
				add(name+".init."+v.Name, num(x), v.Unit, false)
			}
		}
	}
	// initDists lists initial values drawn per neuron or per synapse (each says which).
	initDists := func(name string, info *spec.ModelInfo, m map[string]spec.Dist, per string) {
		for _, v := range keysSorted(m) {
			d := m[v]
			unit, stored := "", per
			if info != nil {
				if vi, ok := info.Var(v); ok {
					unit = vi.Unit
					// A projection's variable shared by the synapses of one neuron is drawn per neuron.
					switch {
					case per == "(per synapse)" && (vi.PerPost || vi.SharedBy == "post"):
						stored = "(per post neuron)"
					case per == "(per synapse)" && vi.SharedBy == "pre":
						stored = "(per pre neuron)"
					}
				}
			}
			add(name+".init."+v, distText(&d)+" "+stored, unit, false)
		}
	}
	cat := systems.CatalogWith(b.Models)
	for _, p := range b.Populations {
		info, _ := cat.Model(p.Model)
		add(p.Name+".model", p.Model, "", false)
		add(p.Name+".size", strconv.Itoa(p.Size), "", false)
		params(p.Name, info, p.Params, p.Init, p.Method, &p)
		initDists(p.Name, info, p.InitRandom, "(per neuron)")
	}
	for _, p := range b.Projections {
		info, _ := cat.Model(p.Model)
		add(p.Name+".model", p.Model, "", false)
		add(p.Name+".pre", p.Pre, "", false)
		add(p.Name+".post", p.Post, "", false)
		conn := connText(p.Conn)
		if swept(p.Name + ".conn.prob") {
			conn = "fixed_prob (prob swept)"
		}
		out = append(out, parquetio.ManifestSetting{Path: p.Name + ".conn", Value: conn})
		switch {
		case p.DelayDist != nil:
			add(p.Name+".delay", distText(p.DelayDist)+" (per synapse)", "ms", false)
		case p.Delays != nil:
			add(p.Name+".delay", "per synapse, from "+filepath.Base(p.Conn.File), "ms", false)
		default:
			add(p.Name+".delay", num(p.Delay), "ms", false)
		}
		if info != nil && info.Jump && p.Output != "" {
			unit := Unit(b, p.Name+".weight")
			switch {
			case p.WeightDist != nil:
				add(p.Name+".weight", distText(p.WeightDist)+" (per synapse)", unit, false)
			case p.Weights != nil:
				add(p.Name+".weight", "per synapse, from "+filepath.Base(p.Conn.File), unit, false)
			default:
				add(p.Name+".weight", num(p.Weight), unit, false)
			}
		}
		if p.Output != "" {
			add(p.Name+".output", p.Output, "", false)
		}
		if p.Event != nil {
			add(p.Name+".event", strconv.FormatBool(*p.Event), "", false)
		}
		params(p.Name, info, p.Params, p.Init, p.Method, nil)
		initDists(p.Name, info, p.InitRandom, "(per synapse)")
	}
	for _, in := range b.Inputs {
		path := in.Target + "." + in.Var
		unit := Unit(b, path)
		op := in.Op
		if op == "" {
			op = "+"
		}
		switch {
		case in.Poisson != nil:
			d := in.Poisson
			add(path+".poisson.rate", num(d.Rate), "Hz", false)
			add(path+".poisson.n", num(d.N), "1", false)
			add(path+".poisson.weight", num(d.Weight), unit, false)
		case in.Pieces != nil:
			var parts []string
			for k, s := range in.Pieces {
				if k == 6 {
					parts = append(parts, fmt.Sprintf("… (%d pieces)", len(in.Pieces)))
					break
				}
				parts = append(parts, fmt.Sprintf("%s for %s ms", values(s.Value), num(s.Duration)))
			}
			text := strings.Join(parts, ", ") + " (op " + op + ")"
			if swept(path + ".pieces") {
				text += "; some pieces swept, values before the sweep"
			}
			out = append(out, parquetio.ManifestSetting{Path: path + ".pieces", Value: text, Unit: unit})
		case in.Series != nil:
			add(path+".csv", fmt.Sprintf("%s (%d rows, op %s)", filepath.Base(in.Source), len(in.Series), op), unit, false)
		default:
			add(path+".value", values(in.Value)+" (op "+op+")", unit, false)
		}
	}
	return out
}

// connText describes a projection's connectivity: "all2all", "fixed_prob 0.02", "explicit, 4 pairs".
func connText(c spec.Conn) string {
	kind := c.Kind
	if kind == "" {
		kind = "all2all"
	}
	switch kind {
	case "fixed_prob":
		return "fixed_prob " + num(c.Prob)
	case "explicit":
		return fmt.Sprintf("explicit, %d pairs", len(c.Pre))
	case "from_file":
		return fmt.Sprintf("from_file %s, %d synapses", filepath.Base(c.File), len(c.Pre))
	case "fixed_indegree", "fixed_outdegree":
		return fmt.Sprintf("%s, k %d%s", kind, c.K, degreeText(c))
	case "fixed_total":
		return fmt.Sprintf("fixed_total, n %d%s", c.N, degreeText(c))
	case "gaussian":
		layout := fmt.Sprintf("ring of %d", c.Grid[0])
		if len(c.Grid) == 2 {
			layout = fmt.Sprintf("%d x %d torus", c.Grid[0], c.Grid[1])
		}
		return fmt.Sprintf("gaussian, sigma %s, p_max %s, %s", num(c.Sigma), num(c.PMax), layout)
	case "all2all":
		if c.IncludeSelf != nil && !*c.IncludeSelf {
			return "all2all without self-connections"
		}
	}
	return kind
}

// degreeText adds the options of the degree rules: ", allow_multiple", ", seed 7".
func degreeText(c spec.Conn) string {
	out := ""
	if c.IncludeSelf != nil && !*c.IncludeSelf {
		out += ", without self-connections"
	}
	if c.AllowMultiple {
		out += ", allow_multiple"
	}
	if c.Seed != nil {
		out += ", seed " + strconv.FormatUint(*c.Seed, 10)
	}
	return out
}

// distText describes a distribution: "normal, mean 1, sd 0.1, in [0, 2]".
func distText(d *spec.Dist) string {
	var out string
	switch d.Kind {
	case "uniform":
		return fmt.Sprintf("uniform in [%s, %s]", num(d.Min), num(d.Max))
	case "lognormal":
		out = fmt.Sprintf("lognormal, log mean %s, log sd %s", num(d.Mean), num(d.Std))
	default:
		out = fmt.Sprintf("%s, mean %s, sd %s", d.Kind, num(d.Mean), num(d.Std))
	}
	if d.Lo != nil || d.Hi != nil {
		lo, hi := "-inf", "inf"
		if d.Lo != nil {
			lo = num(*d.Lo)
		}
		if d.Hi != nil {
			hi = num(*d.Hi)
		}
		out += fmt.Sprintf(", in [%s, %s]", lo, hi)
	}
	return out
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// values prints one value or a short list: "28", "[2, 2]", "[0, 1, 2, … 100 values]".
func values(v []float64) string {
	if len(v) == 1 {
		return num(v[0])
	}
	var parts []string
	for i, x := range v {
		if i == 4 {
			parts = append(parts, fmt.Sprintf("… %d values", len(v)))
			break
		}
		parts = append(parts, num(x))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
