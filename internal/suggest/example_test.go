package suggest_test

import (
	"fmt"

	"github.com/spikesweep/spikesweep/internal/suggest"
)

func ExampleDidYouMean() {
	cols := []string{"rate.exc", "rate.inh", "cv.exc", "sync.exc"}
	fmt.Printf("%q\n", suggest.DidYouMean("rate.exe", cols))
	fmt.Printf("%q\n", suggest.DidYouMean("firing", cols))
	// Output:
	// "; did you mean rate.exc?"
	// ""
}

func ExampleNearest() {
	// A transposition counts as one edit; case is ignored.
	fmt.Println(suggest.Nearest("tua", []string{"tau", "V_th", "V_rest"}))
	fmt.Println(suggest.Nearest("v_TH", []string{"tau", "V_th", "V_rest"}))
	// Underscores too: V_c, not V, for Vc.
	fmt.Println(suggest.Nearest("Vc", []string{"V", "V_c", "V_T"}))
	// Output:
	// tau
	// V_th
	// V_c
}
