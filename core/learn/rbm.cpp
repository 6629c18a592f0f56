#include "core/learn/rbm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/common/random.h"

namespace rsmi {

template <typename Scalar>
BasicRbm<Scalar> BasicRbm<Scalar>::zeros(int visibleCount, int hiddenCount) {
  return {Mat::Zero(visibleCount, hiddenCount), Vec::Zero(visibleCount), Vec::Zero(hiddenCount)};
}

template <typename Scalar>
BasicRbm<Scalar> BasicRbm<Scalar>::random(int visibleCount, int hiddenCount, double scale, std::uint64_t seed,
                                          std::uint64_t index) {
  BasicRbm model = zeros(visibleCount, hiddenCount);
  Xoshiro256pp rng = Xoshiro256pp::stream(seed, StreamPurpose::Training, index);
  for (int j = 0; j < hiddenCount; ++j)
    for (int i = 0; i < visibleCount; ++i)
      model.weights(i, j) = static_cast<Scalar>(scale * (2.0 * rng.uniform() - 1.0));
  return model;
}

template <typename Scalar>
typename BasicRbm<Scalar>::Vec BasicRbm<Scalar>::freeEnergies(const Mat& visible) const {
  Mat act = visible * weights;
  act.rowwise() += hiddenBias.transpose();
  return -(visible * visibleBias) - logTwoCosh(act.array()).matrix().rowwise().sum();
}

template <typename Scalar>
typename BasicRbm<Scalar>::Vec BasicRbm<Scalar>::hiddenFreeEnergies(const Mat& hidden) const {
  Mat act = hidden * weights.transpose();
  act.rowwise() += visibleBias.transpose();
  return -(hidden * hiddenBias) - logTwoCosh(act.array()).matrix().rowwise().sum();
}

template <typename Scalar>
typename BasicRbm<Scalar>::Vec BasicRbm<Scalar>::energies(const Mat& visible, const Mat& hidden) const {
  const Mat vw = visible * weights;
  return -(vw.cwiseProduct(hidden).rowwise().sum()) - visible * visibleBias - hidden * hiddenBias;
}

template <typename Scalar>
typename BasicRbm<Scalar>::Mat BasicRbm<Scalar>::hiddenMeans(const Mat& visible) const {
  Mat act = visible * weights;
  act.rowwise() += hiddenBias.transpose();
  return spinMeans(act.array()).matrix();
}

template <typename Scalar>
typename BasicRbm<Scalar>::Mat BasicRbm<Scalar>::visibleMeans(const Mat& hidden) const {
  Mat act = hidden * weights.transpose();
  act.rowwise() += visibleBias.transpose();
  return spinMeans(act.array()).matrix();
}

template struct BasicRbm<float>;
template struct BasicRbm<double>;

// ---- exact quantities ----

namespace {

constexpr Eigen::Index kEnumerationChunk = 4096;
constexpr int kEnumerationLimit = 30;

// Enumerates the smaller layer in chunks: calls visit(states, minusFreeEnergies) with the states of
// that layer (rows) and −F (or −F_h) of each; `visibleSide` says which layer it is.
template <typename Visit>
void enumerateSmallerLayer(const Rbm& model, Visit&& visit) {
  const bool visibleSide = model.visibleCount() <= model.hiddenCount();
  const int n = visibleSide ? model.visibleCount() : model.hiddenCount();
  if (n > kEnumerationLimit) throw std::invalid_argument("RBM too large for exact enumeration");
  const std::uint64_t total = std::uint64_t{1} << n;
  for (std::uint64_t first = 0; first < total; first += kEnumerationChunk) {
    const Eigen::Index count = static_cast<Eigen::Index>(std::min<std::uint64_t>(kEnumerationChunk, total - first));
    const Matrix states = spinStateBlock(n, first, count);
    const Vector minusF = visibleSide ? Vector(-model.freeEnergies(states)) : Vector(-model.hiddenFreeEnergies(states));
    visit(states, minusF, visibleSide);
  }
}

} // namespace

Matrix spinStateBlock(int n, std::uint64_t first, Eigen::Index count) {
  Matrix states(count, n);
  for (Eigen::Index r = 0; r < count; ++r) {
    const std::uint64_t k = first + static_cast<std::uint64_t>(r);
    for (int i = 0; i < n; ++i) states(r, i) = (k >> i) & 1 ? 1.0 : -1.0;
  }
  return states;
}

double logPartition(const Rbm& model) {
  // Streaming log-sum-exp over the chunks.
  double maxValue = -std::numeric_limits<double>::infinity();
  double sum = 0.0;
  enumerateSmallerLayer(model, [&](const Matrix&, const Vector& minusF, bool) {
    const double chunkMax = minusF.maxCoeff();
    if (chunkMax > maxValue) {
      sum *= std::exp(maxValue - chunkMax);
      maxValue = chunkMax;
    }
    sum += (minusF.array() - maxValue).exp().sum();
  });
  return maxValue + std::log(sum);
}

Vector logProbabilities(const Rbm& model, const Matrix& visible) {
  return (-model.freeEnergies(visible)).array() - logPartition(model);
}

double meanLogLikelihood(const Rbm& model, const Matrix& data) {
  return logProbabilities(model, data).mean();
}

RbmGradient RbmGradient::zerosLike(const Rbm& model) {
  return {Matrix::Zero(model.visibleCount(), model.hiddenCount()), Vector::Zero(model.visibleCount()),
          Vector::Zero(model.hiddenCount())};
}

double RbmGradient::squaredNorm() const {
  return weights.squaredNorm() + visibleBias.squaredNorm() + hiddenBias.squaredNorm();
}

RbmGradient exactModelMoments(const Rbm& model) {
  const double logZ = logPartition(model);
  RbmGradient m = RbmGradient::zerosLike(model);
  enumerateSmallerLayer(model, [&](const Matrix& states, const Vector& minusF, bool visibleSide) {
    const Vector p = (minusF.array() - logZ).exp();
    if (visibleSide) {
      // Σ_v p(v) v E[h|v]ᵀ, Σ_v p(v) v, Σ_v p(v) E[h|v].
      const Matrix t = model.hiddenMeans(states);
      m.weights.noalias() += states.transpose() * p.asDiagonal() * t;
      m.visibleBias.noalias() += states.transpose() * p;
      m.hiddenBias.noalias() += t.transpose() * p;
    } else {
      // Σ_h p(h) E[v|h] hᵀ, Σ_h p(h) E[v|h], Σ_h p(h) h.
      const Matrix u = model.visibleMeans(states);
      m.weights.noalias() += u.transpose() * p.asDiagonal() * states;
      m.visibleBias.noalias() += u.transpose() * p;
      m.hiddenBias.noalias() += states.transpose() * p;
    }
  });
  return m;
}

RbmGradient dataMoments(const Rbm& model, const Matrix& data) {
  const Matrix t = model.hiddenMeans(data);
  const double inv = 1.0 / static_cast<double>(data.rows());
  return {inv * (data.transpose() * t), inv * data.colwise().sum().transpose(),
          inv * t.colwise().sum().transpose()};
}

RbmGradient exactLogLikelihoodGradient(const Rbm& model, const Matrix& data) {
  RbmGradient g = dataMoments(model, data);
  const RbmGradient m = exactModelMoments(model);
  g.weights -= m.weights;
  g.visibleBias -= m.visibleBias;
  g.hiddenBias -= m.hiddenBias;
  return g;
}

Rbm clampVisibleTail(const Rbm& model, const Vector& tail, double* offset) {
  const int k = static_cast<int>(tail.size());
  const int free = model.visibleCount() - k;
  if (k < 0 || free < 0) throw std::invalid_argument("clampVisibleTail: tail longer than the visible layer");
  Rbm clamped{model.weights.topRows(free), model.visibleBias.head(free),
              model.hiddenBias + model.weights.bottomRows(k).transpose() * tail};
  if (offset) *offset = model.visibleBias.tail(k).dot(tail);
  return clamped;
}

} // namespace rsmi
