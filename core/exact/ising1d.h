#pragma once
// The 1D Ising model, exactly: transfer matrices for the periodic ring, closed forms for the open chain.
namespace rsmi::exact {

double ising1DRingLnZ(int N, double beta, double coupling = 1.0);
// ⟨s_0 s_r⟩ on a periodic ring of N sites: (t^r + t^(N−r)) / (1 + t^N), t = tanh βJ.
double ising1DRingCorrelation(int N, int r, double beta, double coupling = 1.0);
// ⟨s_0 s_r⟩ on an open (or infinite) chain: tanh(βJ)^r.
double ising1DChainCorrelation(int r, double beta, double coupling = 1.0);
double ising1DRingEnergyPerSite(int N, double beta, double coupling = 1.0);

} // namespace rsmi::exact
