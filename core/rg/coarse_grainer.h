#pragma once
// One coarse-graining of a whole sample set with a rule p(h|v) (SCIENCE.md §5, step 2): tile every
// sample with blocks of V's shape and, in each block, draw h ~ p(h|v) (stochastic, as the paper) or
// take the most probable h (deterministic; sign(θ) for a filter without bias, ties broken upward).
//
// Layout of the coarse lattice: a W×H lattice with w×h blocks becomes (H/h) rows of (W/w)·n_h
// spins — each block's hidden units side by side, hidden j of block (bx, by) at column bx·n_h + j.
// With one hidden unit that is simply the (W/w)×(H/h) block-spin lattice (1D: L/w sites).
#include <cstdint>
#include <stop_token>

#include "core/common/progress.h"
#include "core/lattice/sample_set.h"
#include "core/learn/filter.h"

namespace rsmi {

enum class CoarseGrainingMode { Stochastic, Deterministic };

struct CoarseGrainingOptions {
  int blockWidth = 2;
  int blockHeight = 2;
  CoarseGrainingMode mode = CoarseGrainingMode::Stochastic;
  std::uint64_t seed = 1;  // stream (seed, CoarseGraining, sample index): thread-count independent
  int threads = 0;         // 0: all cores
};

// Empty when the block tiles the samples and matches the rule's visible size; else the problem.
std::string validateCoarseGraining(const SampleSet& samples, const HiddenConditional& rule,
                                   const CoarseGrainingOptions& options);

// Throws std::invalid_argument (validateCoarseGraining's message) or Cancelled.
SampleSet coarseGrain(const SampleSet& samples, const HiddenConditional& rule, const CoarseGrainingOptions& options,
                      std::stop_token stop = {}, const ProgressSink& progress = {});

} // namespace rsmi
