package integrators

import (
	"fmt"
	"math"
	"strconv"
)

// Method is an integration method.
type Method uint8

const (
	Euler    Method = iota // BrainPy's default: y + ((f*dt)*1)
	RK4                    // classical Runge-Kutta, BrainPy's left-to-right final step
	ExpEuler               // exponential Euler from the linear coefficient of each variable
)

var names = [...]string{Euler: "euler", RK4: "rk4", ExpEuler: "exp_euler"}

func (m Method) String() string {
	if int(m) < len(names) {
		return names[m]
	}
	return "Method(" + strconv.Itoa(int(m)) + ")"
}

// Parse reads a method name as BrainPy spells it ("euler", "rk4", "exp_euler", also "exponential_euler").
func Parse(name string) (Method, error) {
	switch name {
	case "euler":
		return Euler, nil
	case "rk4":
		return RK4, nil
	case "exp_euler", "exponential_euler", "exp_auto":
		return ExpEuler, nil
	}
	return 0, fmt.Errorf("unknown integration method %q (methods: euler, rk4, exp_euler)", name)
}

// EulerStep is y + ((dydt*dt)*1). Multiplying by 1 is exact, so it is y + dydt*dt with the product
// rounded on its own.
func EulerStep(y, dydt, dt float64) float64 { return y + float64(dydt*dt) }

// RK4Half is the argument of RK4's second and third stages: y + ((dt*k)*0.5).
func RK4Half(y, k, dt float64) float64 { return y + float64(float64(dt*k)*0.5) }

// RK4Full is the argument of RK4's fourth stage: y + (dt*k).
func RK4Full(y, k, dt float64) float64 { return y + float64(dt*k) }

// RK4Final is BrainPy's final RK4 step, evaluated left to right:
// y + k1*dt*1/6 + k2*dt*1/3 + k3*dt*1/3 + k4*dt*1/6. It is not dt*(k1+2k2+2k3+k4)/6, which differs
// in the last bits.
func RK4Final(y, k1, k2, k3, k4, dt float64) float64 {
	a := float64(k1*dt) / 6
	b := float64(k2*dt) / 3
	c := float64(k3*dt) / 3
	d := float64(k4*dt) / 6
	return (((y + a) + b) + c) + d
}

// ExpEulerStep is exponential Euler's update of one variable, ((df*(E-1))/A) + y, where df is the
// derivative (in sympy's expanded form), A its linear coefficient in y and E = exp(A*dt).
func ExpEulerStep(y, df, a, e float64) float64 { return float64(df*(e-1))/a + y }

// DtLiteral is dt as BrainPy's exponential Euler writes it into generated code: sympy prints the
// product A*dt with 15 significant digits, so dt = 1/30 becomes 0.0333333333333333 (SEMANTICS.md
// §6.4, Q14). For dt = 0.1 or 0.02 it is dt itself.
func DtLiteral(dt float64) float64 {
	v, err := strconv.ParseFloat(strconv.FormatFloat(dt, 'g', 15, 64), 64)
	if err != nil {
		panic("integrators: bad dt")
	}
	return v
}

// DecayFactor is E for the decay dy/dt = -y/tau under exponential Euler: exp((-dt)/tau) with dt as
// its literal. Compute it once per run, not per element.
func DecayFactor(tau, dt float64) float64 { return math.Exp((-DtLiteral(dt)) / tau) }

// Decay advances dy/dt = -y/tau by exponential Euler, as BrainPy's generated code does:
// df = (-y)/tau; A = (-1)/tau; ((df*(E-1))/A) + y.
func Decay(y, tau, e float64) float64 { return ExpEulerStep(y, (-y)/tau, (-1)/tau, e) }

// Deriv2 is the right-hand side of a two-variable system; p is a per-element argument (for example
// a transmitter concentration) that stays fixed during the step.
type Deriv2 func(a, b, p float64) (da, db float64)

// Step2 advances a two-variable system by Euler or RK4.
func Step2(m Method, f Deriv2, a, b, p, dt float64) (float64, float64) {
	if m == Euler {
		da, db := f(a, b, p)
		return EulerStep(a, da, dt), EulerStep(b, db, dt)
	}
	k1a, k1b := f(a, b, p)
	k2a, k2b := f(RK4Half(a, k1a, dt), RK4Half(b, k1b, dt), p)
	k3a, k3b := f(RK4Half(a, k2a, dt), RK4Half(b, k2b, dt), p)
	k4a, k4b := f(RK4Full(a, k3a, dt), RK4Full(b, k3b, dt), p)
	return RK4Final(a, k1a, k2a, k3a, k4a, dt), RK4Final(b, k1b, k2b, k3b, k4b, dt)
}

// Deriv1 is the right-hand side of a one-variable equation with a per-element argument p.
type Deriv1 func(y, p float64) float64

// Step1 advances a one-variable equation by Euler or RK4.
func Step1(m Method, f Deriv1, y, p, dt float64) float64 {
	if m == Euler {
		return EulerStep(y, f(y, p), dt)
	}
	k1 := f(y, p)
	k2 := f(RK4Half(y, k1, dt), p)
	k3 := f(RK4Half(y, k2, dt), p)
	k4 := f(RK4Full(y, k3, dt), p)
	return RK4Final(y, k1, k2, k3, k4, dt)
}
