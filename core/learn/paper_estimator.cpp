// The paper-faithful estimator (SCIENCE.md §4 (c)): Θ-RBM training, the exact v'-sums, the proxy and
// the exact-sum gradient. The Monte Carlo parts are in paper_estimator_sampling.cpp.
#include "core/learn/paper_estimator.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <vector>

#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>

#include "core/learn/paper_estimator_state.h"

namespace rsmi {
namespace paper_detail {

ThetaModels makeThetaModels(Rbm joint, Rbm marginal, int visibleCount) {
  ThetaModels m;
  m.visibleCount = visibleCount;
  m.environmentCount = joint.visibleCount() - visibleCount;
  if (visibleCount <= 0 || m.environmentCount <= 0 || marginal.visibleCount() != visibleCount)
    throw std::invalid_argument("PaperEstimator: Θ-RBM sizes do not match n_v and n_e");
  m.joint = std::move(joint);
  m.marginal = std::move(marginal);
  if (visibleCount <= kEnumerationCacheLimit) {
    m.enumerated = true;
    m.states = allSpinStates(visibleCount);
    m.jointActivation = m.states * m.joint.weights.topRows(visibleCount);
    m.jointField = m.states * m.joint.visibleBias.head(visibleCount);
    const Vector minusF = -m.marginal.freeEnergies(m.states);
    const double maxValue = minusF.maxCoeff();
    m.marginalLogPartition = maxValue + std::log((minusF.array() - maxValue).exp().sum());
    m.marginalProbability = (minusF.array() - m.marginalLogPartition).exp().matrix();
  }
  return m;
}

BatchMatrices batchMatrices(const WindowBatch& batch) {
  if (!batch.windows || batch.count == 0) throw std::invalid_argument("PaperEstimator: empty batch");
  const WindowSet& w = *batch.windows;
  return {rowsAsMatrix(w.visible, w.visibleSize, batch.first, batch.count),
          rowsAsMatrix(w.environment, w.environmentSize, batch.first, batch.count)};
}

Matrix jointEnvironmentShift(const ThetaModels& m, const Matrix& environment) {
  Matrix shift = environment * m.joint.weights.bottomRows(m.environmentCount);
  shift.rowwise() += m.joint.hiddenBias.transpose();
  return shift;
}

ExactSums exactSums(const ThetaModels& m, const Matrix& pl, const Matrix& environment, const Matrix* weights) {
  if (!m.enumerated) throw std::invalid_argument("PaperEstimator: block too large for exact sums");
  const Eigen::Index N = environment.rows(), M = m.states.rows(), K = pl.cols(), nJ = m.joint.hiddenCount();
  ExactSums out;
  out.hiddenMarginal = pl.transpose() * m.marginalProbability;
  out.logRatio.resize(N, K);
  const Matrix shift = jointEnvironmentShift(m, environment);
  // Fixed groups of rows (independent of the thread count), each with its own q, summed in order.
  constexpr Eigen::Index kGroups = 16;
  const Eigen::Index groupSize = (N + kGroups - 1) / kGroups;
  const Eigen::Index groups = (N + groupSize - 1) / groupSize;
  std::vector<Matrix> partialQ(static_cast<std::size_t>(groups));
  const Eigen::Index chunkRows = std::max<Eigen::Index>(1, (Eigen::Index{1} << 16) / M);
  tbb::parallel_for(Eigen::Index{0}, groups, [&](Eigen::Index g) {
    const Eigen::Index begin = g * groupSize, end = std::min(N, begin + groupSize);
    Matrix& q = partialQ[static_cast<std::size_t>(g)];
    if (weights) q = Matrix::Zero(M, K);
    Matrix logw(M, std::min(chunkRows, end - begin));  // column r: window r0 + r; allocated once
    for (Eigen::Index r0 = begin; r0 < end; r0 += chunkRows) {
      const Eigen::Index c = std::min(chunkRows, end - r0);
      auto block = logw.leftCols(c);
      // log e^{−F_VE(v', e_n)} up to the e-only term a_eᵀe (it cancels on normalising over v'):
      //   a_vᵀv' + Σ_j log 2cosh((v'W_v)_j + b_j + (W_eᵀe_n)_j), vectorised over the 2^{n_v} states v'.
      for (Eigen::Index r = 0; r < c; ++r) {
        auto column = block.col(r);
        column = m.jointField;
        for (Eigen::Index j = 0; j < nJ; ++j)
          column.array() += logTwoCosh(m.jointActivation.col(j).array() + shift(r0 + r, j));
        // P_VE(v'|e_n): normalise.
        column.array() = (column.array() - column.maxCoeff()).exp();
        column /= column.sum();
      }
      const Matrix hiddenGivenE = block.transpose() * pl;  // c × K: P(h|e_n)
      out.logRatio.middleRows(r0, c) =
          (hiddenGivenE.array().log().rowwise() - out.hiddenMarginal.transpose().array().log()).matrix();
      if (weights) q.noalias() += block * weights->middleRows(r0, c).cwiseQuotient(hiddenGivenE);
    }
  });
  if (weights) {
    out.q = Matrix::Zero(M, K);
    for (const Matrix& q : partialQ) out.q += q;
  }
  return out;
}

double weightedMean(const Matrix& weights, const Matrix& logRatio) {
  return weights.cwiseProduct(logRatio).sum() / static_cast<double>(weights.rows());
}

void addStateSum(const Filter& filter, const Matrix& states, const Matrix& hidden, const Matrix& coef, double scale,
                 FilterGradient& gradient) {
  // Σ_k coef(r,k) (h_kj − tanh θ_j(s_r)) = (coef H)(r,j) − rowsum(coef)(r) tanh θ_j(s_r).
  Matrix r = coef * hidden;
  r -= coef.rowwise().sum().asDiagonal() * spinMeans(filter.preActivations(states).array()).matrix();
  gradient.weights.noalias() += scale * (r.transpose() * states);
  if (filter.hasBias) gradient.bias += scale * r.colwise().sum().transpose();
}

void addTermOne(const Filter& filter, const Matrix& visible, const Matrix& weights, const Matrix& logRatio,
                FilterGradient& gradient) {
  addStateSum(filter, visible, allSpinStates(filter.hiddenCount()), weights.cwiseProduct(logRatio),
              1.0 / static_cast<double>(visible.rows()), gradient);
}

} // namespace paper_detail

using namespace paper_detail;

PaperEstimator::PaperEstimator(PaperEstimatorOptions options) : options_(std::move(options)) {}
PaperEstimator::~PaperEstimator() = default;

const PaperEstimator::State& PaperEstimator::state() const {
  if (!state_) throw std::logic_error("PaperEstimator: prepare() (or setModels()) first");
  return *state_;
}

const Rbm& PaperEstimator::jointModel() const { return state().joint; }
const Rbm& PaperEstimator::marginalModel() const { return state().marginal; }

void PaperEstimator::setModels(Rbm joint, Rbm marginal, int visibleCount) {
  state_ = std::make_shared<const State>(makeThetaModels(std::move(joint), std::move(marginal), visibleCount));
}

void PaperEstimator::prepare(const WindowSet& training, std::stop_token stop, const ProgressSink& progress) {
  const int nv = training.visibleSize, ne = training.environmentSize;
  const std::size_t n = training.count();
  if (n == 0 || nv == 0 || ne == 0) throw std::invalid_argument("PaperEstimator: no training windows");
  std::vector<std::int8_t> jointRows(n * static_cast<std::size_t>(nv + ne));
  for (std::size_t r = 0; r < n; ++r) {  // [v e] per window
    std::copy_n(training.visible.data() + r * nv, nv, jointRows.data() + r * (nv + ne));
    std::copy_n(training.environment.data() + r * ne, ne, jointRows.data() + r * (nv + ne) + nv);
  }
  Rbm joint = Rbm::random(nv + ne, options_.jointHiddenUnits, options_.rbmInitialScale, options_.seed, 0x7E7A01);
  Rbm marginal = Rbm::random(nv, options_.marginalHiddenUnits, options_.rbmInitialScale, options_.seed, 0x7E7A02);
  RbmTrainingOptions jointOptions = options_.rbmTraining, marginalOptions = options_.rbmTraining;
  jointOptions.seed = marginalOptions.seed = options_.seed;
  jointOptions.stream = 1;
  marginalOptions.stream = 2;
  // The two trainings are independent: run them concurrently, reporting their combined progress.
  std::atomic<int> epochsDone{0};
  const int totalEpochs = 2 * std::max(1, options_.rbmTraining.epochs);
  auto train = [&](Rbm& model, std::vector<std::int8_t> rows, const RbmTrainingOptions& o) {
    RbmTrainer trainer(model, std::move(rows), o);
    for (int e = 0; e < o.epochs; ++e) {
      if (stop.stop_requested()) throw Cancelled{};
      trainer.runEpoch(stop);
      const int done = ++epochsDone;
      if (progress) progress(Progress{"training Θ-RBMs", static_cast<double>(done) / totalEpochs});
    }
    model = trainer.model();
  };
  tbb::parallel_invoke([&] { train(joint, std::move(jointRows), jointOptions); },
                       [&] { train(marginal, std::vector<std::int8_t>(training.visible), marginalOptions); });
  setModels(std::move(joint), std::move(marginal), nv);
}

double PaperEstimator::estimate(const HiddenConditional& rule, const WindowBatch& batch) const {
  const State& s = state();
  if (rule.visibleCount() != s.visibleCount) throw std::invalid_argument("PaperEstimator: rule size differs");
  if (s.enumerated && s.visibleCount <= options_.exactVisibleLimit) {
    const BatchMatrices data = batchMatrices(batch);
    const Matrix weights = rule.hiddenProbabilities(data.visible);
    const ExactSums sums = exactSums(s, rule.hiddenProbabilities(s.states), data.environment, nullptr);
    return weightedMean(weights, sums.logRatio);
  }
  // Monte Carlo: a stream fixed by the batch's position, so estimate() is a function of its inputs.
  return sampledEstimate(rule, batch, 0xE5713A7Eull ^ (batch.first * 0x9E3779B1ull + batch.count));
}

double PaperEstimator::score(const HiddenConditional& rule, const WindowSet& training, const WindowSet& heldOut,
                             std::stop_token stop) {
  if (!prepared()) prepare(training, stop);
  return estimate(rule, WindowBatch::all(heldOut));
}

double PaperEstimator::estimateWithGradient(const Filter& filter, const WindowBatch& batch, FilterGradient& gradient) {
  if (options_.gradientMode == PaperEstimatorOptions::GradientMode::ExactSum)
    return exactSumGradient(filter, batch, gradient);
  return monteCarloGradient(filter, batch, gradient, ++gradientCalls_);
}

double PaperEstimator::exactSumGradient(const Filter& filter, const WindowBatch& batch, FilterGradient& gradient) const {
  const State& s = state();
  if (filter.visibleCount() != s.visibleCount) throw std::invalid_argument("PaperEstimator: filter size differs");
  const BatchMatrices data = batchMatrices(batch);
  const Matrix weights = filter.hiddenProbabilities(data.visible);
  const Matrix pl = filter.hiddenProbabilities(s.states);
  const ExactSums sums = exactSums(s, pl, data.environment, &weights);
  gradient = FilterGradient::zerosLike(filter);
  addTermOne(filter, data.visible, weights, sums.logRatio, gradient);
  // Term 2, VE part: (1/N) Σ_v' Σ_k q(v',k) Pl(v',k) D(v', h_k).
  const Matrix hidden = allSpinStates(filter.hiddenCount());
  const double invN = 1.0 / static_cast<double>(data.visible.rows());
  addStateSum(filter, s.states, hidden, sums.q.cwiseProduct(pl), invN, gradient);
  // Term 2, V part: −Σ_k w̄_k Σ_v' P_V(v') Pl(v',k) / P(h_k) D(v', h_k).
  const Vector meanWeights = weights.colwise().mean().transpose();
  const Matrix coefV = s.marginalProbability * meanWeights.cwiseQuotient(sums.hiddenMarginal).transpose();
  addStateSum(filter, s.states, hidden, coefV.cwiseProduct(pl), -1.0, gradient);
  return weightedMean(weights, sums.logRatio);
}

double PaperEstimator::proxyOffset(const WindowBatch& batch) const {
  // c = E_e log Σ_v' e^{−F_VE(v', e)} − log Σ_v' e^{−F_V(v')}, each by enumerating the smaller layer.
  const State& s = state();
  const BatchMatrices data = batchMatrices(batch);
  double sum = 0.0;
  for (Eigen::Index n = 0; n < data.environment.rows(); ++n) {
    double offset = 0.0;
    const Rbm clamped = clampVisibleTail(s.joint, data.environment.row(n).transpose(), &offset);
    sum += logPartition(clamped) + offset;
  }
  return sum / static_cast<double>(data.environment.rows()) - logPartition(s.marginal);
}

double PaperEstimator::proxy(const HiddenConditional& rule, const WindowBatch& batch) const {
  return estimate(rule, batch) + proxyOffset(batch);
}

} // namespace rsmi
