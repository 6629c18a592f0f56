#pragma once
// The conditional model q(v|e) of the exact-enumeration estimator (SCIENCE.md §4 (a)): an exactly
// normalised distribution over all 2^{n_v} visible block states given the environment e (n_e inputs),
//   q(v|e) = exp s_v(e) / Σ_v' exp s_v'(e),
//   s_v(e) = a_v + Σ_k W_{v,k} e_k                         (linear; the default), or
//   s_v(e) = a_v + Σ_l W_{v,l} tanh(U_l·e + c_l)            (one hidden tanh layer of width m).
// The linear form already contains the exact conditional of the 1D chain (P(v|e) ∝ exp(K_1 e_l v_1 +
// K Σ v_i v_{i+1} + K_1 v_n e_r)); the tanh layer gives richer environments (2D) more capacity.
// Block states are indexed as in spin_states.h. Trained by maximum likelihood (Adam, minibatches,
// L2 on the weights, early stopping on held-out negative log-likelihood).
#include <cstdint>
#include <stop_token>
#include <vector>

#include "core/common/progress.h"
#include "core/lattice/window_geometry.h"
#include "core/learn/spin_states.h"

namespace rsmi {

struct ConditionalModelOptions {
  int hiddenWidth = 0;          // m: 0 = linear logits; > 0 adds one tanh layer of that width
  int epochs = 30;              // the budget; early stopping usually ends sooner
  int minibatch = 512;
  double learningRate = 0.02;   // Adam's step size in epoch 1; it decays as 1/√epoch
  double l2 = 1e-6;             // adds (l2/2)·Σ w² over W (and U) to the mean NLL; biases are free
  double heldOutFraction = 0.1; // the last windows of the training set (≈ the last samples) are held out
  int patience = 2;             // epochs without held-out improvement before stopping; 0 = never stop early
  double tolerance = 1e-5;      // an improvement must lower the held-out NLL by this much (nats/window)
  std::uint64_t seed = 1;       // initial weights (tanh layer) and minibatch order
};

struct ConditionalTrainingReport {
  int epochsRun = 0;
  int bestEpoch = 0;             // 0: the initial parameters (empirical marginal) were never beaten
  bool stoppedEarly = false;
  double trainingNll = 0;        // mean NLL (nats per window) over the last epoch's minibatches
  double heldOutNll = 0;         // of the kept (best) parameters; the training NLL if nothing was held out
  std::size_t trainingWindows = 0, heldOutWindows = 0;
};

class ConditionalModel {
public:
  ConditionalModel() = default;
  // All parameters zero (q uniform); throws std::invalid_argument for n_v ∉ [1, 24], n_e < 0, m < 0.
  ConditionalModel(int visibleCount, int environmentCount, const ConditionalModelOptions& options = {});

  int visibleCount() const { return visibleCount_; }
  int environmentCount() const { return environmentCount_; }
  Eigen::Index stateCount() const { return Eigen::Index{1} << visibleCount_; }
  int hiddenWidth() const { return options_.hiddenWidth; }
  const ConditionalModelOptions& options() const { return options_; }

  // Parameters as one vector: [a (2^{n_v}); W (column-major, 2^{n_v} × n_e or × m)] and, with the
  // tanh layer, then [U (column-major, m × n_e); c (m)].
  Eigen::Index parameterCount() const;
  Vector parameters() const;
  void setParameters(const Vector& parameters);  // throws std::invalid_argument on a size mismatch

  // Logits s_v(e_n) (N × 2^{n_v}) for environment rows E (N × n_e).
  Matrix logits(const Matrix& environment) const;
  // q(v|e_n) (N × 2^{n_v}); each row sums to one.
  Matrix probabilities(const Matrix& environment) const;
  // The same transposed, for environments given as columns (n_e × N, see environmentColumns):
  // 2^{n_v} × N, column n = q(·|e_n). Column-major storage keeps each window's states contiguous.
  Matrix probabilitiesByColumn(const Matrix& environmentColumns) const;

  // Mean negative log-likelihood −(1/N) Σ_n log q(v_n|e_n) of states[n] given environment column n
  // (n_e × N), without the L2 term. With `gradient`, also its gradient in the layout of parameters().
  double negativeLogLikelihood(const Matrix& environmentColumns, const std::vector<std::uint32_t>& states,
                               Vector* gradient = nullptr) const;

  // Maximum-likelihood fit on the windows (their visibleSize / environmentSize must match). The last
  // ⌈heldOutFraction·N⌉ windows are held out (none below 10 windows). Each epoch's Adam iterates are
  // averaged, and the average with the lowest held-out NLL is kept. Deterministic for a given seed
  // (single-threaded minibatch steps; held-out sums in a fixed order). Throws Cancelled on stop.
  ConditionalTrainingReport train(const WindowSet& windows, std::stop_token stop = {},
                                  const ProgressSink& progress = {});

  struct Workspace;  // per-thread scratch matrices (conditional_model.cpp)

private:
  // Logits of the windows in the columns of `x` into w.logits (and the tanh layer into w.hidden).
  void forward(const Matrix& x, Workspace& w) const;
  // Σ_n −log q(v_n|e_n) over the columns of x; with `gradient`, adds the gradient of that sum.
  double sumNll(const Matrix& x, const std::uint32_t* states, Workspace& w, Vector* gradient) const;
  double heldOutNll(const WindowSet& windows, const std::vector<std::uint32_t>& states, std::size_t first,
                    std::size_t count) const;
  Eigen::Index weightColumns() const { return options_.hiddenWidth > 0 ? options_.hiddenWidth : environmentCount_; }

  int visibleCount_ = 0, environmentCount_ = 0;
  ConditionalModelOptions options_;
  Vector theta_;  // all parameters, laid out as documented at parameters()
};

// Environments of windows [first, first + count) as columns (n_e × count) of doubles.
Matrix environmentColumns(const WindowSet& windows, std::size_t first, std::size_t count);
// Block-state indices (spin_states.h convention) of windows [first, first + count).
std::vector<std::uint32_t> visibleStates(const WindowSet& windows, std::size_t first, std::size_t count);

} // namespace rsmi
