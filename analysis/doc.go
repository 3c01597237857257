// Package analysis computes the per-point statistics of the points table while a run streams its
// recordings: from spike events, the mean rate, the mean coefficient of variation (CV) of the
// inter-spike intervals and a synchrony measure of a population, and its binned population rate
// (Brian2's PopulationRateMonitor); from monitor rows, the mean and standard deviation of each
// recorded variable. Everything is computed online, over an analysis [Window], with memory
// proportional to the neurons (never to the spikes or the steps).
//
//   - [Spikes] takes a population's events in step order ([Spikes.Add]) and gives, per replica,
//     [Spikes.Rate], [Spikes.CV] and [Spikes.Sync]; it hands every finished bin of the population
//     rate to a callback.
//   - [Monitor] takes a monitor's rows in step order ([Monitor.Add]) and gives [Monitor.Mean] and
//     [Monitor.Std] per replica and variable.
//
// The statistics, exactly:
//
//   - rate: spikes in the window / (neurons × window length in s), Hz.
//   - CV: for each neuron with at least 3 spikes in the window (2 or more intervals between spikes
//     in the window), std/mean of its intervals, with the population standard deviation (ddof 0,
//     as elephant.statistics.cv and numpy.std); then the mean over those neurons. NaN when no
//     neuron has 3 spikes. A regular train has CV 0, a Poisson train CV near 1.
//   - sync: Golomb's χ (Golomb 2007, Scholarpedia "Neuronal synchrony measures") on spike counts
//     in bins: with c_ib the spikes of neuron i in bin b and C_b = Σ_i c_ib,
//     χ² = Var_b(C_b/N) / ((1/N) Σ_i Var_b(c_ib)). It is 1 when all neurons fire in the same bins
//     and about 1/N for independent neurons (χ ≈ 1/√N), whatever the rate; only whole bins of the
//     window count. NaN with fewer than 2 whole bins or when no neuron's count varies (a silent
//     population). χ was chosen over the Fano factor of the population count because it is
//     normalised to [0, 1] and compares across network sizes and rates, which is what a phase
//     diagram's colour scale needs.
//   - mean and std: over every recorded value of the variable in the window (all recorded
//     elements and recorded steps pooled), std with ddof 0. Sums are of deviations from the
//     first value, which keeps the variance accurate when the mean is large against the spread.
//
// Events and rows come in step order and, within a step, in replica and element order; the sums
// follow that order, so the results are bit-identical for any number of workers.
package analysis
