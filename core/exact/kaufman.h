#pragma once
// Kaufman's exact partition function of the L×L Ising torus (Kaufman 1949; Ferdinand & Fisher 1969),
// SCIENCE.md §7, with γ0 = 2(K − K*) taken with its sign.
namespace rsmi::exact {

struct TorusThermodynamics {
  double lnZ = 0;                   // ln Z of the whole torus
  double energyPerSite = 0;         // u = −∂ln Z/∂β / L²
  double specificHeatPerSite = 0;   // c = β² ∂²ln Z/∂β² / L²
};

TorusThermodynamics kaufmanTorus(int L, double beta, double coupling = 1.0);

} // namespace rsmi::exact
