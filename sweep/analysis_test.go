package sweep

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestAnalysisTable(t *testing.T) {
	s := mustParse(t, "spikes = [\"neu2\"]\n"+validBase)
	if s.Base.Analysis != nil {
		t.Errorf("no [analysis]: Analysis = %+v, want nil (the runner's defaults)", s.Base.Analysis)
	}
	s = mustParse(t, "spikes = [\"neu2\"]\n"+validBase+"\n[analysis]\nstart = 20.0\nstop = 90.0\nbin = 2.5\n")
	a := s.Base.Analysis
	if a == nil || a.Start != 20 || a.Stop != 90 || a.Bin != 2.5 || !slices.Equal(a.Populations, []string{"neu2"}) || !a.Rates {
		t.Errorf("Analysis = %+v", a)
	}
	s = mustParse(t, validBase+"\n[analysis]\npopulations = [\"neu1\", \"neu2\"]\nrates = false\n")
	if s.Base.Analysis.Rates {
		t.Error("rates = false gives Rates")
	}
	if p := s.Base.Analysis.Populations; !slices.Equal(p, []string{"neu1", "neu2"}) || len(s.Base.Spikes) != 0 {
		t.Errorf("populations %v, spikes %v", p, s.Base.Spikes)
	}
	if c := s.Point(0).Net.Analysis; c == s.Base.Analysis || !slices.Equal(c.Populations, s.Base.Analysis.Populations) {
		t.Error("a point's Analysis must be a copy of the base's")
	}
}

func TestAnalysisErrors(t *testing.T) {
	cases := []struct{ table, key, msg string }{
		{"start = -1.0", "analysis.start", "at or after 0"},
		{"start = 100.0", "analysis.start", "not before the end of the run"},
		{"start = 50.0\nstop = 40.0", "analysis.stop", "after start"},
		{"stop = 200.0", "analysis.stop", "after the end of the run"},
		{"bin = 0.0", "analysis.bin", "positive"},
		{"bin = 0.25", "analysis.bin", "not a whole number of steps"},
		{"start = 90.0\nbin = 20.0", "analysis.bin", "longer than the analysis window"},
		{"populations = [\"neu3\"]", "analysis.populations[0]", "no population named \"neu3\""},
		{"populations = [\"syn\"]", "analysis.populations[0]", "projection"},
		{"populations = [\"neu1\", \"neu1\"]", "analysis.populations[1]", "listed twice"},
		{"window = 3.0", "analysis.window", ""},
	}
	for _, c := range cases {
		src := validBase + "\n[analysis]\n" + c.table + "\n"
		_, err := parseTest(src, t.TempDir())
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: err = %v, want a positioned error", c.table, err)
			continue
		}
		line := strings.Count(src[:strings.LastIndex(src, strings.SplitN(c.table, "\n", 2)[0])], "\n") + 1
		if strings.Contains(c.table, "\n") && c.key != "analysis.populations[1]" {
			line++ // the second line of the table holds the key
		}
		if e.Key != c.key || !strings.Contains(e.Msg, c.msg) || e.Line != line || e.Col < 1 {
			t.Errorf("%s: got %s:%d:%d key %q: %s; want line %d key %q containing %q", c.table, e.File, e.Line, e.Col, e.Key, e.Msg, line, c.key, c.msg)
		}
	}
}
