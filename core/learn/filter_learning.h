#pragma once
// One learning run (SCIENCE.md §2–§4): windows of a sample set → split into training and held-out
// samples → the estimator prepares (q, critic, Θ-RBMs) → the filter Λ is trained → the learned filter
// and the fixed-rule baselines are scored by the same estimator on the held-out windows.
// Shared by `rsmi train`, the studio and every step of the RG iteration.
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/lattice/sample_set.h"
#include "core/lattice/window_geometry.h"
#include "core/learn/filter_trainer.h"

namespace rsmi {

enum class EstimatorKind { Exact, Variational, Paper };
std::string_view estimatorName(EstimatorKind);  // "exact", "variational", "paper"
std::optional<EstimatorKind> parseEstimator(std::string_view);

// The estimator with its defaults, seeded from `seed`.
std::unique_ptr<MutualInformationEstimator> makeEstimator(EstimatorKind kind, std::uint64_t seed);

struct LearningSpec {
  WindowGeometry window;
  EstimatorKind estimator = EstimatorKind::Exact;
  FilterTrainingOptions training;
  double heldOutFraction = 0.2;             // of the samples (windows of one sample stay together)
  std::size_t maxTrainingWindows = 200000;  // a uniform subset of the training windows; 0: all
  std::size_t maxHeldOutWindows = 200000;   // a uniform subset of the held-out windows; 0: all
  bool scoreBaselines = true;               // majority, decimation, boundary (one hidden each)
};

// Empty when the spec fits samples of this shape; otherwise the problem, named.
std::string validate(const LearningSpec& spec, std::span<const int> sampleShape, std::size_t sampleCount);

struct RuleScore {
  std::string name;
  double nats = 0;
};

struct LearningResult {
  FilterTrainingResult training;  // the filter (signs fixed), its MI curve, epochs
  double heldOutNats = 0;         // the learned filter scored like the baselines
  // Statistical error of heldOutNats from the held-out windows: the spread of the estimate over
  // kHeldOutBatches consecutive batches (windows in sample order, so a batch holds whole samples).
  double heldOutError = 0;
  std::vector<RuleScore> baselines;
  std::size_t trainingWindows = 0, heldOutWindows = 0;
  double seconds = 0;
};

inline constexpr int kHeldOutBatches = 16;

// Throws std::invalid_argument (validate()'s message, or an estimator's refusal) or Cancelled.
// Training that diverges does not throw: the result holds the last good filter and
// training.divergence says what happened (filter_trainer.h).
LearningResult learnFilter(const SampleSet& samples, const LearningSpec& spec, std::stop_token stop = {},
                           const EpochCallback& onEpoch = {}, const ProgressSink& progress = {});

// A fixed rule in place of a learned filter (the comparison of SCIENCE.md §6 with Kadanoff's majority
// rule): the estimator is prepared on the same windows as learnFilter would use and scores `rule`;
// the result has no training curve, an empty filter and heldOutNats/heldOutError of the rule.
LearningResult scoreFixedRule(const SampleSet& samples, const LearningSpec& spec, const HiddenConditional& rule,
                              std::stop_token stop = {}, const ProgressSink& progress = {});

} // namespace rsmi
