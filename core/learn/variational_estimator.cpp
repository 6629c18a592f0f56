#include "core/learn/variational_estimator.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace rsmi {

namespace {

// Windows are evaluated in chunks of this many rows, so held-out sets of any size fit in memory.
constexpr std::size_t kChunk = 4096;

void checkHiddens(int hiddenCount) {
  if (hiddenCount < 1 || hiddenCount > kMaxCriticHiddens)
    throw std::invalid_argument("variational estimator: n_h = " + std::to_string(hiddenCount) +
                                " hidden units; it supports 1 to " + std::to_string(kMaxCriticHiddens) +
                                " (its critic is a softmax over all 2^n_h hidden states)");
}

void checkShapes(const HiddenConditional& rule, const WindowSet& windows) {
  checkHiddens(rule.hiddenCount());
  if (rule.visibleCount() != windows.visibleSize)
    throw std::invalid_argument("variational estimator: the rule has " + std::to_string(rule.visibleCount()) +
                                " visible units but the windows' block has " + std::to_string(windows.visibleSize));
}

const WindowSet& checkedWindows(const WindowBatch& batch) {
  if (!batch.windows) throw std::invalid_argument("variational estimator: batch without windows");
  if (batch.count == 0 || batch.first + batch.count > batch.windows->count())
    throw std::invalid_argument("variational estimator: empty batch or batch beyond the window set");
  return *batch.windows;
}

// Rows [first, first + count) of a row-major int8 array as doubles: one vectorised cast.
template <class Out>
void castRows(const std::int8_t* values, int width, std::size_t first, std::size_t count, Out& out) {
  using Int8Rows = Eigen::Matrix<std::int8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const Int8Rows> rows(values + first * static_cast<std::size_t>(width),
                                        static_cast<Eigen::Index>(count), width);
  out = rows.cast<double>();
}

// p_Λ(h|v) (SCIENCE.md §3). For the filter, log p(h|v) = Σ_j [h_j θ_j − log 2cosh θ_j] is one matrix
// product with the state table, which is much faster than a product of 2^{n_h}·n_h sigmoids.
Matrix filterProbabilities(const Matrix& theta, const Matrix& states) {
  const Vector logNorm =
      (theta.array().abs() + (-2.0 * theta.array().abs()).exp().log1p()).rowwise().sum().matrix();
  Matrix logP = theta * states.transpose();
  logP.colwise() -= logNorm;
  return logP.array().exp().matrix();
}

Matrix hiddenProbabilities(const HiddenConditional& rule, const Matrix& visible) {
  if (const auto* filter = dynamic_cast<const Filter*>(&rule))
    return filterProbabilities(filter->preActivations(visible), allSpinStates(filter->hiddenCount()));
  return rule.hiddenProbabilities(visible);
}

double logOrZero(double p) { return p > 0 ? std::log(p) : 0.0; }

// Ĩ accumulated over chunks: Σ_n p(h|v_n) for P(h), and Σ_n Σ_h p(h|v_n) log r(h|e_n).
struct BoundSums {
  Vector pSum;
  double cross = 0.0;
  double count = 0.0;
  void add(const Matrix& p, const Matrix& logR) {
    if (pSum.size() == 0) pSum = Vector::Zero(p.cols());
    pSum += p.colwise().sum().transpose();
    cross += (p.array() * logR.array()).sum();
    count += static_cast<double>(p.rows());
  }
  double bound() const {
    const Vector pBar = pSum / count;
    const double entropy = -pBar.unaryExpr([](double p) { return p * logOrZero(p); }).sum();
    return entropy + cross / count;
  }
};

// Visits windows [first, first + count) in chunks as double matrices (V, E).
template <class Visit>
void forEachChunk(const WindowSet& w, std::size_t first, std::size_t count, Visit&& visit) {
  Matrix v;
  EnvironmentRows e;
  for (std::size_t start = first; start < first + count; start += kChunk) {
    const std::size_t n = std::min(kChunk, first + count - start);
    castRows(w.visible.data(), w.visibleSize, start, n, v);
    castRows(w.environment.data(), w.environmentSize, start, n, e);
    visit(v, e);
  }
}

double boundOn(const Critic& critic, const HiddenConditional& rule, const WindowSet& w, std::size_t first,
               std::size_t count) {
  BoundSums sums;
  forEachChunk(w, first, count, [&](const Matrix& v, const EnvironmentRows& e) {
    sums.add(hiddenProbabilities(rule, v), critic.logProbabilities(e));
  });
  return sums.bound();
}

// Mean cross-entropy −(1/N) Σ_n Σ_h p(h|v_n) log r(h|e_n) (no L2 term): the validation loss.
double crossEntropyOn(const Critic& critic, const HiddenConditional& rule, const WindowSet& w, std::size_t first,
                      std::size_t count) {
  BoundSums sums;
  forEachChunk(w, first, count, [&](const Matrix& v, const EnvironmentRows& e) {
    sums.add(hiddenProbabilities(rule, v), critic.logProbabilities(e));
  });
  return -sums.cross / sums.count;
}

// One shuffled pass of Adam steps of the critic alone over windows[indices], targets p(h|v).
// Rows are gathered into reused byte buffers and cast once per minibatch. Returns the mean loss.
double trainEpoch(Critic& critic, const HiddenConditional& rule, const WindowSet& w,
                  std::vector<std::size_t>& indices, std::size_t batchSize, Xoshiro256pp& rng,
                  const std::stop_token& stop) {
  for (std::size_t i = indices.size(); i > 1; --i) std::swap(indices[i - 1], indices[rng.below(i)]);
  const std::size_t nv = static_cast<std::size_t>(w.visibleSize), ne = static_cast<std::size_t>(w.environmentSize);
  std::vector<std::int8_t> vBytes(batchSize * nv), eBytes(batchSize * ne);
  Matrix v;
  EnvironmentRows e;
  double lossSum = 0.0;
  for (std::size_t start = 0; start < indices.size(); start += batchSize) {
    if (stop.stop_requested()) throw Cancelled{};
    const std::size_t n = std::min(batchSize, indices.size() - start);
    for (std::size_t r = 0; r < n; ++r) {
      const std::size_t k = indices[start + r];
      std::memcpy(vBytes.data() + r * nv, w.visible.data() + k * nv, nv);
      std::memcpy(eBytes.data() + r * ne, w.environment.data() + k * ne, ne);
    }
    castRows(vBytes.data(), w.visibleSize, 0, n, v);
    castRows(eBytes.data(), w.environmentSize, 0, n, e);
    lossSum += critic.trainStep(e, hiddenProbabilities(rule, v)) * static_cast<double>(n);
  }
  return lossSum / static_cast<double>(indices.size());
}

} // namespace

