#pragma once
// Fully packed dimers on the L×L torus (L even), sampled with a worm / directed-loop update that
// also changes winding sectors; optional noise-spin pairs (SCIENCE.md §1).
#include <cstdint>
#include <memory>

#include "core/mc/markov_chain.h"

namespace rsmi {

std::unique_ptr<MarkovChain> makeDimerChain(const SamplingSpec& spec, std::uint64_t chainIndex);

} // namespace rsmi
