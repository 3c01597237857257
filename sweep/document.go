package sweep

import (
	"reflect"
	"slices"
	"strings"
)

// The document types mirror the TOML file one to one; go-toml decodes into them in strict mode,
// so a key they lack is an error. Keys that may hold values of several shapes (a number or an
// array, a string or a table) are `any` and checked by hand. Pointers mark keys whose absence
// matters. FORMAT.md documents every key.

type docFile struct {
	Run        *docRun      `toml:"run"`
	Population []docPop     `toml:"population"`
	Projection []docProj    `toml:"projection"`
	Input      []docInput   `toml:"input"`
	Monitor    []docMonitor `toml:"monitor"`
	Spikes     any          `toml:"spikes"` // ["a", "b"] or [spikes] populations = [...]
	Analysis   *docAnalysis `toml:"analysis"`
	Sweep      *docSweep    `toml:"sweep"`
	Model      []docModel   `toml:"model"`       // sweep/model.go
	ModelFiles []string     `toml:"model_files"` // files of [[model]] tables, relative to this file
}

type docRun struct {
	Dt       *float64          `toml:"dt"`
	Duration *float64          `toml:"duration"`
	Seed     uint64            `toml:"seed"`
	Order    []string          `toml:"order"`
	Method   map[string]string `toml:"method"`
}

type docPop struct {
	Name   string         `toml:"name"`
	Model  string         `toml:"model"`
	Size   *int           `toml:"size"`
	Params map[string]any `toml:"params"`
	Init   map[string]any `toml:"init"` // a number, or { uniform = [min, max] } / { normal = [mean, std] }
	Method string         `toml:"method"`
	// Times, TimesFile (CSV or Parquet) and TimesCSV (TimesFile's older name) give a SpikeTimes
	// population's spikes (source.go).
	Times     any    `toml:"times"`
	TimesFile string `toml:"times_file"`
	TimesCSV  string `toml:"times_csv"`
}

type docProj struct {
	Name   string         `toml:"name"`
	Model  string         `toml:"model"`
	Pre    string         `toml:"pre"`
	Post   string         `toml:"post"`
	Conn   any            `toml:"conn"`   // "all2all" or { kind = ..., ... }
	Delay  any            `toml:"delay"`  // ms: a number, or a distribution (delta synapses)
	Weight any            `toml:"weight"` // a number, or a distribution (delta synapses)
	Params map[string]any `toml:"params"`
	Init   map[string]any `toml:"init"`
	Method string         `toml:"method"`
	Output string         `toml:"output"` // "current" or "conductance"
	Event  *bool          `toml:"event"`  // absent: automatic
}

type docInput struct {
	Target string `toml:"target"`
	Var    string `toml:"var"`
	Op     string `toml:"op"`
	Value  any    `toml:"value"`  // number or array of numbers
	Pieces any    `toml:"pieces"` // [[value, duration], ...]; value a number or an array
	Repeat *int   `toml:"repeat"` // pieces repeated this many times
	CSV    string `toml:"csv"`
	// Poisson is an external Poisson drive, instead of value, pieces or csv (drive.go).
	Poisson *docPoisson `toml:"poisson"`
}

type docPoisson struct {
	Rate   any `toml:"rate"`   // Hz
	N      any `toml:"n"`      // number of processes
	Weight any `toml:"weight"` // added per event
}

type docMonitor struct {
	Name    string   `toml:"name"`
	Target  string   `toml:"target"`
	Vars    []string `toml:"vars"`
	Every   *int     `toml:"every"`
	EveryMs *float64 `toml:"every_ms"`
	Indices []int    `toml:"indices"`
	Dtype   string   `toml:"dtype"`
}

type docSweep struct {
	Mode    string    `toml:"mode"`
	Repeats *int      `toml:"repeats"`
	Axis    []docAxis `toml:"axis"`
}

type docAxis struct {
	Path     string     `toml:"path"`
	Values   []float64  `toml:"values"`
	Linspace *docSpace  `toml:"linspace"`
	Logspace *docSpace  `toml:"logspace"`
	Random   *docRandom `toml:"random"`
	// Also lists further paths set to the same values as path (e.g. the weights of two
	// projections that move together in a grid).
	Also []string `toml:"also"`
}

type docSpace struct {
	Start *float64 `toml:"start"`
	Stop  *float64 `toml:"stop"`
	Num   *int     `toml:"num"`
}

type docRandom struct {
	Dist  string   `toml:"dist"`
	N     *int     `toml:"n"`
	Min   *float64 `toml:"min"`
	Max   *float64 `toml:"max"`
	Mu    *float64 `toml:"mu"`
	Sigma *float64 `toml:"sigma"`
	Seed  *uint64  `toml:"seed"`
}

// Keys of the tables the decoder checks, by context (the dotted key of the table without
// indices), for "did you mean" and for listing valid keys. Keys whose value is `any` are checked
// by hand; their valid keys are listed here too.
var schemaKeys = map[string][]string{}

func init() {
	var walk func(ctx string, t reflect.Type)
	walk = func(ctx string, t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return
		}
		var keys []string
		for f := range t.Fields() {
			name := f.Tag.Get("toml")
			keys = append(keys, name)
			walk(joinKey(ctx, name), f.Type)
		}
		slices.Sort(keys)
		schemaKeys[ctx] = keys
	}
	walk("", reflect.TypeFor[docFile]())
	schemaKeys["projection.conn"] = []string{"allow_multiple", "file", "grid", "include_self", "k", "kind", "n", "p_max", "post", "pre", "prob", "seed", "sigma"}
	schemaKeys["spikes"] = []string{"populations"}
}

// schemaTitle names a context as a reader sees it in the file.
func schemaTitle(ctx string) string {
	switch ctx {
	case "":
		return "the top level"
	case "run", "sweep", "spikes", "analysis":
		return "[" + ctx + "]"
	case "population", "projection", "input", "monitor", "sweep.axis", "model":
		return "[[" + ctx + "]]"
	}
	i := strings.LastIndexByte(ctx, '.')
	return ctx[i+1:] + " table"
}
