#pragma once
// Observables of Ising-encoded samples with error bars that respect autocorrelation
// (binning analysis; jackknife over bins for non-linear ones such as the Binder cumulant).
#include <span>

#include "core/lattice/sample_set.h"

namespace rsmi {

struct Estimate {
  double mean = 0;
  double error = 0;  // one standard error of the mean, autocorrelation included
  double tau = 0.5;  // integrated autocorrelation time in units of stored samples (0.5: independent)
};

struct IsingObservables {
  Estimate energyPerSite;         // −J⟨s_i s_j⟩ summed over the d bonds per site
  Estimate absMagnetization;      // ⟨|m|⟩, m = Σ s / N
  Estimate magnetizationSquared;  // ⟨m²⟩
  Estimate binderCumulant;        // U = 1 − ⟨m⁴⟩ / (3⟨m²⟩²): bias-corrected jackknife over the bins of
                                  // the m² binning's top level; reported as 0 when ⟨m²⟩ = 0
  Estimate nearestNeighbour;      // ⟨s_i s_{i+1}⟩ averaged over bonds
  Estimate nextNearestNeighbour;  // ⟨s_i s_{i+2}⟩ in 1D, diagonal ⟨s_{x,y} s_{x+1,y+1}⟩ in 2D
};

// Series of per-sample values in storage order → mean with a binning error and τ_int.
// Bins double while at least 32 remain; the error is the RMS of the top (≤ 3) levels that form a
// plateau with the top level, never below the naive error; τ_int = ½ σ²_binned / σ²_naive. Reliable
// when the series is ≳ 500 τ_int long (it underestimates by ≈ 10% at 400 τ_int). One value: error 0.
Estimate binningEstimate(std::span<const double> series);

// Periodic boundaries; 1D sets ({L}) and 2D sets ({L, L}) alike.
IsingObservables measureIsing(const SampleSet& samples, double coupling = 1.0);

} // namespace rsmi
