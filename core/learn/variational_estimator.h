#pragma once
// Estimator (b) of SCIENCE.md §4: the variational Barber–Agakov lower bound on I_Λ(H:E),
//   Ĩ = H(H) + (1/N) Σ_n Σ_h p_Λ(h|v_n) log r_ψ(h|e_n),   H(H) = −Σ_h P(h) log P(h),
//   P(h) = (1/N) Σ_n p_Λ(h|v_n),
// with the critic r_ψ of critic.h. The sum over h is exact (2^{n_h} terms), so the gradient with
// respect to the filter needs no relaxation or REINFORCE:
//   ∂Ĩ/∂λ_ij = (1/N) Σ_n Σ_h p_Λ(h|v_n) v_{n,i} (h_j − tanh θ_j(v_n)) [log r_ψ(h|e_n) − log P(h)],
//   ∂Ĩ/∂b_j  = the same without v_{n,i}.
// (The derivative of P(h) inside H(H) contributes −Σ_h ∂P(h) (log P(h) + 1); the +1 drops because
// Σ_h P(h) = 1.) Works for any block size; n_h ≤ 8. Values in nats.
//
// Joint training (who does what): the trainer owns the filter's optimiser, its L2 regulator and the
// restarts; this estimator owns the critic. estimateWithGradient() returns Ĩ and ∂Ĩ/∂Λ with the
// current critic and then moves the critic by Adam on the same minibatch. Plain joint ascent from a
// small random filter lingers at the saddle Ĩ ≈ 0 (dimers); a critic that starts learning first
// helps: the trainer's beginFilterTraining() hook gives every (re)start a new critic and runs
// warmUp() with the initial filter before the first step.
//
// Random streams (seed = VariationalOptions::seed, purpose StreamPurpose::Training): the indices
// below, far from the small ones used elsewhere (0 window subset, 1 Filter::random, 2 the trainer's
// window shuffle), so that the critic never shares a stream with them.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/common/random.h"
#include "core/learn/critic.h"
#include "core/learn/mutual_information_estimator.h"

namespace rsmi {

inline constexpr std::uint64_t kJointCriticStream = 0x5641'0000;   // + restart number
inline constexpr std::uint64_t kScoreCriticStream = 0x5642'0000;   // the fresh critic of score()
inline constexpr std::uint64_t kWarmUpShuffleStream = 0x5643'0000; // minibatch order in warmUp()
inline constexpr std::uint64_t kScoreShuffleStream = 0x5644'0000;  // minibatch order in score()

struct VariationalOptions {
  CriticOptions critic;              // architecture, Adam and L2 of every critic this estimator makes
  int criticStepsPerBatch = 1;       // Adam steps of the critic per estimateWithGradient() call
  int warmUpEpochs = 3;              // critic-only epochs in beginFilterTraining() (0: none)
  std::size_t batchSize = 1000;      // minibatch of warmUp() and score()
  std::uint64_t seed = 1;
  // score(): a fresh critic trained until the cross-entropy on a validation slice (the last
  // scoreValidationFraction of the training windows) stops improving.
  int scoreMaxEpochs = 200;
  int scorePatience = 6;             // epochs without improvement before stopping
  double scoreValidationFraction = 0.1;
  double scoreLearningRateDecay = 0.5;  // the step size shrinks by this after an epoch without improvement
  double scoreTolerance = 1e-6;      // nats; smaller improvements of the validation loss do not count
};

// The held-out bound of score() with its error: per-window terms
//   x_n = Σ_h p(h|v_n) [log r(h|e_n) − log P(h)]  have mean Ĩ (exactly), and Ĩ's delta-method
// standard error is sd(x)/√N for independent windows. Windows cut from one configuration are
// correlated; extractWindows stores them consecutively, so with windowsPerSample = blocks per sample
// the error comes from the G per-sample means x̄_g instead: sd(x̄)/√G (an incomplete last group is
// dropped from the error, not from the bound). Correlations between samples are not seen.
struct VariationalScore {
  double bound = 0.0;          // Ĩ on the held-out windows, nats
  double standardError = 0.0;  // nats
  int epochs = 0;              // epochs the fresh critic trained
};

class VariationalEstimator final : public MutualInformationEstimator {
public:
  explicit VariationalEstimator(VariationalOptions options = {});

  std::string name() const override { return "variational"; }
  const VariationalOptions& options() const { return options_; }

  // Stores a reference to the training windows for warmUp() (they must outlive its calls) and drops
  // any critic: the critic needs n_h, which only the filter knows, so the warm-up itself is warmUp().
  void prepare(const WindowSet& training, std::stop_token stop = {}, const ProgressSink& progress = {}) override;

  // Ĩ on the batch with the jointly trained critic (with a freshly initialised one if none matches
  // the rule's n_h yet). Changes nothing.
  double estimate(const HiddenConditional& rule, const WindowBatch& batch) const override;

  // Trains a fresh critic for `rule` on `training` to convergence and returns Ĩ on `heldOut`.
  double score(const HiddenConditional& rule, const WindowSet& training, const WindowSet& heldOut,
               std::stop_token stop = {}) override;
  VariationalScore scoreDetailed(const HiddenConditional& rule, const WindowSet& training,
                                 const WindowSet& heldOut, std::stop_token stop = {},
                                 std::size_t windowsPerSample = 1) const;

  // Ĩ and ∂Ĩ/∂Λ on the minibatch with the current critic, then options().criticStepsPerBatch Adam
  // steps of the critic on the same minibatch (targets p_Λ(h|v_n)).
  double estimateWithGradient(const Filter& filter, const WindowBatch& batch, FilterGradient& gradient) override;

  // A new joint critic for this (re)start (stream kJointCriticStream + number of starts since
  // prepare()), then warmUp(initial, options().warmUpEpochs) when prepared. Throws Cancelled on stop.
  void beginFilterTraining(const Filter& initial, std::stop_token stop = {}) override;

  // The critic learns first: `epochs` shuffled passes over the prepared training windows, training
  // the joint critic alone with targets p(h|v) of `rule` (the trainer's initial filter). Returns the
  // last epoch's mean training cross-entropy (nats). Throws std::logic_error before prepare(),
  // Cancelled on stop.
  double warmUp(const HiddenConditional& rule, int epochs, std::stop_token stop = {},
                const ProgressSink& progress = {});

  // A new joint critic for a restart of the trainer: the next use initialises it from stream
  // kJointCriticStream + restart (restart 0 is the state after construction and prepare()).
  void resetCritic(std::uint64_t restart);
  // The jointly trained critic, or nullptr before the first warmUp / estimateWithGradient.
  const Critic* critic() const { return critic_ ? &*critic_ : nullptr; }

private:
  Critic makeCritic(int hiddenCount, int environmentSize, std::uint64_t streamIndex) const;
  Critic& jointCritic(int hiddenCount, int environmentSize);

  VariationalOptions options_;
  const WindowSet* training_ = nullptr;
  std::optional<Critic> critic_;
  std::uint64_t restart_ = 0;  // stream offset of the joint critic
  std::uint64_t starts_ = 0;   // beginFilterTraining() calls since prepare()
  Xoshiro256pp warmUpRng_;
};

} // namespace rsmi
