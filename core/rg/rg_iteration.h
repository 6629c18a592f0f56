#pragma once
// The RG iteration (SCIENCE.md §5): at every scale learn the filter Λ on windows of the current
// samples, coarse-grain every sample with it, and repeat on the coarse samples — filters are
// re-learned at every scale. Level 0 is the input; level k+1 is level k coarse-grained with the
// filter learned at level k. The iteration stops after `steps` coarse-grainings, or earlier when
// the window no longer fits the coarse lattice. A filter is learned at every level the window fits,
// the last one included (its MI is what an MI thermometer reads there).
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/learn/filter_learning.h"
#include "core/models/observables.h"
#include "core/rg/coarse_grainer.h"

namespace rsmi {

// What coarse-grains at every level: the filter learned there (RSMI), or Kadanoff's majority rule
// over the block (random tie-break) — the fixed-rule comparison, scored by the same estimator.
enum class CoarseGrainingRule { Learned, Majority };
std::string_view ruleName(CoarseGrainingRule);  // "learned", "majority"
std::optional<CoarseGrainingRule> parseRule(std::string_view);

struct RgIterationSpec {
  LearningSpec learning;  // geometry, estimator and training, the same at every scale
  CoarseGrainingRule rule = CoarseGrainingRule::Learned;
  int steps = 3;          // coarse-graining steps wanted
  CoarseGrainingMode mode = CoarseGrainingMode::Stochastic;
  std::uint64_t seed = 1;  // level k trains with seed + k and coarse-grains with stream (seed + k)
  int threads = 0;
  // Learn a filter at the last level too (what an MI thermometer reads there); off when nothing
  // reads it (dimers: no thermometer, and the window is not meant for their coarse lattice).
  bool learnAtLastLevel = true;
  bool keepSamples = false;  // keep every level's samples in the result (memory: ~1/3 more than level 0)
};

struct RgLevel {
  int level = 0;
  std::vector<int> shape;            // per-sample lattice shape at this level
  IsingObservables observables;      // of this level's samples (Ising encoding, periodic)
  bool learned = false;              // false when the window does not fit this level's lattice
  LearningResult learning;           // the filter learned (or the rule scored) at this level, its MI;
                                     // when its training diverged (learning.training.divergence), the
                                     // last good filter, which then makes the next level
  SampleSet samples;                 // only with keepSamples
  SampleSet snapshot;                // the level's first configuration, for display (one sample)
  double coarseGrainingSeconds = 0;  // making the next level (0 at the last)
  double observingSeconds = 0;       // measuring this level's observables
};

struct RgIterationResult {
  std::vector<RgLevel> levels;
  std::string stoppedBecause;  // why there are fewer levels than steps + 1 (empty otherwise)
  double samplingSeconds = 0;  // drawing the level-0 samples, when the iteration made them
};

// Called from the working thread: after each level is complete (its filter learned, if any).
using LevelCallback = std::function<void(const RgLevel&)>;
// Every epoch of the filter training at `level`.
using LevelEpochCallback = std::function<void(int level, const EpochRecord&, const Filter&)>;

// Throws std::invalid_argument (a spec that does not fit the input), Cancelled, or what learnFilter
// throws. Levels finished before a cancellation have been reported through onLevel.
RgIterationResult iterateRg(const SampleSet& samples, const RgIterationSpec& spec, std::stop_token stop = {},
                            const LevelCallback& onLevel = {}, const LevelEpochCallback& onEpoch = {},
                            const ProgressSink& progress = {});

} // namespace rsmi
