#include "core/mc/ising_chains.h"

#include <stdexcept>

#include "core/mc/ising1d_exact_chain.h"
#include "core/mc/ising1d_metropolis.h"
#include "core/mc/ising2d_metropolis.h"
#include "core/mc/ising2d_swendsen_wang.h"
#include "core/mc/ising2d_wolff.h"

namespace rsmi {

std::unique_ptr<MarkovChain> makeIsing1DChain(const SamplingSpec& spec, std::uint64_t chainIndex) {
  Xoshiro256pp rng = Xoshiro256pp::stream(spec.seed, StreamPurpose::MarkovChain, chainIndex);
  switch (resolvedSampler(spec)) {
    case SamplerKind::ExactChain:
      return std::make_unique<Ising1DExactChain>(spec.size, spec.beta, spec.coupling, rng);
    case SamplerKind::Metropolis:
      return std::make_unique<Ising1DMetropolisChain>(spec.size, spec.beta, spec.coupling, rng);
    default: throw std::invalid_argument("no such 1D Ising sampler");
  }
}

std::unique_ptr<MarkovChain> makeIsing2DChain(const SamplingSpec& spec, std::uint64_t chainIndex) {
  Xoshiro256pp rng = Xoshiro256pp::stream(spec.seed, StreamPurpose::MarkovChain, chainIndex);
  switch (resolvedSampler(spec)) {
    case SamplerKind::Wolff:
      return std::make_unique<Ising2DWolffChain>(spec.size, spec.beta, spec.coupling, rng);
    case SamplerKind::SwendsenWang:
      return std::make_unique<Ising2DSwendsenWangChain>(spec.size, spec.beta, spec.coupling, rng);
    case SamplerKind::Metropolis:
      return std::make_unique<Ising2DMetropolisChain>(spec.size, spec.beta, spec.coupling, rng);
    default: throw std::invalid_argument("no such 2D Ising sampler");
  }
}

} // namespace rsmi
