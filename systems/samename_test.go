package systems

import "testing"

// TestSameNameIsNormalize: sameName agrees with comparing normalize's results, on names that
// differ in case, underscores, length and non-ASCII letters.
func TestSameNameIsNormalize(t *testing.T) {
	names := []string{"", "_", "LIF", "lif", "L_I_F", "_lif_", "LIFx", "LI", "Izhikevich", "izhi_kevich",
		"STP_eq", "stpeq", "STPEQ_", "Äx", "äx", "ÄX", "a_Ä", "AÄ", "GABAb", "GABA_B", "gaba_b1"}
	for _, a := range names {
		for _, b := range names {
			if got, want := sameName(a, b), normalize(a) == normalize(b); got != want {
				t.Errorf("sameName(%q, %q) = %v, normalize says %v", a, b, got, want)
			}
		}
	}
}
