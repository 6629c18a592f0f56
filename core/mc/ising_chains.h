#pragma once
// Factories for the Ising samplers of SCIENCE.md §1; makeChain() dispatches here.
#include <cstdint>
#include <memory>

#include "core/mc/markov_chain.h"

namespace rsmi {

// Ising1D: ExactChain (transfer-matrix conditioning) or Metropolis. The spec must be validated.
std::unique_ptr<MarkovChain> makeIsing1DChain(const SamplingSpec& spec, std::uint64_t chainIndex);
// Ising2D: Wolff, SwendsenWang or Metropolis (checkerboard). The spec must be validated.
std::unique_ptr<MarkovChain> makeIsing2DChain(const SamplingSpec& spec, std::uint64_t chainIndex);

} // namespace rsmi
