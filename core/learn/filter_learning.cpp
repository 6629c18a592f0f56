#include "core/learn/filter_learning.h"

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "core/learn/exact_estimator.h"
#include "core/learn/fixed_rules.h"
#include "core/learn/paper_estimator.h"
#include "core/learn/variational_estimator.h"

namespace rsmi {

std::string_view estimatorName(EstimatorKind kind) {
  switch (kind) {
    case EstimatorKind::Exact: return "exact";
    case EstimatorKind::Variational: return "variational";
    case EstimatorKind::Paper: return "paper";
  }
  return "?";
}

std::optional<EstimatorKind> parseEstimator(std::string_view name) {
  for (EstimatorKind k : {EstimatorKind::Exact, EstimatorKind::Variational, EstimatorKind::Paper})
    if (name == estimatorName(k)) return k;
  return std::nullopt;
}

std::unique_ptr<MutualInformationEstimator> makeEstimator(EstimatorKind kind, std::uint64_t seed) {
  switch (kind) {
    case EstimatorKind::Exact: {
      ExactEstimatorOptions o;
      o.seed = seed;
      return std::make_unique<ExactEstimator>(o);
    }
    case EstimatorKind::Variational: {
      VariationalOptions o;
      o.seed = seed;
      return std::make_unique<VariationalEstimator>(o);
    }
    case EstimatorKind::Paper: {
      PaperEstimatorOptions o;
      o.seed = seed;
      return std::make_unique<PaperEstimator>(o);
    }
  }
  return nullptr;
}

std::string validate(const LearningSpec& spec, std::span<const int> sampleShape, std::size_t sampleCount) {
  if (std::string problem = validate(spec.window, sampleShape); !problem.empty()) return problem;
  if (sampleCount < 2) return "at least two samples are needed (one for training, one held out)";
  if (!(spec.heldOutFraction > 0 && spec.heldOutFraction < 1))
    return "the held-out fraction must lie strictly between 0 and 1";
  const int visible = spec.window.blockWidth * spec.window.blockHeight;
  const FilterTrainingOptions& t = spec.training;
  if (t.hiddenCount < 1 || t.hiddenCount > 8) return "the number of hidden units must be between 1 and 8";
  if (spec.estimator == EstimatorKind::Exact && visible > 16)
    return "the exact estimator enumerates all 2^n_v block states and is limited to 16 visible spins; this block "
           "has " + std::to_string(visible) + " (use the variational estimator)";
  if (t.epochs < 1) return "epochs must be at least 1";
  if (t.restarts < 1) return "restarts must be at least 1";
  if (t.minibatch < 1) return "the minibatch must hold at least one window";
  if (!(t.learningRate > 0) || !std::isfinite(t.learningRate)) return "the learning rate must be a positive number";
  if (!(t.l2 >= 0) || !std::isfinite(t.l2)) return "the L2 regulariser must be a number >= 0";
  if (!(t.spread >= 0) || !std::isfinite(t.spread)) return "the spread penalty must be a number >= 0";
  if (!(t.averagingSteps >= 0) || !std::isfinite(t.averagingSteps))
    return "the averaging time constant must be a number of steps >= 0";
  return {};
}

namespace {

// The statistical error of the held-out estimate. Windows are in sample order, so consecutive
// batches hold whole samples and are nearly independent: the spread of batch means of the window
// terms (P(h) of the whole set fixed; exact estimator) over √batches is the standard error. An
// estimator without window terms is re-estimated per batch instead — the spread of those estimates
// also carries each batch's own P(h), which overstates the error in the ordered phase.
double heldOutError(const MutualInformationEstimator& estimator, const HiddenConditional& rule,
                    const WindowSet& heldOut) {
  const std::size_t n = heldOut.count(), batches = kHeldOutBatches;
  if (n < 2 * batches) return 0.0;
  std::vector<double> terms, values;
  const bool haveTerms = estimator.windowTerms(rule, WindowBatch::all(heldOut), terms);
  for (std::size_t b = 0; b < batches; ++b) {
    const std::size_t first = n * b / batches, last = n * (b + 1) / batches;
    if (haveTerms) {
      double sum = 0;
      for (std::size_t k = first; k < last; ++k) sum += terms[k];
      values.push_back(sum / double(last - first));
    } else {
      values.push_back(estimator.estimate(rule, {&heldOut, first, last - first}));
    }
  }
  double mean = 0, var = 0;
  for (double v : values) mean += v;
  mean /= double(batches);
  for (double v : values) var += (v - mean) * (v - mean);
  var /= double(batches - 1);
  return std::sqrt(var / double(batches));
}

// What learning and scoring share: the spec checked, the windows cut and split, the estimator
// prepared on the training windows.
struct PreparedEstimator {
  WindowSplit split;
  std::unique_ptr<MutualInformationEstimator> estimator;
};

PreparedEstimator prepareEstimator(const SampleSet& samples, const LearningSpec& spec, std::stop_token stop,
                                   const ProgressSink& progress) {
  if (std::string problem = validate(spec, samples.shape, samples.count()); !problem.empty())
    throw std::invalid_argument(problem);
  const WindowLayout layout(spec.window, samples.shape);
  PreparedEstimator p{splitWindows(samples, layout, spec.heldOutFraction, spec.maxTrainingWindows,
                                   spec.training.seed, spec.maxHeldOutWindows),
                      makeEstimator(spec.estimator, spec.training.seed)};
  if (progress) progress({"preparing the " + std::string(estimatorName(spec.estimator)) + " estimator", 0});
  p.estimator->prepare(p.split.training, stop, progress);
  return p;
}

} // namespace

LearningResult learnFilter(const SampleSet& samples, const LearningSpec& spec, std::stop_token stop,
                           const EpochCallback& onEpoch, const ProgressSink& progress) {
  const auto start = std::chrono::steady_clock::now();
  auto [split, estimator] = prepareEstimator(samples, spec, stop, progress);
  LearningResult result;
  result.trainingWindows = split.training.count();
  result.heldOutWindows = split.heldOut.count();
  result.training = trainFilter(*estimator, split, spec.training, stop, onEpoch, progress);
  if (progress) progress({"scoring the learned filter and the fixed rules", 0});
  result.heldOutNats = estimator->score(result.training.filter, split.training, split.heldOut, stop);
  result.heldOutError = heldOutError(*estimator, result.training.filter, split.heldOut);
  if (spec.scoreBaselines) {
    for (const SubsetMajorityRule& rule : fixedRules(spec.window.blockWidth, spec.window.blockHeight)) {
      if (stop.stop_requested()) throw Cancelled{};
      result.baselines.push_back({rule.name(), estimator->score(rule, split.training, split.heldOut, stop)});
    }
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

LearningResult scoreFixedRule(const SampleSet& samples, const LearningSpec& spec, const HiddenConditional& rule,
                              std::stop_token stop, const ProgressSink& progress) {
  const auto start = std::chrono::steady_clock::now();
  auto [split, estimator] = prepareEstimator(samples, spec, stop, progress);
  LearningResult result;
  result.trainingWindows = split.training.count();
  result.heldOutWindows = split.heldOut.count();
  if (progress) progress({"scoring the fixed rule", 0});
  result.heldOutNats = estimator->score(rule, split.training, split.heldOut, stop);
  // The variational estimate() uses the critic trained alongside a filter, which a fixed rule never
  // had; its batch spread is then unknown (0).
  if (spec.estimator != EstimatorKind::Variational) result.heldOutError = heldOutError(*estimator, rule, split.heldOut);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

} // namespace rsmi
