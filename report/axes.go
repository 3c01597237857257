package report

import (
	"fmt"
	"slices"
)

// selection is the resolved choice of axes: x, y (-1 if none), along, series (-1 if none), and
// per axis the fixed value index (-1: averaged; ignored for x and y).
//
// noMap says the page has no heat map and opens with the line plot along `along` instead: a zip
// sweep (zip), whose axes advance together so that its points lie on one curve, not on a grid; or
// a grid sweep whose --fix leaves fewer than two axes free, a slice.
type selection struct {
	x, y, along, series int
	fixed               []int
	fixNotes            []string
	noMap, zip          bool
}

func chooseAxes(m *manifest, o ReportOptions) (selection, error) {
	s := selection{x: -1, y: -1, along: -1, series: -1, fixed: make([]int, len(m.Axes))}
	for i := range s.fixed {
		s.fixed[i] = -1
	}
	n := len(m.Axes)
	if n == 0 {
		if o.X != "" || o.Y != "" || o.Along != "" || len(o.Fix) > 0 {
			return s, usageErrorf("the sweep has no axes to choose from")
		}
		return s, nil
	}
	if m.Mode == "zip" {
		return chooseZip(m, o, s)
	}
	// Fixed axes first: a fixed axis is a slice through the grid, so it is none of the figures' axes.
	paths := make([]string, 0, len(o.Fix))
	for p := range o.Fix {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		a, err := m.axis(p)
		if err != nil {
			return s, err
		}
		want := o.Fix[p]
		s.fixed[a] = nearest(m.Axes[a].Values, want)
		got := m.Axes[a].Values[s.fixed[a]]
		note := fmt.Sprintf("%s fixed at %s", p, withUnitValue(fmtAxisValue(got), m.Axes[a].Unit))
		if got != want {
			note += fmt.Sprintf(" (the value nearest to the %s asked for)", fmtAxisValue(want))
		}
		s.fixNotes = append(s.fixNotes, note)
	}
	asked := func(path, what string) (int, error) {
		if path == "" {
			return -1, nil
		}
		a, err := m.axis(path)
		if err != nil {
			return -1, err
		}
		if s.fixed[a] >= 0 {
			return -1, usageErrorf("%s is fixed (--fix), so it cannot also be %s: a fixed axis is a slice "+
				"through the sweep, and the figures show the axes left free", path, what)
		}
		return a, nil
	}
	var err error
	if s.x, err = asked(o.X, "the heat map's x axis (--x)"); err != nil {
		return s, err
	}
	if s.y, err = asked(o.Y, "the heat map's y axis (--y)"); err != nil {
		return s, err
	}
	if s.y >= 0 && s.y == s.x {
		return s, usageErrorf("x and y are both %s", o.Y)
	}
	along, err := asked(o.Along, "the line plot's axis (--along)")
	if err != nil {
		return s, err
	}
	// Defaults: the last two free axes, second-to-last along x; then the other free axes in order.
	var free []int
	for a := range n {
		if s.fixed[a] < 0 {
			free = append(free, a)
		}
	}
	var order []int
	if len(free) >= 2 {
		order = append(order, free[len(free)-2:]...)
		order = append(order, free[:len(free)-2]...)
	} else {
		order = free
	}
	pick := func(not int) int {
		for _, a := range order {
			if a != not {
				return a
			}
		}
		return -1
	}
	if len(free) < 2 && (n >= 2 || len(free) == 0) {
		// A slice of fewer than two axes: no map, the line plot along the free axis (if any).
		s.noMap = true
		s.along = cmpAxis(along, s.x, pick(-1))
		s.x, s.y = -1, -1
		return s, nil
	}
	if s.x < 0 {
		s.x = pick(s.y)
	}
	if s.y < 0 && n >= 2 {
		s.y = pick(s.x)
	}
	s.along = cmpAxis(along, s.x)
	for _, c := range []int{s.y, s.x} {
		if c >= 0 && c != s.along {
			s.series = c
			break
		}
	}
	return s, nil
}

// cmpAxis returns the first of its arguments that is an axis (>= 0), else -1.
func cmpAxis(a ...int) int {
	for _, x := range a {
		if x >= 0 {
			return x
		}
	}
	return -1
}

// chooseZip resolves the axes of a zip sweep: there is no grid to map or to slice, only the one
// curve that the axes trace together, drawn along --along or --x (default the last axis).
func chooseZip(m *manifest, o ReportOptions, s selection) (selection, error) {
	s.noMap, s.zip = true, true
	if o.Y != "" {
		return s, usageErrorf("the sweep is a zip sweep (mode = \"zip\"): its axes advance together, so there is " +
			"no grid and no heat map to give a y axis; --x (or --along) chooses the axis the metric is drawn along")
	}
	if len(o.Fix) > 0 {
		return s, usageErrorf("the sweep is a zip sweep (mode = \"zip\"): its axes advance together, so fixing " +
			"one fixes them all, at one point; --x (or --along) chooses the axis the metric is drawn along")
	}
	x, along := -1, -1
	var err error
	if o.X != "" {
		if x, err = m.axis(o.X); err != nil {
			return s, err
		}
	}
	if o.Along != "" {
		if along, err = m.axis(o.Along); err != nil {
			return s, err
		}
	}
	if x >= 0 && along >= 0 && x != along {
		return s, usageErrorf("--x %s and --along %s: a zip sweep has one line plot, drawn along one axis", o.X, o.Along)
	}
	// Default: the last axis, as a grid's heat map takes the last axes (a zip sweep's last axis is
	// usually the one it is about, e.g. stp_frequency's poi.rate after the ISI that makes it).
	s.along = cmpAxis(along, x, len(m.Axes)-1)
	return s, nil
}
