#pragma once
// Training RBMs (rbm.h) by contrastive divergence, CD-k, and persistent CD (PCD-k), with minibatch SGD,
// optional momentum and L2 weight decay — how the paper trained its Θ-RBMs (SCIENCE.md §4 (c)).
//
// Speed: a whole minibatch is one matrix (n × B, one sample per column), so each half-step of block
// Gibbs sampling is one Eigen GEMM, one vectorised tanh (the conditional mean), one bulk fill of
// uniforms from 8 SIMD xoshiro256++ lanes and one vectorised compare (rbm_random.h). All buffers are
// allocated once; nothing allocates inside the epoch loop. Training runs in float by default
// (RbmTrainingOptions::singlePrecision); double is there for gradient tests.
//
// Determinism: every random number derives from (options.seed, StreamPurpose::Training,
// options.stream), so a given seed gives bit-identical parameters.
#include <cstdint>
#include <memory>
#include <stop_token>
#include <vector>

#include "core/common/progress.h"
#include "core/learn/rbm.h"
#include "core/learn/rbm_random.h"

namespace rsmi {

struct RbmTrainingOptions {
  int epochs = 300;           // the paper: 300 (Ising), 2000 (dimers)
  int batchSize = 25;         // the paper: 25
  int cdSteps = 1;            // k of CD-k / PCD-k
  bool persistent = false;    // PCD: the negative chains carry over between minibatches
  double learningRate = 0.01;
  double momentum = 0.0;      // 0: plain SGD, as the paper
  double weightDecay = 1e-4;  // L2 regulator on the weights (not on the biases)
  bool shuffle = true;        // a new order of the samples every epoch
  bool singlePrecision = true;
  std::uint64_t seed = 1;
  std::uint64_t stream = 0;   // distinguishes RBMs trained from one seed
};

// The CD-k / PCD-k estimate of ∂⟨log p(v)⟩_data/∂θ on one minibatch:
//   ∂/∂W = ⟨v E[h|v]ᵀ⟩_data − ⟨v_k E[h|v_k]ᵀ⟩,  ∂/∂a = ⟨v⟩ − ⟨v_k⟩,  ∂/∂b = ⟨E[h|v]⟩ − ⟨E[h|v_k]⟩,
// with v_k after k block-Gibbs steps started at the data (CD) or at the persistent chains (PCD).
// The conditional means E[h|v] = tanh(·) replace sampled h in the statistics (Rao–Blackwellised).
template <typename Scalar>
class ContrastiveDivergence {
public:
  using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  using Vec = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  using Model = BasicRbm<Scalar>;

  ContrastiveDivergence(int visibleCount, int hiddenCount, int maxBatch, int steps, bool persistent,
                        XoshiroLanes rng);

  // batch: n_v × B (B ≤ maxBatch), entries ±1, one sample per column. Fills the gradient buffers.
  void estimate(const Model& model, const Scalar* batch, int batchSize);
  void estimate(const Model& model, const Mat& batch) { estimate(model, batch.data(), static_cast<int>(batch.cols())); }

  const Mat& weightGradient() const { return dW_; }
  const Vec& visibleBiasGradient() const { return da_; }
  const Vec& hiddenBiasGradient() const { return db_; }
  // Mean over the batch of (1/n_v)·|v_data − v_k|²/4: the fraction of visible units changed by the chain.
  double flipFraction() const { return flipFraction_; }

private:
  using Map = Eigen::Map<Mat>;
  // out = ±1 samples with means tanh(pre); means written to `means`.
  void sample(Map& means, Map& out, std::size_t n);

  int nv_, nh_, maxBatch_, steps_;
  bool persistent_, chainsReady_ = false;
  XoshiroLanes rng_;
  Mat actH_, t0_, h_, actV_, vk_, tk_, uniforms_, chains_, meansV_;
  Mat dW_;
  Vec da_, db_;
  double flipFraction_ = 0.0;
};

// Trains an RBM, epoch by epoch, on spin data given one sample per row (N × n_v, entries ±1; 0 is
// accepted for absent spins). The data are kept as int8.
class RbmTrainer {
public:
  RbmTrainer(const Rbm& initial, const Matrix& data, const RbmTrainingOptions& options);
  // rows: N × n_v int8, row-major (the layout of WindowSet).
  RbmTrainer(const Rbm& initial, std::vector<std::int8_t> rows, const RbmTrainingOptions& options);
  ~RbmTrainer();
  RbmTrainer(RbmTrainer&&) noexcept;
  RbmTrainer& operator=(RbmTrainer&&) noexcept;

  // One pass over the data in minibatches; checks `stop` every few hundred minibatches (throws Cancelled).
  void runEpoch(std::stop_token stop = {});
  int epochsDone() const;
  Rbm model() const;  // the current parameters, in double
  // Mean flip fraction of the last epoch's minibatches (a cheap monitor of mixing / fit).
  double lastFlipFraction() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs options.epochs epochs from `model` and writes the result back. Progress: stage "training RBM".
void trainRbm(Rbm& model, const Matrix& data, const RbmTrainingOptions& options, std::stop_token stop = {},
              const ProgressSink& progress = {});
void trainRbm(Rbm& model, std::vector<std::int8_t> rows, const RbmTrainingOptions& options,
              std::stop_token stop = {}, const ProgressSink& progress = {});

} // namespace rsmi
