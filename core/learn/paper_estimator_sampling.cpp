// The Monte Carlo parts of the paper-faithful estimator (SCIENCE.md §4 (c); the scheme is described
// in paper_estimator.h): the tilted chains of the gradient's inner expectations, and the untilted
// chains that sample P(h|e) and P(h) when the block is too large to enumerate.
//
// Windows are processed in fixed blocks of kBlockRows, each with its own random streams
// (paper_detail::streamIndex), and the blocks' contributions are summed in block order, so the result
// depends on the seed and the stream only, never on the number of threads.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <tbb/parallel_for.h>

#include "core/learn/paper_estimator.h"
#include "core/learn/paper_estimator_state.h"
#include "core/learn/rbm_gibbs_chains.h"

namespace rsmi {
namespace paper_detail {
namespace {

constexpr Eigen::Index kBlockRows = 200;
// Floor for sampled probabilities before taking logs (a hidden state never seen by the chains).
constexpr double kProbabilityFloor = 1e-300;

// Each row of m repeated `times` times consecutively (chain r·K + k belongs to window r).
Matrix repeatRows(const Matrix& m, Eigen::Index times) {
  Matrix out(m.rows() * times, m.cols());
  for (Eigen::Index r = 0; r < m.rows(); ++r) out.middleRows(r * times, times) = m.row(r).replicate(times, 1);
  return out;
}

XoshiroLanes lanes(std::uint64_t seed, std::uint64_t stream, Eigen::Index block, std::uint64_t role) {
  return XoshiroLanes(seed, StreamPurpose::Training, streamIndex(stream, static_cast<std::uint64_t>(block), role));
}

Eigen::Index blockCount(Eigen::Index rows) { return (rows + kBlockRows - 1) / kBlockRows; }

// log P(h|e_n) − log P(h) with P(h|e_n) ≈ mean over `samples` sweeps of p(h|v'), v' ~ P_VE(v'|e_n)
// (one untilted chain per window, started at v_n, after `burnIn` sweeps), and P(h) ≈ the same mean
// over untilted chains of the marginal RBM, pooled over all windows. p(h|v') ∈ [0, 1], so these
// averages are unbiased with bounded variance (only their logs carry an O(1/samples) bias).
Matrix sampledLogRatio(const ThetaModels& m, const HiddenConditional& rule, const BatchMatrices& data, int burnIn,
                       int samples, std::uint64_t seed, std::uint64_t stream) {
  if (samples <= 0) throw std::invalid_argument("PaperEstimator: estimateSamples must be positive");
  const Eigen::Index N = data.visible.rows(), K = Eigen::Index{1} << rule.hiddenCount();
  const int nv = m.visibleCount;
  const Matrix shift = jointEnvironmentShift(m, data.environment);
  Matrix hiddenGivenE(N, K);
  std::vector<Vector> marginalSums(static_cast<std::size_t>(blockCount(N)));
  tbb::parallel_for(Eigen::Index{0}, blockCount(N), [&](Eigen::Index b) {
    const Eigen::Index r0 = b * kBlockRows, c = std::min(kBlockRows, N - r0);
    GibbsChains joint(m.joint, nv, shift.middleRows(r0, c), data.visible.middleRows(r0, c), lanes(seed, stream, b, 0));
    GibbsChains marginal(m.marginal, nv, m.marginal.hiddenBias.transpose().replicate(c, 1),
                         data.visible.middleRows(r0, c), lanes(seed, stream, b, 1));
    joint.sweeps(burnIn);
    marginal.sweeps(burnIn);
    Matrix sumE = Matrix::Zero(c, K);
    Vector sumV = Vector::Zero(K);
    for (int s = 0; s < samples; ++s) {
      joint.sweep();
      marginal.sweep();
      sumE += rule.hiddenProbabilities(joint.visible());
      sumV += rule.hiddenProbabilities(marginal.visible()).colwise().sum().transpose();
    }
    hiddenGivenE.middleRows(r0, c) = sumE / samples;
    marginalSums[static_cast<std::size_t>(b)] = sumV;
  });
  Vector marginal = Vector::Zero(K);
  for (const Vector& v : marginalSums) marginal += v;
  marginal /= static_cast<double>(N) * samples;
  return (hiddenGivenE.array().max(kProbabilityFloor).log().rowwise() -
          marginal.transpose().array().max(kProbabilityFloor).log())
      .matrix();
}

} // namespace
} // namespace paper_detail

using namespace paper_detail;

double PaperEstimator::sampledEstimate(const HiddenConditional& rule, const WindowBatch& batch,
                                       std::uint64_t stream) const {
  const ThetaModels& s = state();
  const BatchMatrices data = batchMatrices(batch);
  const Matrix logRatio =
      sampledLogRatio(s, rule, data, options_.burnIn, options_.estimateSamples, options_.seed, stream);
  return weightedMean(rule.hiddenProbabilities(data.visible), logRatio);
}

double PaperEstimator::monteCarloGradient(const Filter& filter, const WindowBatch& batch, FilterGradient& gradient,
                                          std::uint64_t stream) const {
  const ThetaModels& s = state();
  if (filter.visibleCount() != s.visibleCount) throw std::invalid_argument("PaperEstimator: filter size differs");
  if (options_.samples <= 0 || options_.burnIn < 0) throw std::invalid_argument("PaperEstimator: bad MC schedule");
  const BatchMatrices data = batchMatrices(batch);
  const Eigen::Index N = data.visible.rows(), K = Eigen::Index{1} << filter.hiddenCount();
  const int nv = s.visibleCount;
  const Matrix weights = filter.hiddenProbabilities(data.visible);
  const Matrix hidden = allSpinStates(filter.hiddenCount());

  // Term 1 needs L = log Z_VE(h,e) − log Z_V(h) up to h-independent terms: exact when enumerable.
  const Matrix logRatio =
      s.enumerated && nv <= std::min(options_.exactVisibleLimit, options_.exactLogRatioLimit)
          ? exactSums(s, filter.hiddenProbabilities(s.states), data.environment, nullptr).logRatio
          : sampledLogRatio(s, filter, data, options_.burnIn, options_.estimateSamples, options_.seed, stream);
  gradient = FilterGradient::zerosLike(filter);
  addTermOne(filter, data.visible, weights, logRatio, gradient);

  // Term 2: E Σ_h p(h|v) [⟨D(v', h)⟩_{VE,h,e} − ⟨D(v', h)⟩_{V,h}] by tilted chains, one per (window, h)
  // for each RBM. Chain r·K + k holds window r0 + r and hidden state h_k. Each VE chain's sample mean
  // enters with weight p(h_k|v_n)/N; the V chains of h_k are pooled over the windows and enter with
  // weight w̄_k = (1/N) Σ_n p(h_k|v_n).
  const Vector meanWeights = weights.colwise().mean().transpose();
  const Matrix shift = jointEnvironmentShift(s, data.environment);
  const double perSample = 1.0 / (static_cast<double>(N) * options_.samples);
  std::vector<FilterGradient> partial(static_cast<std::size_t>(blockCount(N)));
  tbb::parallel_for(Eigen::Index{0}, blockCount(N), [&](Eigen::Index b) {
    const Eigen::Index r0 = b * kBlockRows, c = std::min(kBlockRows, N - r0), C = c * K;
    const Matrix start = repeatRows(data.visible.middleRows(r0, c), K);
    Matrix tiltStates(C, filter.hiddenCount());
    Matrix coefJoint = Matrix::Zero(C, K), coefMarginal = Matrix::Zero(C, K);  // one-hot in k
    for (Eigen::Index r = 0; r < c; ++r)
      for (Eigen::Index k = 0; k < K; ++k) {
        tiltStates.row(r * K + k) = hidden.row(k);
        coefJoint(r * K + k, k) = weights(r0 + r, k) * perSample;
        coefMarginal(r * K + k, k) = meanWeights(k) * perSample;
      }
    GibbsChains joint(s.joint, nv, repeatRows(shift.middleRows(r0, c), K), start, lanes(options_.seed, stream, b, 2));
    GibbsChains marginal(s.marginal, nv, s.marginal.hiddenBias.transpose().replicate(C, 1), start,
                         lanes(options_.seed, stream, b, 3));
    joint.setTilt(filter, tiltStates);
    marginal.setTilt(filter, tiltStates);
    joint.sweeps(options_.burnIn);
    marginal.sweeps(options_.burnIn);
    FilterGradient g = FilterGradient::zerosLike(filter);
    for (int sample = 0; sample < options_.samples; ++sample) {
      joint.sweep();
      marginal.sweep();
      addStateSum(filter, joint.visible(), hidden, coefJoint, 1.0, g);
      addStateSum(filter, marginal.visible(), hidden, coefMarginal, -1.0, g);
    }
    partial[static_cast<std::size_t>(b)] = std::move(g);
  });
  for (const FilterGradient& g : partial) {
    gradient.weights += g.weights;
    if (filter.hasBias) gradient.bias += g.bias;
  }
  return weightedMean(weights, logRatio);
}

} // namespace rsmi
