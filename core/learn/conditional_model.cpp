#include "core/learn/conditional_model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <tbb/parallel_for.h>

#include "core/common/random.h"

namespace rsmi {

namespace {

// Stream indices (Filter::random uses index 1): the one-time permutation of the training windows uses
// kShuffleStream, the minibatch order of epoch k uses kShuffleStream + k.
constexpr std::uint64_t kShuffleStream = 0x51A7'0000ull;
constexpr std::uint64_t kInitStream = 0x51A6'0000ull;
constexpr std::size_t kEvalChunk = 4096;  // windows per chunk when scoring held-out data

using ConstMap = Eigen::Map<const Matrix>;
using MutMap = Eigen::Map<Matrix>;

} // namespace

struct ConditionalModel::Workspace {
  Matrix logits;  // 2^{n_v} × B
  Matrix hidden;  // m × B: tanh(U x + c)
  Matrix delta;   // 2^{n_v} × B: ∂(Σ NLL)/∂logits
  Matrix x;       // n_e × B: the minibatch's environments as columns
};

Matrix environmentColumns(const WindowSet& windows, std::size_t first, std::size_t count) {
  const int ne = windows.environmentSize;
  Matrix x(ne, static_cast<Eigen::Index>(count));
  const std::int8_t* src = windows.environment.data() + first * static_cast<std::size_t>(ne);
  for (std::size_t n = 0; n < count; ++n)
    for (int k = 0; k < ne; ++k) x(k, static_cast<Eigen::Index>(n)) = src[n * ne + k];
  return x;
}

std::vector<std::uint32_t> visibleStates(const WindowSet& windows, std::size_t first, std::size_t count) {
  std::vector<std::uint32_t> states(count);
  const int nv = windows.visibleSize;
  for (std::size_t n = 0; n < count; ++n)
    states[n] = stateIndex(windows.visible.data() + (first + n) * static_cast<std::size_t>(nv), nv);
  return states;
}

ConditionalModel::ConditionalModel(int visibleCount, int environmentCount, const ConditionalModelOptions& options)
    : visibleCount_(visibleCount), environmentCount_(environmentCount), options_(options) {
  if (visibleCount < 1 || visibleCount > 24)
    throw std::invalid_argument("conditional model: the visible block must have 1 to 24 spins, not " +
                                std::to_string(visibleCount));
  if (environmentCount < 0) throw std::invalid_argument("conditional model: negative environment size");
  if (options.hiddenWidth < 0) throw std::invalid_argument("conditional model: negative hidden width");
  theta_ = Vector::Zero(parameterCount());
}

Eigen::Index ConditionalModel::parameterCount() const {
  const Eigen::Index m = options_.hiddenWidth;
  return stateCount() * (1 + weightColumns()) + (m > 0 ? m * (environmentCount_ + 1) : 0);
}

Vector ConditionalModel::parameters() const { return theta_; }

void ConditionalModel::setParameters(const Vector& parameters) {
  if (parameters.size() != parameterCount())
    throw std::invalid_argument("conditional model: expected " + std::to_string(parameterCount()) +
                                " parameters, got " + std::to_string(parameters.size()));
  theta_ = parameters;
}

void ConditionalModel::forward(const Matrix& x, Workspace& w) const {
  const Eigen::Index K = stateCount(), m = options_.hiddenWidth, cols = weightColumns();
  const double* p = theta_.data();
  const Eigen::Map<const Vector> a(p, K);
  const ConstMap W(p + K, K, cols);
  if (m > 0) {
    const ConstMap U(p + K * (1 + cols), m, environmentCount_);
    const Eigen::Map<const Vector> c(p + K * (1 + cols) + m * environmentCount_, m);
    w.hidden.noalias() = U * x;
    w.hidden.colwise() += c;
    w.hidden = w.hidden.array().tanh().matrix();
    w.logits.noalias() = W * w.hidden;
  } else {
    w.logits.noalias() = W * x;
  }
  w.logits.colwise() += a;
}

Matrix ConditionalModel::probabilitiesByColumn(const Matrix& environmentColumns) const {
  if (environmentColumns.rows() != environmentCount_)
    throw std::invalid_argument("conditional model: environment has the wrong number of spins");
  Workspace w;
  forward(environmentColumns, w);
  // Softmax per column, shifted by the column maximum so that exp never overflows.
  const Eigen::RowVectorXd top = w.logits.colwise().maxCoeff();
  Matrix q = w.logits;
  q.rowwise() -= top;
  q = q.array().exp().matrix();  // kept separate from the broadcast so that Eigen vectorises exp
  const Eigen::RowVectorXd z = q.colwise().sum();
  q.array().rowwise() /= z.array();
  return q;
}

Matrix ConditionalModel::logits(const Matrix& environment) const {
  Workspace w;
  forward(environment.transpose(), w);
  return w.logits.transpose();
}

Matrix ConditionalModel::probabilities(const Matrix& environment) const {
  return probabilitiesByColumn(environment.transpose()).transpose();
}

double ConditionalModel::sumNll(const Matrix& x, const std::uint32_t* states, Workspace& w, Vector* gradient) const {
  forward(x, w);
  const Eigen::Index B = x.cols(), K = stateCount(), m = options_.hiddenWidth, cols = weightColumns();
  // −log q(v|e) = log Σ_v' exp s_v' − s_v, with the log-sum-exp shifted by the maximum.
  const Eigen::RowVectorXd top = w.logits.colwise().maxCoeff();
  w.delta = w.logits;
  w.delta.rowwise() -= top;
  w.delta = w.delta.array().exp().matrix();  // kept separate from the broadcast so that Eigen vectorises exp
  const Eigen::RowVectorXd z = w.delta.colwise().sum();
  double total = 0;
  for (Eigen::Index n = 0; n < B; ++n) total += std::log(z(n)) + top(n) - w.logits(states[n], n);
  if (!gradient) return total;

  // ∂(−log q(v_n|e_n))/∂s_v = q(v|e_n) − [v = v_n]; then back-propagate through the (linear) layers.
  w.delta.array().rowwise() /= z.array();
  for (Eigen::Index n = 0; n < B; ++n) w.delta(states[n], n) -= 1.0;
  double* g = gradient->data();
  Eigen::Map<Vector>(g, K).noalias() += w.delta.rowwise().sum();
  MutMap gW(g + K, K, cols);
  if (m == 0) {
    gW.noalias() += w.delta * x.transpose();
    return total;
  }
  gW.noalias() += w.delta * w.hidden.transpose();
  const ConstMap W(theta_.data() + K, K, cols);
  Matrix dz = (W.transpose() * w.delta).cwiseProduct((1.0 - w.hidden.array().square()).matrix());
  MutMap(g + K * (1 + cols), m, environmentCount_).noalias() += dz * x.transpose();
  Eigen::Map<Vector>(g + K * (1 + cols) + m * environmentCount_, m).noalias() += dz.rowwise().sum();
  return total;
}

double ConditionalModel::negativeLogLikelihood(const Matrix& environmentColumns,
                                               const std::vector<std::uint32_t>& states, Vector* gradient) const {
  if (environmentColumns.rows() != environmentCount_ ||
      static_cast<std::size_t>(environmentColumns.cols()) != states.size())
    throw std::invalid_argument("conditional model: environment columns and states do not match");
  if (states.empty()) return 0.0;
  Workspace w;
  if (gradient) *gradient = Vector::Zero(parameterCount());
  const double n = static_cast<double>(states.size());
  const double nll = sumNll(environmentColumns, states.data(), w, gradient) / n;
  if (gradient) *gradient /= n;
  return nll;
}

double ConditionalModel::heldOutNll(const WindowSet& windows, const std::vector<std::uint32_t>& states,
                                    std::size_t first, std::size_t count) const {
  // Fixed chunks summed in order: the same value whatever the number of threads.
  const std::size_t chunks = (count + kEvalChunk - 1) / kEvalChunk;
  std::vector<double> partial(chunks, 0.0);
  tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
    const std::size_t begin = first + c * kEvalChunk, size = std::min(kEvalChunk, first + count - begin);
    Workspace w;
    partial[c] = sumNll(environmentColumns(windows, begin, size), states.data() + begin, w, nullptr);
  });
  double total = 0;
  for (double p : partial) total += p;
  return count ? total / static_cast<double>(count) : 0.0;
}