VariationalEstimator::VariationalEstimator(VariationalOptions options)
    : options_(std::move(options)),
      warmUpRng_(Xoshiro256pp::stream(options_.seed, StreamPurpose::Training, kWarmUpShuffleStream)) {
  if (options_.batchSize == 0) throw std::invalid_argument("variational estimator: batch size must be positive");
  if (options_.criticStepsPerBatch < 0)
    throw std::invalid_argument("variational estimator: negative critic steps per batch");
}

Critic VariationalEstimator::makeCritic(int hiddenCount, int environmentSize, std::uint64_t streamIndex) const {
  return Critic(hiddenCount, environmentSize, options_.critic, options_.seed, streamIndex);
}

Critic& VariationalEstimator::jointCritic(int hiddenCount, int environmentSize) {
  if (!critic_ || critic_->hiddenCount() != hiddenCount || critic_->environmentSize() != environmentSize)
    critic_.emplace(makeCritic(hiddenCount, environmentSize, kJointCriticStream + restart_));
  return *critic_;
}

void VariationalEstimator::resetCritic(std::uint64_t restart) {
  restart_ = restart;
  critic_.reset();
}

void VariationalEstimator::prepare(const WindowSet& training, std::stop_token, const ProgressSink&) {
  training_ = &training;
  critic_.reset();
  restart_ = 0;
  starts_ = 0;
  warmUpRng_ = Xoshiro256pp::stream(options_.seed, StreamPurpose::Training, kWarmUpShuffleStream);
}

