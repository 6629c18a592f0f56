#pragma once
// Estimator (c) of SCIENCE.md §4, faithful to Koch-Janusz & Ringel (2018): two "Θ-RBMs" trained by
// CD-k model P(v, e) (visible layer [v e]) and P(v), with free energies F_VE and F_V; the filter Λ is
// scored by the proxy
//   A_Λ = E_{(v,e)~data} Σ_h p_Λ(h|v) [ log Z_VE(h, e) − log Z_V(h) ],
//   Z_VE(h, e) = Σ_v' p_Λ(h|v') e^{−F_VE(v', e)},   Z_V(h) = Σ_v' p_Λ(h|v') e^{−F_V(v')}.
//
// What estimate() returns. A_Λ differs from the mutual information by a Λ-independent constant:
// with P(h|e) = Z_VE(h,e)/Σ_v' e^{−F_VE(v',e)} and P(h) = Z_V(h)/Σ_v' e^{−F_V(v')} (the RBMs'
// normalised distributions),
//   A_Λ = I_Λ + c,   I_Λ = E Σ_h p_Λ(h|v) log[P(h|e)/P(h)],   c = E_e log Σ_v' e^{−F_VE(v',e)} − log Z_V.
// (c is far from zero: with exact, normalised RBMs A_Λ = I(H:E) − H(E).) So estimate() returns I_Λ
// in nats — which equals I_Λ(H:E) exactly when the RBMs are the data distribution, and can be
// compared with estimators (a) and (b) — and proxy() returns the paper's A_Λ = I_Λ + c. The gradients
// of the two are identical.
//
// The gradient, derived by hand (the paper: automatic differentiation fails because MC acceptance
// thresholds make the sampled estimate piecewise constant in λ). With D_ij(v, h) = ∂ log p_Λ(h|v)/∂λ_ij
// = v_i (h_j − tanh θ_j(v)) and L(h, e) = log Z_VE(h, e) − log Z_V(h):
//   ∂A/∂λ_ij = E Σ_h p_Λ(h|v) D_ij(v, h) L(h, e)                                   (term 1)
//            + E Σ_h p_Λ(h|v) [ ⟨D_ij(v', h)⟩_{VE,h,e} − ⟨D_ij(v', h)⟩_{V,h} ]      (term 2)
// where ⟨·⟩_{VE,h,e} is over v' ∝ p_Λ(h|v') e^{−F_VE(v',e)} and ⟨·⟩_{V,h} over v' ∝ p_Λ(h|v') e^{−F_V(v')}
// (∂ log Z_VE(h,e)/∂λ = ⟨D(v', h)⟩_{VE,h,e}). In term 1 only the h-dependence of L matters
// (Σ_h ∂p_Λ(h|v) = 0), so L may be replaced by log P(h|e) − log P(h). For the filter's bias replace
// v_i by 1.
//
// Exact and sampled:
//  * Σ_h is always an exact sum over the 2^{n_h} hidden states, weighted by the exact p_Λ(h|v_n).
//  * Exact-sum mode (n_v ≤ exactVisibleLimit, default 16): every v'-sum is enumerated over the 2^{n_v}
//    block states; estimate, proxy and gradient are then exact given the RBMs (no sampling at all).
//  * Monte Carlo mode (the paper's scheme; the default for estimateWithGradient): the inner
//    expectations of term 2 are sampled by tilted Gibbs chains (rbm_gibbs_chains.h): one VE chain per
//    (window n, hidden state h), e_n clamped, started at v_n, and one V chain per (n, h) whose
//    estimates are pooled over n (⟨·⟩_{V,h} does not depend on e). `burnIn` sweeps, then the average
//    over `samples` sweeps (the paper: 126 and 2). L in term 1 is exact when n_v ≤ exactLogRatioLimit
//    (default 12) and n_v ≤ exactVisibleLimit, otherwise sampled: P(h|e_n) ≈ mean of p_Λ(h|v') over untilted chains v' ~ P_VE(v'|e_n) and
//    P(h) ≈ mean over chains of P_V (estimateSamples sweeps each). estimate() for n_v > exactVisibleLimit
//    uses the same untilted sampling (and is then a Monte Carlo estimate); proxy() needs the
//    normalisers c exactly, enumerating the smaller layer of each RBM.
//
// Determinism: sampling streams derive from (options.seed, StreamPurpose::Training, ...) and the call
// count of estimateWithGradient (or the batch position for estimate), in fixed blocks of windows
// whatever the number of threads.
#include <cstdint>
#include <memory>