ConditionalTrainingReport ConditionalModel::train(const WindowSet& windows, std::stop_token stop,
                                                  const ProgressSink& progress) {
  if (windows.visibleSize != visibleCount_ || windows.environmentSize != environmentCount_)
    throw std::invalid_argument("conditional model: windows have " + std::to_string(windows.visibleSize) +
                                " visible and " + std::to_string(windows.environmentSize) +
                                " environment spins, the model expects " + std::to_string(visibleCount_) + " and " +
                                std::to_string(environmentCount_));
  const std::size_t total = windows.count();
  if (total == 0) throw std::invalid_argument("conditional model: no training windows");
  const ConditionalModelOptions& o = options_;
  const std::size_t ne = static_cast<std::size_t>(environmentCount_);
  ConditionalTrainingReport report;
  // Held out: the last windows, i.e. (since windows are stored in sample order) mostly other samples.
  std::size_t heldOut = total >= 10 ? static_cast<std::size_t>(std::ceil(o.heldOutFraction * total)) : 0;
  heldOut = std::min(heldOut, total - 1);
  const std::size_t train = total - heldOut;
  report.trainingWindows = train;
  report.heldOutWindows = heldOut;
  const std::vector<std::uint32_t> states = visibleStates(windows, 0, total);

  // The training windows are permuted once into a contiguous copy; minibatches are its slices, visited
  // in a fresh order every epoch. Streaming through contiguous bytes is several times faster than
  // gathering random windows, and each minibatch is still a uniform random subset.
  std::vector<std::int8_t> env(train * ne);
  std::vector<std::uint32_t> trainStates(train);
  {
    std::vector<std::size_t> order(train);
    for (std::size_t n = 0; n < train; ++n) order[n] = n;
    Xoshiro256pp rng = Xoshiro256pp::stream(o.seed, StreamPurpose::Training, kShuffleStream);
    for (std::size_t n = train; n > 1; --n) std::swap(order[n - 1], order[rng.below(n)]);
    for (std::size_t n = 0; n < train; ++n) {
      std::copy_n(windows.environment.data() + order[n] * ne, ne, env.data() + n * ne);
      trainStates[n] = states[order[n]];
    }
  }

  // Start from the empirical block marginal (a_v = log frequency, smoothed) so that the first epoch
  // refines the dependence on e instead of learning the marginal.
  const Eigen::Index K = stateCount(), m = o.hiddenWidth, cols = weightColumns();
  theta_.setZero();
  Vector counts = Vector::Constant(K, 0.5);
  for (std::size_t n = 0; n < train; ++n) counts(states[n]) += 1.0;
  theta_.head(K) = (counts / counts.sum()).array().log().matrix();
  Xoshiro256pp init = Xoshiro256pp::stream(o.seed, StreamPurpose::Training, kInitStream);
  if (m > 0) {  // break the symmetry of the tanh units; scale keeps U·e of order one
    const double su = 1.0 / std::sqrt(std::max(1, environmentCount_)), sw = 0.1 / std::sqrt(double(m));
    for (Eigen::Index i = 0; i < K * cols; ++i) theta_(K + i) = sw * (2 * init.uniform() - 1);
    for (Eigen::Index i = 0; i < m * environmentCount_; ++i) theta_(K * (1 + cols) + i) = su * (2 * init.uniform() - 1);
  }
  // Weights (W and U) carry the L2 term; biases (a and c) do not.
  Vector decay = Vector::Zero(parameterCount());
  decay.segment(K, K * cols).setConstant(o.l2);
  if (m > 0) decay.segment(K * (1 + cols), m * environmentCount_).setConstant(o.l2);

  Vector best = theta_;
  double bestNll = heldOut ? heldOutNll(windows, states, train, heldOut) : 0.0;
  int sinceBest = 0;
  const Eigen::Index P = parameterCount();
  Vector grad(P), m1 = Vector::Zero(P), m2 = Vector::Zero(P), average(P);
  const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double power1 = 1, power2 = 1;
  const std::size_t batch = static_cast<std::size_t>(std::max(1, o.minibatch));
  const std::size_t batches = (train + batch - 1) / batch;
  std::vector<std::size_t> batchOrder(batches);
  for (std::size_t b = 0; b < batches; ++b) batchOrder[b] = b;
  Workspace w;
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    if (stop.stop_requested()) throw Cancelled{};
    Xoshiro256pp rng = Xoshiro256pp::stream(o.seed, StreamPurpose::Training, kShuffleStream + epoch);
    for (std::size_t b = batches; b > 1; --b) std::swap(batchOrder[b - 1], batchOrder[rng.below(b)]);
    // Step size decays as 1/√epoch; the epoch's iterates are averaged (Polyak–Ruppert), which removes
    // most of the minibatch noise from the parameters that are scored and kept.
    const double rate = o.learningRate / std::sqrt(double(epoch));
    average.setZero();
    double epochNll = 0;
    for (std::size_t k = 0; k < batches; ++k) {
      if (k % 64 == 63 && stop.stop_requested()) throw Cancelled{};
      const std::size_t begin = batchOrder[k] * batch, size = std::min(batch, train - begin);
      w.x.resize(environmentCount_, static_cast<Eigen::Index>(size));
      const std::int8_t* src = env.data() + begin * ne;
      double* dst = w.x.data();
      for (std::size_t i = 0; i < size * ne; ++i) dst[i] = src[i];
      grad.setZero();
      epochNll += sumNll(w.x, trainStates.data() + begin, w, &grad);
      grad /= static_cast<double>(size);
      grad += decay.cwiseProduct(theta_);
      // Adam (Kingma & Ba) with bias-corrected moments.
      power1 *= beta1;
      power2 *= beta2;
      m1 = beta1 * m1 + (1 - beta1) * grad;
      m2 = beta2 * m2 + (1 - beta2) * grad.cwiseAbs2();
      theta_.array() -= rate * (m1.array() / (1 - power1)) / ((m2.array() / (1 - power2)).sqrt() + eps);
      average += (theta_ - average) / double(k + 1);
    }
    report.epochsRun = epoch;
    report.trainingNll = epochNll / static_cast<double>(train);
    if (progress) progress({"conditional model", double(epoch) / o.epochs});
    if (heldOut == 0) {  // nothing to stop on: the budget decides, the last average is kept
      best = average;
      bestNll = report.trainingNll;
      report.bestEpoch = epoch;
      continue;
    }
    std::swap(theta_, average);
    const double nll = heldOutNll(windows, states, train, heldOut);
    std::swap(theta_, average);
    if (nll < bestNll) {
      // Sub-tolerance gains keep the better parameters but count as a stall.
      sinceBest = nll < bestNll - o.tolerance ? 0 : sinceBest + 1;
      bestNll = nll;
      best = average;
      report.bestEpoch = epoch;
    } else {
      ++sinceBest;
    }
    if (o.patience > 0 && sinceBest >= o.patience && epoch < o.epochs) {
      report.stoppedEarly = true;
      break;
    }
  }
  theta_ = best;
  report.heldOutNll = bestNll;
  return report;
}

} // namespace rsmi
