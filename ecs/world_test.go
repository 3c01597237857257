package ecs

import "testing"

func TestTableColumnsAreReplicaMajor(t *testing.T) {
	w := NewWorld(3)
	tab, err := w.AddTable("neu", 4)
	if err != nil {
		t.Fatal(err)
	}
	v := tab.AddFloat64("V", -10)
	if len(v) != 12 || v[11] != -10 {
		t.Fatalf("column %v", v)
	}
	if _, err := w.AddTable("neu", 2); err == nil {
		t.Fatal("duplicate table accepted")
	}
	if _, err := w.AddTable("bad", 0); err == nil {
		t.Fatal("empty table accepted")
	}
	var got [][3]int
	for lo, hi := 2, 11; lo < hi; {
		r, end := Span(lo, hi, 4)
		got = append(got, [3]int{r, lo, end})
		lo = end
	}
	want := [][3]int{{0, 2, 4}, {1, 4, 8}, {2, 8, 11}}
	if len(got) != len(want) {
		t.Fatalf("spans %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("spans %v, want %v", got, want)
		}
	}
}

func TestMissingComponentPanics(t *testing.T) {
	w := NewWorld(1)
	tab, _ := w.AddTable("neu", 1)
	defer func() {
		if recover() != errMissing {
			t.Fatal("want panic ", errMissing)
		}
	}()
	tab.Float64("nope")
}

func TestFiredFindsEveryFlag(t *testing.T) {
	// Dense flags, and sparse ones (every 37th and 101st, the last) that leave runs of false
	// words to skip, before, between and after the set flags.
	for _, c := range []struct{ n, every int }{{0, 3}, {1, 3}, {7, 3}, {8, 3}, {9, 3}, {63, 3}, {64, 3}, {100, 3},
		{31, 37}, {32, 37}, {33, 37}, {300, 37}, {1000, 101}, {1024, 1 << 30}} {
		n := c.n
		flags := make([]bool, n)
		var want []int32
		for i := range flags {
			if (i%c.every == 0 && i > 0) || i == n-1 {
				flags[i] = true
				want = append(want, int32(i+5))
			}
		}
		got := Fired(nil, flags, 5)
		if len(got) != len(want) {
			t.Fatalf("n=%d: %v, want %v", n, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("n=%d: %v, want %v", n, got, want)
			}
		}
	}
}