double VariationalEstimator::estimate(const HiddenConditional& rule, const WindowBatch& batch) const {
  const WindowSet& w = checkedWindows(batch);
  checkShapes(rule, w);
  if (critic_ && critic_->hiddenCount() == rule.hiddenCount() && critic_->environmentSize() == w.environmentSize)
    return boundOn(*critic_, rule, w, batch.first, batch.count);
  const Critic fresh = makeCritic(rule.hiddenCount(), w.environmentSize, kJointCriticStream + restart_);
  return boundOn(fresh, rule, w, batch.first, batch.count);
}

double VariationalEstimator::estimateWithGradient(const Filter& filter, const WindowBatch& batch,
                                                  FilterGradient& gradient) {
  const WindowSet& w = checkedWindows(batch);
  checkShapes(filter, w);
  const int nh = filter.hiddenCount();
  Critic& critic = jointCritic(nh, w.environmentSize);

  Matrix v;
  EnvironmentRows e;
  castRows(w.visible.data(), w.visibleSize, batch.first, batch.count, v);
  castRows(w.environment.data(), w.environmentSize, batch.first, batch.count, e);
  const Matrix states = allSpinStates(nh);  // 2^{n_h} × n_h
  const Matrix theta = filter.preActivations(v);
  const Matrix p = filterProbabilities(theta, states);

  // One forward pass of the critic serves Ĩ, ∂Ĩ/∂Λ and the critic's own gradient.
  Vector criticGradient;
  Matrix logR;
  critic.lossWithGradient(e, p, criticGradient, &logR);

  const double invN = 1.0 / static_cast<double>(batch.count);
  const Vector pBar = p.colwise().mean().transpose();
  const Vector logPBar = pBar.unaryExpr(&logOrZero);
  const double entropy = -(pBar.array() * logPBar.array()).sum();
  const double bound = entropy + (p.array() * logR.array()).sum() * invN;

  // ∂Ĩ/∂λ_ij = Σ_n v_{n,i} Σ_h W_{n,h} (h_j − tanh θ_j(v_n)),  W_{n,h} = p(h|v_n)[log r(h|e_n) − log P(h)]/N,
  // i.e. D = W·states − tanh Θ ⊙ (W·1) and ∂Ĩ/∂λ = Dᵀ V, ∂Ĩ/∂b = Dᵀ 1.
  Matrix weights = logR;
  weights.rowwise() -= logPBar.transpose();
  weights.array() *= p.array() * invN;
  Matrix d = weights * states;
  d.array() -= theta.array().tanh().colwise() * weights.rowwise().sum().array();
  gradient.weights.noalias() = d.transpose() * v;
  gradient.bias = filter.hasBias ? Vector(d.colwise().sum().transpose()) : Vector::Zero(nh);

  if (options_.criticStepsPerBatch > 0) {
    critic.adamStep(criticGradient);
    for (int step = 1; step < options_.criticStepsPerBatch; ++step) critic.trainStep(e, p);
  }
  return bound;
}

void VariationalEstimator::beginFilterTraining(const Filter& initial, std::stop_token stop) {
  resetCritic(starts_++);
  if (training_ && options_.warmUpEpochs > 0) warmUp(initial, options_.warmUpEpochs, stop);
}

double VariationalEstimator::warmUp(const HiddenConditional& rule, int epochs, std::stop_token stop,
                                    const ProgressSink& progress) {
  if (!training_) throw std::logic_error("VariationalEstimator::warmUp called before prepare()");
  const WindowSet& w = *training_;
  checkShapes(rule, w);
  if (w.count() == 0) throw std::invalid_argument("variational estimator: no training windows");
  Critic& critic = jointCritic(rule.hiddenCount(), w.environmentSize);
  std::vector<std::size_t> indices(w.count());
  std::iota(indices.begin(), indices.end(), std::size_t{0});
  double loss = std::numeric_limits<double>::quiet_NaN();
  for (int epoch = 0; epoch < epochs; ++epoch) {
    loss = trainEpoch(critic, rule, w, indices, options_.batchSize, warmUpRng_, stop);
    if (progress) progress({"critic warm-up", static_cast<double>(epoch + 1) / epochs});
  }
  return loss;
}

double VariationalEstimator::score(const HiddenConditional& rule, const WindowSet& training,
                                   const WindowSet& heldOut, std::stop_token stop) {
  return scoreDetailed(rule, training, heldOut, stop).bound;
}

