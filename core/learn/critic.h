#pragma once
// The critic of the variational (Barber–Agakov) estimator, SCIENCE.md §4(b): a model r_ψ(h|e) of the
// hidden state h ∈ {±1}^{n_h} given the environment e, as a softmax over all 2^{n_h} hidden states
//   r_ψ(h|e) = exp(ℓ_h(e)) / Σ_h' exp(ℓ_h'(e)),
//   ℓ_h(e) = c_h + Σ_k U_{h,k} a_k(e),   a(e) = e (linear critic)  or  a(e) = tanh(W e + b) (one hidden
//   tanh layer of width m).
// It is fitted by the soft-target cross-entropy  L(ψ) = −(1/N) Σ_n Σ_h t_{n,h} log r_ψ(h|e_n)
// (+ an optional L2 term), whose targets are t_{n,h} = p_Λ(h|v_n); any r gives a lower bound on
// I(H:E), and the best r in the family gives the tightest one. Hidden states are indexed as in
// spin_states.h (h_j = +1 iff bit j of the index is set).
//
// All parameters live in one flat vector (layout below), so that the gradient, the Adam moments, the
// finite-difference tests and the early-stopping snapshots share one simple representation.
#include <cstdint>

#include "core/learn/spin_states.h"

namespace rsmi {

// Environment windows as doubles, one window per row, row-major: the layout of WindowSet, so that
// casting a minibatch is a straight vectorised copy (a column-major target costs ~6× more; §4(b)
// minibatches have 1000 windows × up to several hundred entries). A column-major Matrix argument
// converts implicitly (with a copy).
using EnvironmentRows = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct CriticOptions {
  int hiddenLayerWidth = 0;    // m; 0 → linear critic (a(e) = e). The linear problem is convex.
  double learningRate = 1e-2;  // Adam step size
  double beta1 = 0.9;          // Adam first-moment decay
  double beta2 = 0.999;        // Adam second-moment decay
  double epsilon = 1e-8;       // Adam denominator guard
  double weightDecay = 0.0;    // L2 strength: L += (weightDecay/2)(‖U‖² + ‖W‖²); biases are not decayed
  double initialScale = 0.01;  // output weights U i.i.d. uniform in [−scale, scale]; c = 0
};

// Largest n_h the critic accepts: the softmax has 2^{n_h} outputs (SCIENCE.md §4(b): "n_h up to ~8").
inline constexpr int kMaxCriticHiddens = 8;

class Critic {
public:
  // Deterministic initialisation from the random stream (seed, StreamPurpose::Training, streamIndex):
  // U uniform in ±options.initialScale, c = 0; with a hidden layer, W uniform in ±1/√n_e, b = 0.
  // Throws std::invalid_argument for n_h ∉ [1, kMaxCriticHiddens], n_e < 0 or a negative width.
  Critic(int hiddenCount, int environmentSize, const CriticOptions& options, std::uint64_t seed,
         std::uint64_t streamIndex);

  int hiddenCount() const { return hiddenCount_; }
  int environmentSize() const { return environmentSize_; }
  Eigen::Index stateCount() const { return Eigen::Index{1} << hiddenCount_; }
  const CriticOptions& options() const { return options_; }
  void setLearningRate(double rate) { options_.learningRate = rate; }

  // log r_ψ(h|e) for every environment row (N × n_e) → N × 2^{n_h}; each row log-normalised.
  Matrix logProbabilities(const EnvironmentRows& environment) const;

  // L(ψ) with targets t (N × 2^{n_h}; rows need not sum to one, the gradient handles the general case).
  double loss(const EnvironmentRows& environment, const Matrix& targets) const;
  // L(ψ) and ∂L/∂ψ in the layout of parameters(). When logProbabilities is given it receives
  // log r_ψ(h|e_n), which the estimator reuses for Ĩ and ∂Ĩ/∂Λ (one forward pass per step).
  double lossWithGradient(const EnvironmentRows& environment, const Matrix& targets, Vector& gradient,
                          Matrix* logProbabilities = nullptr) const;

  // One Adam step (Kingma & Ba, with bias correction) downhill along `gradient`.
  void adamStep(const Vector& gradient);
  // lossWithGradient + adamStep; returns the loss before the step.
  double trainStep(const EnvironmentRows& environment, const Matrix& targets);
  long long stepsTaken() const { return steps_; }

  // Flat parameters ψ = [U (2^{n_h} × d, column-major) | c (2^{n_h}) | W (m × n_e, column-major) | b (m)],
  // d = m with a hidden layer, else n_e. setParameters keeps the Adam state.
  const Vector& parameters() const { return params_; }
  void setParameters(const Vector& parameters);
  Eigen::Index parameterCount() const { return params_.size(); }

private:
  Eigen::Index featureCount() const;  // d
  // Forward pass: features A (N × d; a copy of e only for the hidden-layer critic) and log r.
  void forward(const EnvironmentRows& environment, Matrix& features, Matrix& logR) const;

  int hiddenCount_ = 0;
  int environmentSize_ = 0;
  CriticOptions options_;
  Vector params_, firstMoment_, secondMoment_;
  long long steps_ = 0;
};

} // namespace rsmi
