#pragma once
// One interface for the three estimators of I_Λ(H:E) (SCIENCE.md §4): exact enumeration (a),
// the variational Barber–Agakov bound with a critic (b), and the paper's Θ-RBM proxy (c).
// All values are in nats; bits = nats / ln 2.
#include <cmath>
#include <stop_token>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/lattice/window_geometry.h"
#include "core/learn/filter.h"

namespace rsmi {

inline constexpr double kLn2 = 0.69314718055994530942;
inline double natsToBits(double nats) { return nats / kLn2; }

// A contiguous range of windows [first, first + count) of a WindowSet: a minibatch.
struct WindowBatch {
  const WindowSet* windows = nullptr;
  std::size_t first = 0;
  std::size_t count = 0;
  static WindowBatch all(const WindowSet& w) { return {&w, 0, w.count()}; }
};

class MutualInformationEstimator {
public:
  virtual ~MutualInformationEstimator() = default;
  virtual std::string name() const = 0;  // "exact", "variational", "paper"

  // Learns what the estimator needs from the training windows before Λ is trained: the conditional
  // model q(v|e) (exact), a critic warm-up (variational), the Θ-RBMs (paper). Throws Cancelled.
  virtual void prepare(const WindowSet& training, std::stop_token stop = {}, const ProgressSink& progress = {}) = 0;

  // The estimate of I_Λ(H:E) on a batch (e.g. held-out windows) for the filter being trained
  // (whose critic, for the variational estimator, is the one trained alongside). Changes no parameter.
  virtual double estimate(const HiddenConditional& rule, const WindowBatch& batch) const = 0;

  // Scores any rule from scratch: fits what depends on the rule (the variational estimator trains a
  // fresh critic for it on `training`, leaving the jointly trained one untouched), then estimates on
  // `heldOut`. This is how fixed-rule baselines and a finished filter are compared fairly.
  virtual double score(const HiddenConditional& rule, const WindowSet& training, const WindowSet& heldOut,
                       std::stop_token stop = {}) = 0;

  // The estimate on a batch written as a mean over its windows, I = (1/N) Σ_n t_n, with P(h) of the
  // whole batch held fixed inside t_n; the terms are what an error bar needs (their batch means vary
  // like I does, to first order). Fills `terms` and returns true, or returns false when the estimator
  // has no such form.
  virtual bool windowTerms(const HiddenConditional& /*rule*/, const WindowBatch& /*batch*/,
                           std::vector<double>& /*terms*/) const {
    return false;
  }

  // Called by the trainer with the initial filter of every (re)start, before its first step.
  // Estimators with auxiliary parameters reset them here and may let them learn first (the
  // variational estimator warms its critic up, which helps escape the I ≈ 0 saddle).
  virtual void beginFilterTraining(const Filter& /*initial*/, std::stop_token /*stop*/ = {}) {}

  // The estimate on a training minibatch and its gradient with respect to Λ (written to `gradient`,
  // which has the filter's shape). Estimators with auxiliary parameters trained jointly with Λ
  // (the critic) take their own step here.
  virtual double estimateWithGradient(const Filter& filter, const WindowBatch& batch, FilterGradient& gradient) = 0;
};

} // namespace rsmi