VariationalScore VariationalEstimator::scoreDetailed(const HiddenConditional& rule, const WindowSet& training,
                                                     const WindowSet& heldOut, std::stop_token stop,
                                                     std::size_t windowsPerSample) const {
  if (windowsPerSample == 0) throw std::invalid_argument("variational estimator: windowsPerSample must be positive");
  checkShapes(rule, training);
  checkShapes(rule, heldOut);
  if (training.count() == 0 || heldOut.count() == 0)
    throw std::invalid_argument("variational estimator: score needs training and held-out windows");
  if (training.environmentSize != heldOut.environmentSize)
    throw std::invalid_argument("variational estimator: training and held-out environments differ in size");

  // Early stopping watches the cross-entropy on the last slice of the training windows (windows are
  // stored sample by sample, so the slice shares at most one configuration with the rest); with very
  // few windows there is no slice and the training loss is watched instead.
  const std::size_t total = training.count();
  const std::size_t validation =
      total >= 20 ? std::max<std::size_t>(1, static_cast<std::size_t>(
                                                 std::ceil(options_.scoreValidationFraction * static_cast<double>(total))))
                  : 0;
  std::vector<std::size_t> indices(total - validation);
  std::iota(indices.begin(), indices.end(), std::size_t{0});

  Critic critic = makeCritic(rule.hiddenCount(), training.environmentSize, kScoreCriticStream);
  Xoshiro256pp rng = Xoshiro256pp::stream(options_.seed, StreamPurpose::Training, kScoreShuffleStream);
  Critic best = critic;
  double bestLoss = std::numeric_limits<double>::infinity();
  int sinceBest = 0, epochs = 0;
  while (epochs < options_.scoreMaxEpochs && sinceBest < options_.scorePatience) {
    const double trainLoss = trainEpoch(critic, rule, training, indices, options_.batchSize, rng, stop);
    ++epochs;
    const double watched =
        validation ? crossEntropyOn(critic, rule, training, total - validation, validation) : trainLoss;
    if (watched < bestLoss - options_.scoreTolerance) {
      bestLoss = watched;
      best = critic;
      sinceBest = 0;
    } else {
      ++sinceBest;
      critic.setLearningRate(critic.options().learningRate * options_.scoreLearningRateDecay);
    }
  }
  if (stop.stop_requested()) throw Cancelled{};

  // Held-out Ĩ = mean of x_n = Σ_h p(h|v_n)[log r(h|e_n) − log P(h)] (two passes: P(h) first).
  Vector pSum = Vector::Zero(best.stateCount());
  forEachChunk(heldOut, 0, heldOut.count(), [&](const Matrix& v, const EnvironmentRows&) {
    pSum += hiddenProbabilities(rule, v).colwise().sum().transpose();
  });
  const double n = static_cast<double>(heldOut.count());
  const Vector logPBar = (pSum / n).unaryExpr(&logOrZero);
  // Group sums of x_n: groups of windowsPerSample consecutive windows (chunks need not align with them).
  double sum = 0.0, groupSum = 0.0, groupMeans = 0.0, groupSquares = 0.0;
  std::size_t inGroup = 0, groups = 0;
  forEachChunk(heldOut, 0, heldOut.count(), [&](const Matrix& v, const EnvironmentRows& e) {
    Matrix terms = best.logProbabilities(e);
    terms.rowwise() -= logPBar.transpose();
    const Vector x = (hiddenProbabilities(rule, v).array() * terms.array()).rowwise().sum().matrix();
    for (Eigen::Index k = 0; k < x.size(); ++k) {
      sum += x(k);
      groupSum += x(k);
      if (++inGroup == windowsPerSample) {
        const double mean = groupSum / static_cast<double>(windowsPerSample);
        groupMeans += mean;
        groupSquares += mean * mean;
        ++groups;
        groupSum = 0.0;
        inGroup = 0;
      }
    }
  });
  VariationalScore result;
  result.bound = sum / n;
  const double g = static_cast<double>(groups);
  const double variance = groups > 1 ? std::max(0.0, (groupSquares - groupMeans * groupMeans / g) / (g - 1)) : 0.0;
  result.standardError = groups > 1 ? std::sqrt(variance / g) : std::numeric_limits<double>::quiet_NaN();
  result.epochs = epochs;
  return result;
}

} // namespace rsmi
