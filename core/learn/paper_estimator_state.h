#pragma once
// Internals shared by paper_estimator.cpp (exact sums) and paper_estimator_sampling.cpp (Monte Carlo).
// Not part of the public interface.
#include <cstdint>

#include "core/learn/filter.h"
#include "core/learn/mutual_information_estimator.h"
#include "core/learn/paper_estimator.h"
#include "core/learn/rbm.h"

namespace rsmi::paper_detail {

// Enumerating the 2^{n_v} block states is cached up to this many visible units.
inline constexpr int kEnumerationCacheLimit = 16;

// The trained Θ-RBMs and what the exact sums reuse for every batch.
struct ThetaModels {
  Rbm joint;     // over [v e]
  Rbm marginal;  // over v
  int visibleCount = 0, environmentCount = 0;
  bool enumerated = false;  // the fields below are filled (n_v ≤ kEnumerationCacheLimit)
  Matrix states;            // S: 2^{n_v} × n_v, spin_states.h order
  Matrix jointActivation;   // S W_v of the joint RBM: 2^{n_v} × n_hid
  Vector jointField;        // S a_v of the joint RBM
  Vector marginalProbability;  // P_V(v') over S (normalised)
  double marginalLogPartition = 0.0;
};

ThetaModels makeThetaModels(Rbm joint, Rbm marginal, int visibleCount);

struct BatchMatrices {
  Matrix visible;      // N × n_v
  Matrix environment;  // N × n_e
};
BatchMatrices batchMatrices(const WindowBatch& batch);

// Hidden activations of the joint RBM's hidden units due to the clamped environment and the bias:
// row n = b + W_eᵀ e_n (N × n_hid).
Matrix jointEnvironmentShift(const ThetaModels& m, const Matrix& environment);

// Exact v'-sums for a batch (SCIENCE.md §4 (c)): with Pl = p_Λ(h_k|v') over S (2^{n_v} × K),
//   logRatio(n, k) = log P(h_k|e_n) − log P(h_k),   P(h|e) = Σ_v' P_VE(v'|e) Pl,  P(h) = Σ_v' P_V(v') Pl;
// and, if `weights` (N × K, p_Λ(h_k|v_n)) is given, q = Σ_n P_VE(·|e_n)ᵀ (weights(n,·) / P(·|e_n)),
// the accumulator of the gradient's VE term. hiddenMarginal = P(h) (K).
struct ExactSums {
  Matrix logRatio;
  Matrix q;
  Vector hiddenMarginal;
};
ExactSums exactSums(const ThetaModels& m, const Matrix& pl, const Matrix& environment, const Matrix* weights);

// Adds term 1 of the gradient, (1/N) Σ_n Σ_k W(n,k) D(v_n, h_k) L(n,k), to `gradient`.
void addTermOne(const Filter& filter, const Matrix& visible, const Matrix& weights, const Matrix& logRatio,
                FilterGradient& gradient);

// Adds scale · Σ_v' Σ_k coef(v', k) D(v', h_k) for states v' (rows of `states`) and hidden states
// h_k (rows of `hidden`), i.e. Rᵀ S with R = (coef) H − rowsum(coef) ⊙ tanh θ(S).
void addStateSum(const Filter& filter, const Matrix& states, const Matrix& hidden, const Matrix& coef,
                 double scale, FilterGradient& gradient);

// The mean of Σ_k W(n,k) L(n,k): the estimate I_Λ.
double weightedMean(const Matrix& weights, const Matrix& logRatio);

// Sampling streams: (seed, StreamPurpose::Training, kStreamBase + (stream << 20) + (block << 2) + role).
inline constexpr std::uint64_t kStreamBase = 0x5041504552000000ull;  // "PAPER"
inline std::uint64_t streamIndex(std::uint64_t stream, std::uint64_t block, std::uint64_t role) {
  return kStreamBase + (stream << 20) + (block << 2) + role;
}

} // namespace rsmi::paper_detail

namespace rsmi {
struct PaperEstimator::State : paper_detail::ThetaModels {
  explicit State(paper_detail::ThetaModels m) : ThetaModels(std::move(m)) {}
};
} // namespace rsmi
