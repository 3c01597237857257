package sweep

import (
	"bytes"
	"cmp"
	"errors"
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
}

// withModels is a catalog extended by the models a sweep file defines.
type withModels struct {
	base   spec.Catalog
	infos  []*spec.ModelInfo
	broken []string // models defined with errors
}

// modelBroken reports whether a [[model]] table defines name but has errors.
func (p *parser) modelBroken(name string) bool {
	c, ok := p.cat.(withModels)
	return ok && slices.ContainsFunc(c.broken, func(b string) bool { return normalizeModel(b) == normalizeModel(name) })
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
	cat := &withModels{base: p.cat}
	for i, f := range p.doc.ModelFiles {
		q := p.modelFile(indexKey("model_files", i), f)
		if q == nil {
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
			Threshold: dm.Threshold, Reset: dm.Reset, Method: dm.Method}
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
		if strings.TrimSpace(dm.Equations) == "" {
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
			def.Vars = append(def.Vars, equations.Var{Name: k, Init: x, Unit: unit, InitExpr: expr})
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
		key := joinKey(path, e.Field)
		switch e.Field {
		case "equations", "threshold", "reset", "refractory":
			at, ok := p.insideString(key, e.Offset)
			if !ok {
				p.errorf(key, "%s", e.Msg)
				continue
			}
			obj, k := p.label(key)
			p.errs = append(p.errs, &Error{File: p.file, Line: at.Line, Col: at.Col, Object: obj, Key: k, Msg: e.Msg})
		default:
			p.errorf(key, "%s", e.Msg)
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
