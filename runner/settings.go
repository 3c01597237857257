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
	swept := func(path string) bool {
		return slices.ContainsFunc(sw.Axes, func(a sweep.Axis) bool {
			return a.Path == path || strings.HasPrefix(a.Path, path+"[") || strings.HasPrefix(a.Path, path+".")
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
	params := func(name string, info *spec.ModelInfo, set, init map[string]float64, method string) {
		if info == nil {
			return
		}
		if method != "" {
			add(name+".method", method, "", false)
		}
		for _, p := range info.Params {
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
	cat := systems.CatalogWith(b.Models)
	for _, p := range b.Populations {
		info, _ := cat.Model(p.Model)
		add(p.Name+".model", p.Model, "", false)
		add(p.Name+".size", strconv.Itoa(p.Size), "", false)
		params(p.Name, info, p.Params, p.Init, p.Method)
		for _, v := range keysSorted(p.InitRandom) {
			d := p.InitRandom[v]
			text := fmt.Sprintf("uniform in [%s, %s]", num(d.Min), num(d.Max))
			if d.Kind == "normal" {
				text = fmt.Sprintf("normal, mean %s, sd %s", num(d.Mean), num(d.Std))
			}
			unit := ""
			if info != nil {
				if vi, ok := info.Var(v); ok {
					unit = vi.Unit
				}
			}
			add(p.Name+".init."+v, text+" (per neuron)", unit, false)
		}
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
		add(p.Name+".delay", num(p.Delay), "ms", false)
		if p.Output != "" {
			add(p.Name+".output", p.Output, "", false)
		}
		if p.Event != nil {
			add(p.Name+".event", strconv.FormatBool(*p.Event), "", false)
		}
		params(p.Name, info, p.Params, p.Init, p.Method)
	}
	for _, in := range b.Inputs {
		path := in.Target + "." + in.Var
		unit := Unit(b, path)
		op := in.Op
		if op == "" {
			op = "+"
		}
		switch {
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
