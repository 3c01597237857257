package sweep

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/spikesweep/spikesweep/equations"
	"github.com/spikesweep/spikesweep/spec"
)

// docModel is a [[model]] table: a neuron model written as equations (FORMAT.md, "Your own
// model").
type docModel struct {
	Name       string         `toml:"name"`
	Kind       string         `toml:"kind"`
	Doc        string         `toml:"doc"`
	Params     map[string]any `toml:"params"` // a number, or "value unit" ("10 ms")
	Vars       map[string]any `toml:"vars"`   // a number, "value unit", or an expression of the params ("V_rest")
	Equations  string         `toml:"equations"`
	Threshold  string         `toml:"threshold"`
	Reset      string         `toml:"reset"`
	Refractory any            `toml:"refractory"` // ms: a number, or an expression of the params
	Method     string         `toml:"method"`
	// Synapses (kind = "synapse").
	Shared     map[string]any `toml:"shared"` // variable -> "pre" or "post"
	OnPre      string         `toml:"on_pre"`
	OnPost     string         `toml:"on_post"`
	Output     string         `toml:"output"`
	EventOrder string         `toml:"event_order"`
}

// withModels is a catalog extended by the models a sweep file defines.
type withModels struct {
	base   spec.Catalog
	infos  []*spec.ModelInfo
	broken []string // models defined with errors
	// fileFailed: a model file could not be read; the models it defines are unknown, not wrong
	fileFailed bool
	// synapses are the synapse models defined, by normalised name, with where their text is
	synapses map[string]*modelText
}

// modelText is a parsed model and the table that wrote it (in this file or a model file).
type modelText struct {
	p     *parser
	path  string
	model *equations.Model
}

// modelBroken reports whether a [[model]] table defines name but has errors.
func (p *parser) modelBroken(name string) bool {
	c, ok := p.cat.(withModels)
	return ok && (c.fileFailed || slices.ContainsFunc(c.broken, func(b string) bool { return normalizeModel(b) == normalizeModel(name) }))
}

func normalizeModel(name string) string { return strings.ReplaceAll(strings.ToLower(name), "_", "") }

func (c withModels) Model(name string) (*spec.ModelInfo, bool) {
	for _, m := range c.infos {
		if normalizeModel(m.Name) == normalizeModel(name) {
			return m, true
		}
	}
	return c.base.Model(name)
}

func (c withModels) Names() []string {
	names := slices.Clone(c.base.Names())
	for _, m := range c.infos {
		names = append(names, m.Name)
	}
	slices.Sort(names)
	return names
}

// buildModels reads the [[model]] tables, checks each model's text (errors point at the line
// and column inside the equations), and extends the catalog the rest of the file is checked
// against.
func (p *parser) buildModels() {
	if len(p.doc.Model) == 0 && len(p.doc.ModelFiles) == 0 {
		return
	}
	cat := &withModels{base: p.cat, synapses: map[string]*modelText{}}
	for i, f := range p.doc.ModelFiles {
		q := p.modelFile(indexKey("model_files", i), f)
		if q == nil {
			cat.fileFailed = true
			continue
		}
		q.defineModels(cat)
		p.errs = append(p.errs, q.errs...)
		p.net.Models = append(p.net.Models, q.net.Models...)
	}
	p.defineModels(cat)
	p.cat = *cat
}

// modelFile reads a file of [[model]] tables (shared by several sweep files) into a parser of
// its own, so its errors name that file.
func (p *parser) modelFile(key, name string) *parser {
	full := name
	if !filepath.IsAbs(full) {
		full = filepath.Join(p.baseDir, name)
	}
	data, err := os.ReadFile(full)
	if err != nil {
		p.errorf(key, "cannot read the model file: %v", err)
		return nil
	}
	q := &parser{file: filepath.Join(filepath.Dir(p.file), name), baseDir: filepath.Dir(full), cat: p.cat}
	q.idx, _ = indexPositions(data)
	if q.singleTables() {
		p.errs = append(p.errs, q.errs...)
		return nil
	}
	// keys of a sweep file in a model file: said so, not listed as unknown among the sweep
	// file's own keys
	var top map[string]any
	if toml.Unmarshal(data, &top) == nil {
		for _, k := range sortedKeys(top) {
			if k != "model" {
				q.errorf(k, "a model file holds [[model]] tables only; %s belongs in the sweep file", k)
			}
		}
		if len(q.errs) > 0 {
			p.errs = append(p.errs, q.errs...)
			return nil
		}
	}
	var doc struct {
		Model []docModel `toml:"model"`
	}
	if err := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields().Decode(&doc); err != nil {
		q.fromTOML(err)
		p.errs = append(p.errs, q.errs...)
		return nil
	}
	if len(doc.Model) == 0 {
		p.errorf(key, "%s defines no [[model]] table", name)
		return nil
	}
	q.doc.Model = doc.Model
	return q
}

