#pragma once
// Ising 2D Monte Carlo samples for the suites that learn filters or run the RG on them:
// Wolff cluster updates with the automatic schedule, L×L torus, J = 1.
#include <cstdint>

#include "core/mc/draw_samples.h"

namespace rsmi::testing {

inline SampleSet wolffIsingSamples(int L, double beta, int count, std::uint64_t seed) {
  SamplingSpec spec;
  spec.model = ModelKind::Ising2D;
  spec.size = L;
  spec.beta = beta;
  spec.sampler = SamplerKind::Wolff;
  spec.samples = count;
  spec.seed = seed;
  return drawSamples(spec);
}

} // namespace rsmi::testing
