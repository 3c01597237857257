package sweep

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

const gaussianBase = `[run]
duration = 10.0

[[population]]
name = "a"
model = "LIF"
size = 100

[[population]]
name = "b"
model = "LIF"
size = 50

[[projection]]
name = "s"
model = "Exponential"
pre = "a"
post = "a"
conn = { kind = "gaussian", sigma = 2.0, p_max = 0.5, grid = [10, 10] }
`

func TestGaussianConnParses(t *testing.T) {
	s, err := Parse("test.toml", []byte(gaussianBase), testCatalog, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := s.Base.Projections[0].Conn
	if c.Kind != "gaussian" || c.Sigma != 2 || c.PMax != 0.5 || !slices.Equal(c.Grid, []int{10, 10}) || !c.Random() {
		t.Fatalf("conn %+v", c)
	}
	ring := strings.Replace(gaussianBase, "grid = [10, 10] }", `grid = [100], include_self = false, seed = 3 }`, 1)
	ring = strings.Replace(ring, `kind = "gaussian"`, `kind = "Gaussian"`, 1)
	s, err = Parse("test.toml", []byte(ring), testCatalog, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c = s.Base.Projections[0].Conn
	if !slices.Equal(c.Grid, []int{100}) || *c.IncludeSelf || *c.Seed != 3 {
		t.Fatalf("ring conn %+v", c)
	}
}

// TestGaussianConnBadInput: each bad value is reported at its key with a position.
func TestGaussianConnBadInput(t *testing.T) {
	cases := []struct{ name, old, new, key, msg string }{
		{"sigma zero", "sigma = 2.0", "sigma = 0.0", "conn.sigma", "must be positive"},
		{"sigma negative", "sigma = 2.0", "sigma = -1", "conn.sigma", "must be positive"},
		{"sigma missing", "sigma = 2.0, ", "", "conn.sigma", "missing sigma"},
		{"p_max above 1", "p_max = 0.5", "p_max = 1.5", "conn.p_max", "between 0 and 1"},
		{"p_max negative", "p_max = 0.5", "p_max = -0.1", "conn.p_max", "between 0 and 1"},
		{"grid too small", "grid = [10, 10]", "grid = [10, 9]", "conn.grid", "10 x 9 = 90 sites for 100 neurons"},
		{"ring too long", "grid = [10, 10]", "grid = [101]", "conn.grid", "a ring of 101 sites for 100 neurons"},
		{"grid of three", "grid = [10, 10]", "grid = [5, 5, 4]", "conn.grid", "expected [nx] (a ring) or [nx, ny]"},
		{"grid not whole", "grid = [10, 10]", "grid = [10, 10.5]", "conn.grid[1]", "whole number"},
		{"unequal sizes", `post = "a"`, `post = "b"`, "conn.grid", "must have equal sizes"},
		{"sigma on fixed_prob", `kind = "gaussian", sigma = 2.0, p_max = 0.5, grid = [10, 10]`, `kind = "fixed_prob", prob = 0.1, sigma = 2.0`, "conn.sigma", "applies only to kind gaussian"},
	}
	pos := regexp.MustCompile(`^test\.toml:\d+:\d+: `)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(gaussianBase, c.old, c.new, 1)
			if src == gaussianBase {
				t.Fatalf("edit %q not applied", c.old)
			}
			_, err := Parse("test.toml", []byte(src), testCatalog, t.TempDir())
			if err == nil {
				t.Fatal("no error")
			}
			for _, e := range Errors(err) {
				if strings.HasSuffix(e.Key, c.key) && strings.Contains(e.Msg, c.msg) && pos.MatchString(e.Error()) {
					return
				}
			}
			t.Fatalf("no error at key %s mentioning %q with a position: %v", c.key, c.msg, err)
		})
	}
	if _, err := Parse("test.toml", []byte(strings.Replace(gaussianBase, `conn = { kind = "gaussian", sigma = 2.0, p_max = 0.5, grid = [10, 10] }`, `conn = "gaussian"`, 1)), testCatalog, t.TempDir()); err == nil || !strings.Contains(err.Error(), "gaussian needs") {
		t.Errorf("conn = \"gaussian\": %v", err)
	}
}
