package sweep

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/spikesweep/spikesweep/spec"
)

// settings flattens what a sweep computes into "key: value" pairs: the network with every model
// parameter made explicit (a default written out or left out is the same sweep), the axes, the
// mode and the repeats, and each CSV input's rows, spike-time file and connectivity file as a
// digest. The file's name, comments and
// layout are not part of it. Keys name objects by their names, e.g. "syn.params.tau",
// "run.dt", "axis[syn.U].values", "input[0].series".
func settings(sw *Sweep, cat spec.Catalog) map[string]string {
	out := map[string]string{}
	n := &sw.Base
	put := func(k string, v any) { out[k] = formatValue(v) }
	put("run.dt", n.Dt)
	put("run.duration", n.Duration)
	put("run.seed", n.Seed)
	put("run.order", n.Order)
	put("spikes", n.Spikes)
	withDefaults := func(model string, set map[string]float64) map[string]float64 {
		all := map[string]float64{}
		if info, ok := cat.Model(model); ok {
			for _, p := range info.Params {
				all[p.Name] = p.Default
			}
		}
		for k, v := range set {
			all[k] = v
		}
		return all
	}
	// Models written as equations (inline or from model_files) are part of what is computed:
	// their text, parameters, method and all.
	for _, d := range n.Models {
		flatten(out, "model."+d.Name, reflect.ValueOf(d))
	}
	// Files (spike times, from_file connectivity) count by their contents, as a digest: editing one
	// makes another sweep, renaming it does not, and a manifest does not list a million synapses.
	for _, p := range n.Populations {
		q := p
		q.Params = withDefaults(p.Model, p.Params)
		if sw.timesFile[p.Name] {
			q.SpikeTimes = nil
			out[p.Name+".times_file"] = spikeTimesDigest(p.SpikeTimes)
		}
		q.ParamsPerNeuron = nil
		flatten(out, p.Name, reflect.ValueOf(q))
		// A parameter given per neuron: its list, or for a long one a digest of it. (Its
		// distribution, ParamsRandom, is flattened with the rest: kind, arguments and bounds.)
		for k, vals := range p.ParamsPerNeuron {
			key := p.Name + ".paramsperneuron." + k
			if len(vals) > maxListedValues {
				out[key] = seriesDigest([][]float64{vals})
			} else {
				put(key, vals)
			}
		}
	}
	for _, p := range n.Projections {
		q := p
		q.Params = withDefaults(p.Model, p.Params)
		if p.Conn.File != "" {
			q.Conn.Pre, q.Conn.Post, q.Conn.File = nil, nil, ""
			q.Weights, q.Delays = nil, nil
			out[p.Name+".conn.file"] = connFileDigest(&p)
		}
		flatten(out, p.Name, reflect.ValueOf(q))
	}
	for i, in := range n.Inputs {
		key := fmt.Sprintf("input[%d]", i)
		series := in.Series
		in.Series, in.Source = nil, "" // the CSV's path is not what is computed; its rows are
		flatten(out, key, reflect.ValueOf(in))
		if series != nil {
			out[key+".series"] = seriesDigest(series)
		}
	}
	for i, m := range n.Monitors {
		flatten(out, fmt.Sprintf("monitor[%d]", i), reflect.ValueOf(m))
	}
	for _, a := range sw.Axes {
		if len(a.Values) > maxListedValues {
			out["axis["+a.Path+"].values"] = seriesDigest([][]float64{a.Values})
		} else {
			put("axis["+a.Path+"].values", a.Values)
		}
		put("axis["+a.Path+"].source", a.Source)
		if len(a.Also) > 0 {
			put("axis["+a.Path+"].also", a.Also)
		}
	}
	// A swept setting's base value is never used: leave it out, so that editing it does not make
	// another sweep.
	var swept []string
	for _, a := range sw.Axes {
		swept = append(swept, a.Path)
		swept = append(swept, a.Also...)
	}
	for _, path := range swept {
		parts := strings.Split(path, ".")
		switch {
		case parts[0] == "run":
			delete(out, path)
		case len(parts) == 2:
			delete(out, parts[0]+".params."+parts[1])
			delete(out, path)
		case len(parts) == 3 && parts[1] == "init":
			delete(out, path)
		case len(parts) == 3:
			// <population>.<param>.<kind>[i], a per-neuron parameter's distribution.
			if kind, i, ok1, ok2 := splitIndex(parts[2]); ok1 && ok2 && i < 2 {
				if names, known := distArgs[kind]; known {
					field := map[string]string{"min": "min", "max": "max", "mean": "mean", "std": "std", "mu": "mean", "sigma": "std"}[names[i]]
					delete(out, parts[0]+".paramsrandom."+parts[1]+"."+field)
				}
			}
		}
	}
	put("sweep.mode", string(sw.Mode))
	put("sweep.repeats", sw.Repeats)
	// every_ms is kept apart from the network (it is converted per point's dt).
	for i, ms := range sw.everyMs {
		if ms > 0 {
			put(fmt.Sprintf("monitor[%d].every_ms", i), ms)
		}
	}
	for i, n := range sw.pieceLen {
		put(fmt.Sprintf("input[%d].pieces_before_repeat", i), n)
	}
	return out
}