#include "core/learn/mutual_information_estimator.h"
#include "core/learn/rbm.h"
#include "core/learn/rbm_training.h"

namespace rsmi {

struct PaperEstimatorOptions {
  // Θ-RBMs. The paper does not state the hidden sizes; these defaults fit the 2×2-block window
  // (24 visible units for P(v, e), 4 for P(v)).
  int jointHiddenUnits = 16;     // RBM of P(v, e)
  int marginalHiddenUnits = 8;   // RBM of P(v)
  // The paper: CD, 300 epochs (Ising; 2000 dimers), minibatch 25, plain SGD + L2. Its seed and stream
  // are replaced by (seed, 1) for the joint RBM and (seed, 2) for the marginal one.
  RbmTrainingOptions rbmTraining{};
  double rbmInitialScale = 0.01;     // initial weights uniform in ±scale

  enum class GradientMode { MonteCarlo, ExactSum };
  GradientMode gradientMode = GradientMode::MonteCarlo;
  int burnIn = 126;           // the paper: 126 burn-in sweeps …
  int samples = 2;            // … then 2 samples
  int exactVisibleLimit = 16; // exact v'-sums (estimate, proxy, exact-sum gradient) when n_v ≤ this
  // The MC gradient takes L exactly only up to this block size: the exact sums cost
  // N·2^{n_v}·n_hid log-cosh evaluations (≈ 3–7 s per 800 windows at n_v = 16), the sampled L ≈ 0.1 s.
  int exactLogRatioLimit = 12;
  int estimateSamples = 64;   // sweeps averaged per chain by the sampled P(h|e), P(h) (n_v > limit)
  std::uint64_t seed = 1;
};

class PaperEstimator final : public MutualInformationEstimator {
public:
  explicit PaperEstimator(PaperEstimatorOptions options = {});
  ~PaperEstimator() override;

  std::string name() const override { return "paper"; }
  // Trains the two Θ-RBMs (concurrently) on the training windows. Progress: "training Θ-RBMs".
  void prepare(const WindowSet& training, std::stop_token stop = {}, const ProgressSink& progress = {}) override;
  // I_Λ in nats (see above): exact sums when n_v ≤ exactVisibleLimit, else a Monte Carlo estimate.
  double estimate(const HiddenConditional& rule, const WindowBatch& batch) const override;
  // The Θ-RBMs do not depend on the rule: prepares on `training` if not yet prepared, then estimates
  // on all of `heldOut`.
  double score(const HiddenConditional& rule, const WindowSet& training, const WindowSet& heldOut,
               std::stop_token stop = {}) override;
  // Gradient of I_Λ (= gradient of A_Λ) by options.gradientMode; returns the estimate on the batch.
  double estimateWithGradient(const Filter& filter, const WindowBatch& batch, FilterGradient& gradient) override;

  // The paper's proxy A_Λ = estimate + proxyOffset (needs exact normalisers: see above).
  double proxy(const HiddenConditional& rule, const WindowBatch& batch) const;
  double proxyOffset(const WindowBatch& batch) const;

  // Both modes, explicitly. `stream` selects the sampling stream of the Monte Carlo gradient.
  double exactSumGradient(const Filter& filter, const WindowBatch& batch, FilterGradient& gradient) const;
  double monteCarloGradient(const Filter& filter, const WindowBatch& batch, FilterGradient& gradient,
                            std::uint64_t stream) const;

  // The Θ-RBMs: joint over [v e] (n_v + n_e visible units), marginal over v. setModels replaces
  // training (tests, or RBMs restored from a run).
  void setModels(Rbm joint, Rbm marginal, int visibleCount);
  bool prepared() const { return static_cast<bool>(state_); }
  const Rbm& jointModel() const;
  const Rbm& marginalModel() const;
  const PaperEstimatorOptions& options() const { return options_; }
  PaperEstimatorOptions& options() { return options_; }

private:
  struct State;
  const State& state() const;
  // I_Λ with log P(h|e) and log P(h) sampled by untilted chains (n_v > exactVisibleLimit).
  double sampledEstimate(const HiddenConditional& rule, const WindowBatch& batch, std::uint64_t stream) const;

  PaperEstimatorOptions options_;
  std::shared_ptr<const State> state_;  // immutable once built; shared so copies are cheap
  std::uint64_t gradientCalls_ = 0;
};

} // namespace rsmi
