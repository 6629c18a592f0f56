#pragma once
// Estimator (a) of SCIENCE.md §4, exact enumeration: with a conditional model q(v|e) over all 2^{n_v}
// block states (conditional_model.h, trained once in prepare()) and data windows e_n, n = 1..N,
//   P(h|e_n) = Σ_v p_Λ(h|v) q(v|e_n),   P(h) = (1/N) Σ_n P(h|e_n),
//   I = (1/N) Σ_n Σ_h P(h|e_n) log[P(h|e_n)/P(h)],
//   ∂I/∂λ_ij = (1/N) Σ_n Σ_h [Σ_v q(v|e_n) p_Λ(h|v) v_i (h_j − tanh θ_j(v))] · log[P(h|e_n)/P(h)].
// Exact given q: the gradient has no sampling noise beyond the choice of windows. The P(h) inside
// the log needs no extra term because Σ_h ∂P(h) = 0. Values are in nats.
// With q fitted to finite data the plug-in estimate is biased upwards: noise in q is spurious
// dependence of v on e, and it adds mutual information (to second order, so it never averages out).
// The bias falls roughly like 1/(effective number of training windows): for the 2×2 Ising block at
// β_c (L = 32, Wolff samples; true I of the majority rule ≈ 0.585 bits) it is ≈ +0.013 bits with q
// fitted on 300 samples (77k windows), +0.003 bits on 3000 and +0.001 bits on 9000 samples.
// Fit q on as many windows as can be afforded.
#include <cstdint>
#include <memory>
#include <vector>

#include "core/learn/conditional_model.h"
#include "core/learn/mutual_information_estimator.h"

namespace rsmi {

struct ExactEstimatorOptions {
  // Blocks above this many spins are refused (2^{n_v} states per window); at most 24.
  int maxVisible = 16;
  ConditionalModelOptions conditional;
  // prepare() fits q on at most this many training windows (a uniform subset, in their original order,
  // chosen from `seed`); 0 = all of them.
  std::size_t maxPrepareWindows = 1000000;
  std::uint64_t seed = 1;
  // q(v|e_n) is fixed after prepare(), so it is cached per window set (the training and held-out sets)
  // while the cache stays below this size; larger sets are recomputed batch by batch.
  std::size_t cacheBytes = std::size_t{256} << 20;
};

class ExactEstimator final : public MutualInformationEstimator {
public:
  // Throws std::invalid_argument unless 1 ≤ maxVisible ≤ 24.
  explicit ExactEstimator(const ExactEstimatorOptions& options = {});
  ExactEstimator(ExactEstimator&&) noexcept;
  ExactEstimator& operator=(ExactEstimator&&) noexcept;
  ~ExactEstimator() override;

  std::string name() const override { return "exact"; }

  // Trains q(v|e) on (a subset of) the training windows. Throws std::invalid_argument when the block
  // exceeds options.maxVisible (the message names the block size and the limit and points to the
  // variational estimator), Cancelled on stop.
  void prepare(const WindowSet& training, std::stop_token stop = {}, const ProgressSink& progress = {}) override;

  // I_Λ(H:E) on the batch for any coarse-graining rule with the block's visible count. Needs prepare()
  // (or setConditional()); throws std::logic_error otherwise, std::invalid_argument on mismatched sizes.
  double estimate(const HiddenConditional& rule, const WindowBatch& batch) const override;

  bool windowTerms(const HiddenConditional& rule, const WindowBatch& batch, std::vector<double>& terms) const override;

  // q does not depend on the rule: prepares on `training` only if not prepared yet, then estimates on
  // all of `heldOut`.
  double score(const HiddenConditional& rule, const WindowSet& training, const WindowSet& heldOut,
               std::stop_token stop = {}) override;

  // I on the minibatch and its exact gradient with respect to λ (and b when filter.hasBias).
  double estimateWithGradient(const Filter& filter, const WindowBatch& batch, FilterGradient& gradient) override;

  // Uses a given q (e.g. an exact conditional in tests, or one trained elsewhere) instead of prepare().
  void setConditional(ConditionalModel q);
  bool prepared() const { return q_.visibleCount() > 0; }
  const ConditionalModel& conditional() const { return q_; }
  const ConditionalTrainingReport& trainingReport() const { return report_; }
  const ExactEstimatorOptions& options() const { return options_; }
  // Drops cached q(v|e_n). Cache entries are checked against the windows' contents on every use, so
  // this is only needed to free memory.
  void clearCache() const;

private:
  struct Cache;
  double evaluate(const HiddenConditional& rule, const Filter* filter, const WindowBatch& batch,
                  FilterGradient* gradient, std::vector<double>* terms = nullptr) const;
  void checkBlockSize(int visibleCount) const;

  ExactEstimatorOptions options_;
  ConditionalModel q_;
  ConditionalTrainingReport report_;
  Matrix blockStates_;  // allSpinStates(n_v), K × n_v
  std::unique_ptr<Cache> cache_;  // q(v|e_n) per window set, behind a mutex (exact_estimator.cpp)
};

} // namespace rsmi
