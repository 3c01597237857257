package integrators

import (
	"math"
	"testing"
)

func TestRK4FinalIsLeftToRightNotWeightedSum(t *testing.T) {
	// An RK4 step on dy/dt = -y from y=1: both forms agree to ~1e-16, and BrainPy's is the
	// left-to-right one. Find an input where they differ in the last bit, so the test can fail.
	found := false
	for i := 1; i < 1000 && !found; i++ {
		y, k1, k2, k3, k4, dt := 1.0, -1.0*float64(i)/7, -0.95, -0.951, -0.9, 0.1
		weighted := y + dt*(k1+2*k2+2*k3+k4)/6
		if RK4Final(y, k1, k2, k3, k4, dt) != weighted {
			found = true
		}
	}
	if !found {
		t.Fatal("RK4Final equals the weighted-sum form everywhere; it should not")
	}
	// Exactness on a case computed by hand in the same order.
	y, k1, k2, k3, k4, dt := 0.5, 0.1, 0.2, 0.3, 0.4, 0.1
	want := (((y + (k1*dt)/6) + (k2*dt)/3) + (k3*dt)/3) + (k4*dt)/6
	if got := RK4Final(y, k1, k2, k3, k4, dt); got != want {
		t.Fatalf("RK4Final %v, want %v", got, want)
	}
}

func TestDtLiteralRoundsTo15Digits(t *testing.T) {
	if DtLiteral(0.1) != 0.1 || DtLiteral(0.02) != 0.02 {
		t.Fatal("DtLiteral changed a short dt")
	}
	if got := DtLiteral(1.0 / 30); got != 0.0333333333333333 {
		t.Fatalf("DtLiteral(1/30) = %v", got)
	}
}

func TestDecayMatchesClosedForm(t *testing.T) {
	tau, dt := 8.0, 0.1
	e := DecayFactor(tau, dt)
	y := 1.0
	for range 100 {
		y = Decay(y, tau, e)
	}
	if want := math.Exp(-100 * dt / tau); math.Abs(y-want) > 1e-14 {
		t.Fatalf("decay %v, want %v", y, want)
	}
}

func TestStep2RK4IsFourthOrder(t *testing.T) {
	// Harmonic oscillator a' = b, b' = -a: one RK4 step of 0.1 has local error ~dt^5/120.
	f := func(a, b, _ float64) (float64, float64) { return b, -a }
	a, b := Step2(RK4, f, 1, 0, 0, 0.1)
	if math.Abs(a-math.Cos(0.1)) > 1e-7 || math.Abs(b+math.Sin(0.1)) > 1e-7 {
		t.Fatalf("rk4 step (%v, %v)", a, b)
	}
	ae, _ := Step2(Euler, f, 1, 0, 0, 0.1)
	if ae != 1 {
		t.Fatalf("euler a %v, want 1", ae)
	}
	if _, err := Parse("heun"); err == nil {
		t.Fatal("unknown method accepted")
	}
}
