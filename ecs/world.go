package ecs

import (
	"fmt"
	"sort"
)

// Component names a column of a table, e.g. "V" or "spike".
type Component string

const (
	errDuplicate = "ecs: component added twice"
	errMissing   = "ecs: table has no such component"
	errSize      = "ecs: size must be positive"
)

// Table is a set of entities of one kind (the neurons of a population, the synapses of a
// projection), replicated Replicas times, with one dense column per component.
type Table struct {
	Name     string
	Size     int // entities per replica
	Replicas int

	f64   map[Component][]float64
	bools map[Component][]bool
	order []Component // in the order added: the order reports and checks use
}

// World holds the tables of one network, replicated for a batch of parameter points.
type World struct {
	Replicas int
	tables   []*Table
	byName   map[string]*Table
}

// NewWorld returns an empty world whose tables will each hold replicas copies of their entities.
func NewWorld(replicas int) *World {
	if replicas < 1 {
		panic(errSize)
	}
	return &World{Replicas: replicas, byName: map[string]*Table{}}
}

// AddTable adds a table of size entities per replica. Names are unique.
func (w *World) AddTable(name string, size int) (*Table, error) {
	if size < 1 {
		return nil, fmt.Errorf("ecs: table %q: size %d must be positive", name, size)
	}
	if _, dup := w.byName[name]; dup {
		return nil, fmt.Errorf("ecs: table %q exists already", name)
	}
	t := &Table{Name: name, Size: size, Replicas: w.Replicas,
		f64: map[Component][]float64{}, bools: map[Component][]bool{}}
	w.tables = append(w.tables, t)
	w.byName[name] = t
	return t, nil
}

// Table returns the named table, or nil.
func (w *World) Table(name string) *Table { return w.byName[name] }

// Tables returns the tables in the order they were added.
func (w *World) Tables() []*Table { return w.tables }

// Len is the length of every column: Size*Replicas.
func (t *Table) Len() int { return t.Size * t.Replicas }

// AddFloat64 adds a float64 column filled with init and returns it.
func (t *Table) AddFloat64(c Component, init float64) []float64 {
	if t.Has(c) {
		panic(errDuplicate)
	}
	col := make([]float64, t.Len())
	if init != 0 {
		for i := range col {
			col[i] = init
		}
	}
	t.f64[c] = col
	t.order = append(t.order, c)
	return col
}

// AddBool adds a bool column filled with false and returns it.
func (t *Table) AddBool(c Component) []bool {
	if t.Has(c) {
		panic(errDuplicate)
	}
	col := make([]bool, t.Len())
	t.bools[c] = col
	t.order = append(t.order, c)
	return col
}

// Has reports whether the table has component c.
func (t *Table) Has(c Component) bool {
	_, f := t.f64[c]
	_, b := t.bools[c]
	return f || b
}

// IsBool reports whether c is a bool column.
func (t *Table) IsBool(c Component) bool { _, b := t.bools[c]; return b }

// Float64 returns the float64 column c. It panics if there is none: systems look their columns
// up once, when they are built, so a missing one is a programmer error.
func (t *Table) Float64(c Component) []float64 {
	col, ok := t.f64[c]
	if !ok {
		panic(errMissing)
	}
	return col
}

// Bool returns the bool column c; it panics if there is none.
func (t *Table) Bool(c Component) []bool {
	col, ok := t.bools[c]
	if !ok {
		panic(errMissing)
	}
	return col
}

// Components lists the table's components in the order they were added.
func (t *Table) Components() []Component { return append([]Component(nil), t.order...) }

// SortedComponents lists the components by name, for messages.
func (t *Table) SortedComponents() []string {
	names := make([]string, len(t.order))
	for i, c := range t.order {
		names[i] = string(c)
	}
	sort.Strings(names)
	return names
}

// Span splits the global index range [lo, hi) of columns with size entities per replica at replica
// boundaries: it returns the replica r of lo and the end of the piece that stays in r. Kernels use
// it to hoist per-replica parameters out of the inner loop:
//
//	for lo < hi {
//		r, end := ecs.Span(lo, hi, n)
//		tau := p.tau[r]
//		for k := lo; k < end; k++ { ... }
//		lo = end
//	}
func Span(lo, hi, size int) (r, end int) {
	if size == 1 { // one entity per replica (sweeps of tiny networks): no division
		return lo, lo + 1
	}
	r = lo / size
	end = (r + 1) * size
	if end > hi {
		end = hi
	}
	return r, end
}
