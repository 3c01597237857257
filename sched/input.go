package sched

import (
	"fmt"
	"math"

	"github.com/spikesweep/spikesweep/ecs"
	"github.com/spikesweep/spikesweep/spec"
	"github.com/spikesweep/spikesweep/systems"
)

// addInput turns input ii of every replica's network into a stage of its target's input slot.
func (s *Sim) addInput(nets []*spec.Network, ii int) error {
	in := nets[0].Inputs[ii]
	if in.Poisson != nil {
		s.addDrive(nets, ii)
		return nil
	}
	o := s.byName[in.Target]
	col := o.table.Float64(ecs.Component(in.Var))
	n, R := o.table.Size, s.Replicas
	set := in.Op == "="
	name := fmt.Sprintf("input %s.%s", in.Target, in.Var)

	if in.Value != nil {
		// A constant, possibly different per replica (a swept input value).
		if v, ok := uniformValue(nets, ii); ok {
			// One value for every element of every replica (the common case: a sweep that does
			// not vary this input): no per-element column of copies to stream each step.
			d := &systems.Drive{Value: v, Set: set}
			if in.Var == "input" {
				o.drive = d // the model's update may take it over (takeDrives)
			}
			o.inputs = append(o.inputs, systems.Stage{Name: name, Units: n * R, Cost: 1, Run: func(_ systems.Ctx, lo, hi int) {
				d.Apply(col[lo:hi])
			}})
			return nil
		}
		vals := make([]float64, n*R)
		for r := range R {
			v := nets[r].Inputs[ii].Value
			for i := range n {
				vals[r*n+i] = v[min(i, len(v)-1)]
			}
		}
		o.inputs = append(o.inputs, systems.Stage{Name: name, Units: n * R, Cost: 1, Run: func(_ systems.Ctx, lo, hi int) {
			dst, add := col[lo:hi], vals[lo:hi]
			if set {
				copy(dst, add)
				return
			}
			add = add[:len(dst)]
			for k := range dst {
				dst[k] += add[k]
			}
		}})
		return nil
	}
	rows := in.Series
	if in.Pieces != nil {
		// Rows past the run's last step are never read: a piece longer than the run costs nothing.
		rows = piecesUpTo(in.Pieces, s.Dt, s.Steps)
	}
	zero := make([]float64, 1)
	o.inputs = append(o.inputs, systems.Stage{Name: name, Units: n * R, Cost: 1, Run: func(c systems.Ctx, lo, hi int) {
		row := zero
		if c.Step < len(rows) {
			row = rows[c.Step]
		}
		for lo < hi {
			r, end := ecs.Span(lo, hi, n)
			base := r * n
			if len(row) == 1 {
				v := row[0]
				for k := lo; k < end; k++ {
					if set {
						col[k] = v
					} else {
						col[k] += v
					}
				}
			} else {
				for k := lo; k < end; k++ {
					if set {
						col[k] = row[k-base]
					} else {
						col[k] += row[k-base]
					}
				}
			}
			lo = end
		}
	}})
	return nil
}

// Pieces expands a piecewise-constant input as BrainPy's constant_current does (SEMANTICS.md §4):
// ceil(total/dt) rows, segment k filling int(duration_k/dt) rows right after the previous one,
// zeros where truncation leaves a gap at the end.
func Pieces(segs []spec.Segment, dt float64) [][]float64 {
	return piecesUpTo(segs, dt, math.MaxInt)
}

// piecesUpTo is Pieces cut to its first maxRows rows.
func piecesUpTo(segs []spec.Segment, dt float64, maxRows int) [][]float64 {
	total := 0.0
	width := 1
	for _, sg := range segs {
		total += sg.Duration
		width = max(width, len(sg.Value))
	}
	n := maxRows
	if q := math.Ceil(total / dt); q < float64(maxRows) { // in float64: a huge total would overflow int
		n = int(q)
	}
	rows := make([][]float64, n)
	zero := make([]float64, width)
	for i := range rows {
		rows[i] = zero
	}
	at := 0
	for _, sg := range segs {
		v := sg.Value
		if len(v) < width { // broadcast a scalar over the elements
			v = make([]float64, width)
			for i := range v {
				v[i] = sg.Value[0]
			}
		}
		for k := 0; k < spec.SegmentSteps(sg.Duration, dt) && at < len(rows); k++ {
			rows[at] = v
			at++
		}
	}
	return rows
}

// uniformValue reports the one value of constant input ii if every replica gives every element
// the same value.
func uniformValue(nets []*spec.Network, ii int) (float64, bool) {
	if len(nets[0].Inputs[ii].Value) == 0 {
		return 0, false
	}
	v := nets[0].Inputs[ii].Value[0]
	for _, n := range nets {
		for _, x := range n.Inputs[ii].Value {
			if math.Float64bits(x) != math.Float64bits(v) {
				return 0, false
			}
		}
	}
	return v, true
}

// takeDrives hands each object whose only input is a constant drive of its input column to its
// model, when the model can apply it in its own update (systems.DriveTaker): one pass over the
// column less per step. The drive runs at the same point of the step (just before the update), so
// the results do not change.
func (s *Sim) takeDrives() {
	for _, o := range s.objects {
		if len(o.inputs) != 1 || o.drive == nil {
			continue
		}
		if t, ok := o.obj.(systems.DriveTaker); ok && t.TakeDrive(o.drive) {
			o.inputs = nil
		}
	}
}