// defineModels adds the models of this parser's [[model]] tables to cat.
func (p *parser) defineModels(cat *withModels) {
	for i := range p.doc.Model {
		dm := &p.doc.Model[i]
		path := indexKey("model", i)
		def := &equations.Def{Name: dm.Name, Kind: cmp.Or(dm.Kind, "neuron"), Doc: dm.Doc, Equations: dm.Equations,
			Threshold: dm.Threshold, Reset: dm.Reset, Method: dm.Method,
			OnPre: dm.OnPre, OnPost: dm.OnPost, Output: dm.Output, EventOrder: dm.EventOrder}
		switch {
		case dm.Name == "":
			p.errorf(joinKey(path, "name"), "missing name")
			continue
		case !identRE.MatchString(dm.Name):
			p.errorf(joinKey(path, "name"), "%q is not a valid model name (use letters, digits and _, not starting with a digit)", dm.Name)
			continue
		}
		if _, builtin := p.cat.Model(dm.Name); builtin {
			p.errorf(joinKey(path, "name"), "%q is a built-in model; give yours another name", dm.Name)
			continue
		}
		if _, dup := cat.Model(dm.Name); dup {
			p.errorf(joinKey(path, "name"), "a second model named %q", dm.Name)
			continue
		}
		if strings.TrimSpace(dm.Equations) == "" && def.Kind != "synapse" {
			p.errorf(joinKey(path, "equations"), "missing equations (for example \"dV/dt = (V_rest - V + input)/tau\")")
			cat.broken = append(cat.broken, dm.Name)
			continue
		}
		ok := true
		for _, k := range p.keysInFileOrder(joinKey(path, "params"), dm.Params) {
			x, unit, expr := splitQuantity(dm.Params[k])
			if expr != "" || (x == 0 && unit == "" && !isNumber(dm.Params[k])) {
				p.errorf(joinKey(joinKey(path, "params"), k), "a parameter's default is a number, or a number and a unit (\"10 ms\"), got %v", dm.Params[k])
				ok = false
				continue
			}
			if math.IsNaN(x) || math.IsInf(x, 0) {
				p.errorf(joinKey(joinKey(path, "params"), k), "value %v is not finite", x)
				ok = false
				continue
			}
			if msg := foreignUnit(x, unit); msg != "" {
				p.errorf(joinKey(joinKey(path, "params"), k), "%q: %s", dm.Params[k], msg)
				ok = false
				continue
			}
			def.Params = append(def.Params, equations.Param{Name: k, Default: x, Unit: unit})
		}
		for _, k := range p.keysInFileOrder(joinKey(path, "vars"), dm.Vars) {
			x, unit, expr := splitQuantity(dm.Vars[k])
			if expr == "" && x == 0 && unit == "" && !isNumber(dm.Vars[k]) {
				p.errorf(joinKey(joinKey(path, "vars"), k), "an initial value is a number, \"value unit\" or an expression of the parameters, got %v", dm.Vars[k])
				ok = false
				continue
			}
			if math.IsNaN(x) || math.IsInf(x, 0) {
				p.errorf(joinKey(joinKey(path, "vars"), k), "value %v is not finite", x)
				ok = false
				continue
			}
			if msg := foreignUnit(x, unit); expr == "" && msg != "" {
				p.errorf(joinKey(joinKey(path, "vars"), k), "%q: %s", dm.Vars[k], msg)
				ok = false
				continue
			}
			def.Vars = append(def.Vars, equations.Var{Name: k, Init: x, Unit: unit, InitExpr: expr})
		}
		for _, k := range p.keysInFileOrder(joinKey(path, "shared"), dm.Shared) {
			key := joinKey(joinKey(path, "shared"), k)
			side, isText := dm.Shared[k].(string)
			j := slices.IndexFunc(def.Vars, func(v equations.Var) bool { return v.Name == k })
			switch {
			case def.Kind != "synapse":
				p.errorf(key, "only a synapse's variables can be shared by the pre or post neuron")
			case j < 0:
				p.errorf(key, "%s is not one of the vars%s", k, didYouMean(k, sortedKeys(dm.Vars)))
			case !isText || (side != "pre" && side != "post"):
				p.errorf(key, "a variable is shared by the \"pre\" or the \"post\" neuron, got %v", dm.Shared[k])
			default:
				def.Vars[j].SharedBy = side
				continue
			}
			ok = false
		}
		switch r := dm.Refractory.(type) {
		case nil:
		case string:
			def.Refractory = r
		default:
			x, msg := finiteNumber(r)
			if msg != "" {
				p.errorf(joinKey(path, "refractory"), "%s", msg)
				ok = false
			}
			def.Refractory = equations.FormatNumber(x)
		}
		if !ok {
			cat.broken = append(cat.broken, dm.Name)
			continue
		}
		m, err := equations.Parse(def)
		if err != nil {
			p.equationErrors(path, err)
			cat.broken = append(cat.broken, dm.Name)
			continue
		}
		cat.infos = append(cat.infos, spec.InfoFromEquations(m))
		if m.IsSynapse() {
			cat.synapses[normalizeModel(dm.Name)] = &modelText{p: p, path: path, model: m}
		}
		p.net.Models = append(p.net.Models, def)
	}
}

