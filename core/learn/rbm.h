#pragma once
// Restricted Boltzmann machines with ±1 visible and ±1 hidden units — the paper's Θ-RBMs that model
// P(v, e) and P(v) (SCIENCE.md §4 (c)):
//   E(v, h) = −vᵀWh − aᵀv − bᵀh,
//   F(v)    = −aᵀv − Σ_j log 2cosh(b_j + Σ_i W_ij v_i)          (free energy, h summed out),
//   F_h(h)  = −bᵀh − Σ_i log 2cosh(a_i + Σ_j W_ij h_j)          (its hidden-side analogue),
//   p(h_j = +1 | v) = σ(2(b_j + W_{·j}·v)),  E[h_j | v] = tanh(b_j + W_{·j}·v),  likewise for v.
// Batches hold one sample per row (N × n), as everywhere in core/learn. The model is templated on the
// scalar: float for fast training (rbm_training.h), double for exact quantities and gradient tests.
// Exact quantities enumerate the smaller layer (2^min(n_v, n_h) states), so they need min(n_v, n_h)
// ≲ 24 (spin_states.h convention for state indices).
#include <cstdint>
#include <type_traits>

#include <Eigen/Dense>

#include "core/learn/spin_states.h"

namespace rsmi {

template <typename Scalar>
struct BasicRbm {
  using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  using Vec = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

  Mat weights;      // W, n_v × n_h
  Vec visibleBias;  // a, n_v
  Vec hiddenBias;   // b, n_h

  static BasicRbm zeros(int visibleCount, int hiddenCount);
  // Weights i.i.d. uniform in [−scale, scale] from (seed, StreamPurpose::Training, index); biases zero.
  static BasicRbm random(int visibleCount, int hiddenCount, double scale, std::uint64_t seed,
                         std::uint64_t index = 0);

  int visibleCount() const { return static_cast<int>(weights.rows()); }
  int hiddenCount() const { return static_cast<int>(weights.cols()); }

  template <typename Other>
  BasicRbm<Other> cast() const {
    return {weights.template cast<Other>(), visibleBias.template cast<Other>(),
            hiddenBias.template cast<Other>()};
  }

  // Per row: F(v), F_h(h), and E(v, h) for rows of v and h taken pairwise.
  Vec freeEnergies(const Mat& visible) const;
  Vec hiddenFreeEnergies(const Mat& hidden) const;
  Vec energies(const Mat& visible, const Mat& hidden) const;
  // Conditional means E[h|v] = tanh(vW + b) (N × n_h) and E[v|h] = tanh(hWᵀ + a) (N × n_v).
  Mat hiddenMeans(const Mat& visible) const;
  Mat visibleMeans(const Mat& hidden) const;
};

using Rbm = BasicRbm<double>;
using RbmF = BasicRbm<float>;

// E[s] = tanh x for a ±1 unit in the field x. Eigen vectorises tanh for float only; in double
// 1 − 2/(1 + e^{2x}) uses the vectorised exp (10× faster than scalar tanh; exact at ±∞, absolute
// error ~1e-16 near 0), which matters in the Gibbs chains of the paper estimator.
template <typename Derived>
auto spinMeans(const Eigen::ArrayBase<Derived>& x) {
  using Scalar = typename Derived::Scalar;
  if constexpr (std::is_same_v<Scalar, float>)
    return x.tanh();
  else
    return Scalar(1) - Scalar(2) / ((Scalar(2) * x).exp() + Scalar(1));
}

// log 2cosh x, stable for large |x|: |x| + log(1 + e^{−2|x|}). (log1p would be exact to the last bit
// for large |x|, but Eigen does not vectorise it in double: 3× slower. The absolute error here is
// ~1e-16.)
template <typename Derived>
auto logTwoCosh(const Eigen::ArrayBase<Derived>& x) {
  using Scalar = typename Derived::Scalar;
  return x.abs() + ((x.abs() * Scalar(-2)).exp() + Scalar(1)).log();
}

// ---- Exact quantities (double), by enumeration of the smaller layer ----

// log Z, Z = Σ_v e^{−F(v)} = Σ_h e^{−F_h(h)}.
double logPartition(const Rbm& model);
// log p(v) = −F(v) − log Z per row.
Vector logProbabilities(const Rbm& model, const Matrix& visible);
// (1/N) Σ_n log p(v_n).
double meanLogLikelihood(const Rbm& model, const Matrix& data);

// A gradient (or any other quantity) with the shape of an RBM's parameters.
struct RbmGradient {
  Matrix weights;
  Vector visibleBias;
  Vector hiddenBias;
  static RbmGradient zerosLike(const Rbm& model);
  double squaredNorm() const;
};

// Model moments ⟨v hᵀ⟩, ⟨v⟩, ⟨h⟩ under p(v, h), exactly.
RbmGradient exactModelMoments(const Rbm& model);
// Data moments ⟨v E[h|v]ᵀ⟩, ⟨v⟩, ⟨E[h|v]⟩ over the rows of `data`.
RbmGradient dataMoments(const Rbm& model, const Matrix& data);
// ∂/∂θ of (1/N) Σ_n log p(v_n) = data moments − model moments.
RbmGradient exactLogLikelihoodGradient(const Rbm& model, const Matrix& data);

// The RBM over the first n_v − k visible units with the last k clamped to `tail`:
//   F(v', tail) = F_clamped(v') − a_tailᵀ tail,
// so log Σ_v' e^{−F(v', tail)} = logPartition(clamped) + a_tailᵀ tail (returned in *offset).
Rbm clampVisibleTail(const Rbm& model, const Vector& tail, double* offset = nullptr);

// Rows first … first+count−1 of allSpinStates(n), without building the whole table.
Matrix spinStateBlock(int n, std::uint64_t first, Eigen::Index count);

} // namespace rsmi
