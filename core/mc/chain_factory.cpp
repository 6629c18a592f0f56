// makeChain: one place that maps a validated SamplingSpec to its sampler (SCIENCE.md §1).
#include <stdexcept>
#include <string>

#include "core/mc/dimer_worm_chain.h"
#include "core/mc/ising_chains.h"
#include "core/mc/markov_chain.h"

namespace rsmi {

std::unique_ptr<MarkovChain> makeChain(const SamplingSpec& spec, std::uint64_t chainIndex) {
  if (const std::string problem = validate(spec); !problem.empty()) throw std::invalid_argument(problem);
  switch (spec.model) {
    case ModelKind::Ising1D: return makeIsing1DChain(spec, chainIndex);
    case ModelKind::Ising2D: return makeIsing2DChain(spec, chainIndex);
    case ModelKind::Dimer: return makeDimerChain(spec, chainIndex);
  }
  throw std::invalid_argument("unknown model");
}

} // namespace rsmi