func isNumber(v any) bool {
	switch v.(type) {
	case int64, float64:
		return true
	}
	return false
}

// splitQuantity reads a number, "value unit" ("10 ms", "-65 mV"), or else an expression.
// foreignUnits are the units of time, potential and rate other than spikesweep's (ms, mV and
// kHz, that is 1/ms), with what one of them is in those.
var foreignUnits = map[string]struct {
	factor float64
	unit   string
}{
	"second": {1000, "ms"}, "s": {1000, "ms"}, "us": {1e-3, "ms"}, "usecond": {1e-3, "ms"},
	"ns": {1e-6, "ms"}, "nsecond": {1e-6, "ms"}, "minute": {60000, "ms"}, "hour": {3.6e6, "ms"},
	"volt": {1000, "mV"}, "V": {1000, "mV"}, "uV": {1e-3, "mV"}, "uvolt": {1e-3, "mV"},
	"Hz": {1e-3, "kHz"}, "hertz": {1e-3, "kHz"},
}

// foreignUnit explains why a value written "x unit" cannot be taken as written, or is "": a
// model's numbers are not converted (units are nominal), but its equations compute in ms and mV
// (second is 1000 there), so 0.02 second would silently be 0.02 ms.
func foreignUnit(x float64, unit string) string {
	words := strings.FieldsFunc(unit, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') })
	for _, w := range words {
		f, ok := foreignUnits[w]
		if !ok {
			continue
		}
		if strings.TrimSpace(unit) == w {
			return fmt.Sprintf("a model's numbers are taken as written, and its equations compute in ms, mV and kHz (1/ms); write \"%s %s\"",
				strconv.FormatFloat(x*f.factor, 'g', 12, 64), f.unit)
		}
		return fmt.Sprintf("a model's numbers are taken as written, and its equations compute in ms, mV and kHz (1/ms); write it in those (%s is %s %s)",
			w, strconv.FormatFloat(f.factor, 'g', -1, 64), f.unit)
	}
	return ""
}

func splitQuantity(v any) (x float64, unit, expr string) {
	switch v := v.(type) {
	case int64:
		return float64(v), "", ""
	case float64:
		return v, "", ""
	case string:
		f := strings.Fields(v)
		if len(f) > 0 {
			if x, err := strconv.ParseFloat(f[0], 64); err == nil {
				return x, strings.Join(f[1:], " "), ""
			}
		}
		return 0, "", strings.TrimSpace(v)
	}
	return 0, "", ""
}

// keysInFileOrder lists a table's keys in the order the file writes them.
func (p *parser) keysInFileOrder(path string, m map[string]any) []string {
	keys := sortedKeys(m)
	slices.SortStableFunc(keys, func(a, b string) int {
		pa, pb := p.idx.at(joinKey(path, a)), p.idx.at(joinKey(path, b))
		return cmp.Or(cmp.Compare(pa.Line, pb.Line), cmp.Compare(pa.Col, pb.Col))
	})
	return keys
}

// equationErrors turns a model's errors into file errors, placed inside the model's text.
func (p *parser) equationErrors(path string, err error) {
	var list equations.ErrorList
	if !errors.As(err, &list) {
		p.errorf(path, "%v", err)
		return
	}
	for _, e := range list {
		p.errs = append(p.errs, p.textError(path, e.Field, e.Offset, e.Msg))
	}
}

// textError is an error at byte offset off of a model's text field (or at the field's key).
func (p *parser) textError(path, field string, off int, msg string) *Error {
	key := joinKey(path, field)
	switch field {
	case "equations", "threshold", "reset", "refractory", "on_pre", "on_post", "output":
		if at, ok := p.insideString(key, off); ok {
			obj, k := p.label(key)
			return &Error{File: p.file, Line: at.Line, Col: at.Col, Object: obj, Key: k, Msg: msg}
		}
	}
	at := p.idx.at(key)
	obj, k := p.label(key)
	return &Error{File: p.file, Line: at.Line, Col: at.Col, Object: obj, Key: k, Msg: msg}
}

// checkSynapseSides checks, for each projection of a synapse model defined from equations, that
// the pre and post groups have the variables its text names (V_post, spike_pre), and reports a
// missing one at its place in the model's text.
func (p *parser) checkSynapseSides() {
	c, ok := p.cat.(withModels)
	if !ok {
		return
	}
	for i := range p.doc.Projection {
		d := &p.doc.Projection[i]
		mt := c.synapses[normalizeModel(d.Model)]
		if mt == nil {
			continue
		}
		if p.net.Projections[i].DelayDist != nil {
			p.errorf(joinKey(indexKey("projection", i), "delay"), "a synapse defined by equations has one delay (a number of ms) for all its synapses; a distribution of delays is for delta synapses")
		}
		for _, ref := range mt.model.SideRefs() {
			group := d.Pre
			if ref.Side == "post" {
				group = d.Post
			}
			o := p.objects[group]
			if o == nil || o.info == nil || o.proj {
				continue // reported at the projection
			}
			v, found := o.info.Var(ref.Var)
			switch {
			case !found && ref.Fires:
				p.errs = append(p.errs, mt.p.textError(mt.path, ref.Field, ref.Offset,
					fmt.Sprintf("%s runs when a %s neuron fires, but the %s group %q of projection %q (model %s) has no spikes", ref.Field, ref.Side, ref.Side, group, d.Name, o.info.Name)))
			case !found:
				p.errs = append(p.errs, mt.p.textError(mt.path, ref.Field, ref.Offset,
					fmt.Sprintf("%s_%s: the %s group %q of projection %q (model %s) has no variable %s (it has %s)%s",
						ref.Var, ref.Side, ref.Side, group, d.Name, o.info.Name, ref.Var, strings.Join(varNames(o.info), ", "), didYouMean(ref.Var, varNames(o.info)))))
			case ref.Write && v.Bool:
				p.errs = append(p.errs, mt.p.textError(mt.path, ref.Field, ref.Offset,
					fmt.Sprintf("%s_%s is a flag of the %s group %q; a synapse cannot change it", ref.Var, ref.Side, ref.Side, group)))
			}
		}
	}
}

// insideString is the file position of byte offset off inside the string value at path: after
// the opening quotes (and the new line a multi-line string trims). Escape sequences in a basic
// string shift the column; literal and multi-line strings without escapes are exact.
func (p *parser) insideString(path string, off int) (pos, bool) {
	e, ok := p.idx.entries[path]
	if !ok || !e.set || e.val.Line < 1 || e.val.Line > len(p.idx.lines) {
		return pos{}, false
	}
	start := p.idx.lines[e.val.Line-1] + e.val.Col - 1
	data := p.idx.data
	switch {
	case strings.HasPrefix(string(data[start:min(start+3, len(data))]), `"""`), strings.HasPrefix(string(data[start:min(start+3, len(data))]), `'''`):
		start += 3
		if start < len(data) && data[start] == '\n' {
			start++
		} else if start+1 < len(data) && data[start] == '\r' && data[start+1] == '\n' {
			start += 2
		}
	case start < len(data) && (data[start] == '"' || data[start] == '\''):
		start++
	default:
		return pos{}, false
	}
	return p.idx.offsetPos(min(start+off, len(data))), true
}