// maxListedValues bounds the values an axis lists in the settings (and so in the manifest);
// a longer axis is kept as a digest.
const maxListedValues = 1000

// flatten adds v's fields under prefix, with lower-case field names; zero values are left out so
// that a field added to spec later does not change the identity of existing sweeps.
func flatten(out map[string]string, prefix string, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			flatten(out, prefix, v.Elem())
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				flatten(out, prefix+"."+strings.ToLower(t.Field(i).Name), v.Field(i))
			}
		}
	case reflect.Map:
		keys := v.MapKeys()
		for _, k := range keys {
			flatten(out, prefix+"."+k.String(), v.MapIndex(k))
		}
	case reflect.Slice:
		if v.Len() == 0 {
			return
		}
		if v.Type().Elem().Kind() == reflect.Struct {
			for i := range v.Len() {
				flatten(out, fmt.Sprintf("%s[%d]", prefix, i), v.Index(i))
			}
			return
		}
		out[prefix] = formatValue(v.Interface())
	default:
		if !v.IsZero() {
			out[prefix] = formatValue(v.Interface())
		}
	}
}

// formatValue writes numbers in their shortest exact form and lists as [a b c].
func formatValue(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []float64:
		parts := make([]string, len(x))
		for i, f := range x {
			parts[i] = strconv.FormatFloat(f, 'g', -1, 64)
		}
		return "[" + strings.Join(parts, " ") + "]"
	case string:
		return strconv.Quote(x)
	case []string:
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	return fmt.Sprint(v)
}

// seriesDigest stands for a CSV input's rows: their count and the SHA-256 of their values' bits.
func seriesDigest(rows [][]float64) string {
	h := sha256.New()
	var b [8]byte
	for _, r := range rows {
		binary.LittleEndian.PutUint64(b[:], uint64(len(r)))
		h.Write(b[:])
		for _, x := range r {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
			h.Write(b[:])
		}
	}
	if len(rows) == 1 {
		return fmt.Sprintf("%d values, sha256 %.16x", len(rows[0]), h.Sum(nil))
	}
	return fmt.Sprintf("%d rows, sha256 %.16x", len(rows), h.Sum(nil))
}

// spikeTimesDigest stands for a SpikeTimes population's times read from a file.
func spikeTimesDigest(times [][]float64) string {
	h := sha256.New()
	var b [8]byte
	spikes := 0
	for _, ts := range times {
		spikes += len(ts)
		binary.LittleEndian.PutUint64(b[:], uint64(len(ts)))
		h.Write(b[:])
		for _, t := range ts {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(t))
			h.Write(b[:])
		}
	}
	return fmt.Sprintf("%d neurons, %d spikes, sha256 %.16x", len(times), spikes, h.Sum(nil))
}

// connFileDigest stands for a from_file projection's synapses: pairs, and weights and delays when
// the file has them.
func connFileDigest(pr *spec.Projection) string {
	h := sha256.New()
	var b [8]byte
	put := func(x uint64) {
		binary.LittleEndian.PutUint64(b[:], x)
		h.Write(b[:])
	}
	cols := "pre, post"
	put(uint64(len(pr.Conn.Pre)))
	for i := range pr.Conn.Pre {
		put(uint64(pr.Conn.Pre[i]))
		put(uint64(pr.Conn.Post[i]))
	}
	for _, c := range []struct {
		name string
		v    []float64
	}{{"weight", pr.Weights}, {"delay", pr.Delays}} {
		if c.v == nil {
			put(0)
			continue
		}
		cols += ", " + c.name
		put(uint64(len(c.v)) + 1)
		for _, x := range c.v {
			put(math.Float64bits(x))
		}
	}
	return fmt.Sprintf("%d synapses (%s), sha256 %.16x", len(pr.Conn.Pre), cols, h.Sum(nil))
}

// identityHash is the hex SHA-256 of the sorted settings.
func identityHash(set map[string]string) string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%s\x00%s\n", k, set[k])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// DiffSettings lists the settings in which two sweeps differ, as "key: A here, B in OTHER"
// lines, at most max of them (then "... and N more"). here and there are [Sweep.Settings] maps.
func DiffSettings(here, there map[string]string, other string, max int) []string {
	keys := map[string]bool{}
	for k := range here {
		keys[k] = true
	}
	for k := range there {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		if here[k] != there[k] {
			sorted = append(sorted, k)
		}
	}
	sort.Strings(sorted)
	var out []string
	for i, k := range sorted {
		if i == max {
			out = append(out, fmt.Sprintf("... and %d more", len(sorted)-max))
			break
		}
		a, ok := here[k]
		if !ok {
			a = "(not set)"
		}
		b, ok := there[k]
		if !ok {
			b = "(not set)"
		}
		out = append(out, fmt.Sprintf("%s: %s here, %s in %s", k, a, b, other))
	}
	return out
}
