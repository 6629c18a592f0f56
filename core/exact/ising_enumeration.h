#pragma once
// Brute-force enumeration of all 2^(L²) states of a tiny L×L Ising torus (L ≤ 5).
#include <cstdint>
#include <map>

namespace rsmi::exact {

// Number of states at each total bond sum Σ_<ij> s_i s_j (energy E = −J·bondSum), and at each
// (bondSum, magnetisation M = Σ s_i) — the density of states from which every thermal average follows.
struct IsingDensityOfStates {
  int L = 0;
  std::map<int, std::uint64_t> byBondSum;
  std::map<std::pair<int, int>, std::uint64_t> byBondSumAndMagnetization;

  double lnZ(double beta, double coupling = 1.0) const;
  double energyPerSite(double beta, double coupling = 1.0) const;
  // c = β²J² Var(bondSum) / L² (the fluctuation form of β² ∂²ln Z/∂β² / L²).
  double specificHeatPerSite(double beta, double coupling = 1.0) const;
  // Probability of each bond sum at β (for histogram tests).
  std::map<int, double> bondSumDistribution(double beta, double coupling = 1.0) const;
};

IsingDensityOfStates enumerateIsingTorus(int L);

} // namespace rsmi::exact
