#pragma once
// Onsager/Yang: the infinite square-lattice Ising model (SCIENCE.md §7). K = βJ.
namespace rsmi::exact {

inline constexpr double kIsing2DCriticalBeta = 0.44068679350977147;  // ½ ln(1+√2), J = 1
inline constexpr double kIsing2DCriticalTemperature = 2.269185314213022;

double onsagerNearestNeighbourCorrelation(double K);          // ⟨s0 s1⟩
double onsagerEnergyPerSite(double beta, double coupling = 1.0);  // u = −2J⟨s0 s1⟩
double onsagerLnZPerSite(double beta, double coupling = 1.0);     // −βf
double yangMagnetization(double beta, double coupling = 1.0);     // 0 above T_c

} // namespace rsmi::exact
