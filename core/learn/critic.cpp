#include "core/learn/critic.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/common/random.h"

namespace rsmi {

namespace {

using ConstMap = Eigen::Map<const Matrix>;
using MutableMap = Eigen::Map<Matrix>;

// Row-wise log-softmax in place, shifted by the row maximum so that no exp overflows.
void logSoftmaxRows(Matrix& logits) {
  const Vector rowMax = logits.rowwise().maxCoeff();
  logits.colwise() -= rowMax;
  const Vector logNorm = logits.array().exp().rowwise().sum().log().matrix();
  logits.colwise() -= logNorm;
}

} // namespace

Critic::Critic(int hiddenCount, int environmentSize, const CriticOptions& options, std::uint64_t seed,
               std::uint64_t streamIndex)
    : hiddenCount_(hiddenCount), environmentSize_(environmentSize), options_(options) {
  if (hiddenCount < 1 || hiddenCount > kMaxCriticHiddens)
    throw std::invalid_argument("Critic: the number of hidden units n_h = " + std::to_string(hiddenCount) +
                                " must be between 1 and " + std::to_string(kMaxCriticHiddens) +
                                " (the critic is a softmax over all 2^n_h hidden states)");
  if (environmentSize < 0) throw std::invalid_argument("Critic: negative environment size");
  if (options.hiddenLayerWidth < 0) throw std::invalid_argument("Critic: negative hidden layer width");

  const Eigen::Index s = stateCount(), d = featureCount(), m = options.hiddenLayerWidth;
  params_ = Vector::Zero(s * d + s + m * environmentSize + m);
  firstMoment_ = Vector::Zero(params_.size());
  secondMoment_ = Vector::Zero(params_.size());

  Xoshiro256pp rng = Xoshiro256pp::stream(seed, StreamPurpose::Training, streamIndex);
  for (Eigen::Index k = 0; k < s * d; ++k) params_(k) = options.initialScale * (2.0 * rng.uniform() - 1.0);
  if (m > 0) {
    // Glorot-like scale keeps tanh out of saturation for ±1 inputs at the start.
    const double scale = 1.0 / std::sqrt(std::max(1, environmentSize));
    for (Eigen::Index k = 0; k < m * environmentSize; ++k)
      params_(s * d + s + k) = scale * (2.0 * rng.uniform() - 1.0);
  }
}

Eigen::Index Critic::featureCount() const {
  return options_.hiddenLayerWidth > 0 ? options_.hiddenLayerWidth : environmentSize_;
}

void Critic::setParameters(const Vector& parameters) {
  if (parameters.size() != params_.size()) throw std::invalid_argument("Critic::setParameters: wrong size");
  params_ = parameters;
}

void Critic::forward(const EnvironmentRows& environment, Matrix& features, Matrix& logR) const {
  if (environment.cols() != environmentSize_)
    throw std::invalid_argument("Critic: environment has " + std::to_string(environment.cols()) +
                                " entries per window, the critic expects " + std::to_string(environmentSize_));
  const Eigen::Index s = stateCount(), d = featureCount(), m = options_.hiddenLayerWidth;
  const ConstMap u(params_.data(), s, d);
  const auto c = params_.segment(s * d, s);
  if (m > 0) {
    const ConstMap w(params_.data() + s * d + s, m, environmentSize_);
    const auto b = params_.segment(s * d + s + m * environmentSize_, m);
    features.noalias() = environment * w.transpose();
    features.rowwise() += b.transpose();
    features = features.array().tanh().matrix();
    logR.noalias() = features * u.transpose();
  } else {
    logR.noalias() = environment * u.transpose();
  }
  logR.rowwise() += c.transpose();
  logSoftmaxRows(logR);
}

Matrix Critic::logProbabilities(const EnvironmentRows& environment) const {
  Matrix features, logR;
  forward(environment, features, logR);
  return logR;
}

double Critic::loss(const EnvironmentRows& environment, const Matrix& targets) const {
  const Matrix logR = logProbabilities(environment);
  double value = -(targets.array() * logR.array()).sum() / static_cast<double>(environment.rows());
  if (options_.weightDecay > 0) {
    const Eigen::Index s = stateCount(), d = featureCount(), m = options_.hiddenLayerWidth;
    const double norm2 = params_.head(s * d).squaredNorm() + params_.segment(s * d + s, m * environmentSize_).squaredNorm();
    value += 0.5 * options_.weightDecay * norm2;
  }
  return value;
}

double Critic::lossWithGradient(const EnvironmentRows& environment, const Matrix& targets, Vector& gradient,
                                Matrix* logProbabilities) const {
  const Eigen::Index n = environment.rows(), s = stateCount(), d = featureCount(), m = options_.hiddenLayerWidth;
  if (targets.rows() != n || targets.cols() != s)
    throw std::invalid_argument("Critic: targets must be N x 2^n_h");
  Matrix features, logR;
  forward(environment, features, logR);

  // ∂L/∂ℓ_{n,h} = (1/N) (r_{n,h} Σ_h' t_{n,h'} − t_{n,h}); for normalised targets simply (r − t)/N.
  const double invN = 1.0 / static_cast<double>(n);
  Matrix g = logR.array().exp().colwise() * targets.rowwise().sum().array();
  g -= targets;
  g *= invN;

  gradient.resize(params_.size());
  MutableMap gu(gradient.data(), s, d);
  if (m > 0) gu.noalias() = g.transpose() * features;
  else gu.noalias() = g.transpose() * environment;
  gradient.segment(s * d, s) = g.colwise().sum().transpose();
  double value = -(targets.array() * logR.array()).sum() * invN;
  if (m > 0) {
    // Back through a = tanh(W e + b): ∂L/∂z = (g U) ⊙ (1 − a²).
    const ConstMap u(params_.data(), s, d);
    Matrix dz = g * u;
    dz.array() *= 1.0 - features.array().square();
    MutableMap gw(gradient.data() + s * d + s, m, environmentSize_);
    gw.noalias() = dz.transpose() * environment;
    gradient.segment(s * d + s + m * environmentSize_, m) = dz.colwise().sum().transpose();
  }
  if (options_.weightDecay > 0) {
    const double lambda = options_.weightDecay;
    const auto uPart = params_.head(s * d);
    const auto wPart = params_.segment(s * d + s, m * environmentSize_);
    value += 0.5 * lambda * (uPart.squaredNorm() + wPart.squaredNorm());
    gradient.head(s * d) += lambda * uPart;
    gradient.segment(s * d + s, m * environmentSize_) += lambda * wPart;
  }
  if (logProbabilities) *logProbabilities = std::move(logR);
  return value;
}

void Critic::adamStep(const Vector& gradient) {
  if (gradient.size() != params_.size()) throw std::invalid_argument("Critic::adamStep: wrong gradient size");
  ++steps_;
  const double b1 = options_.beta1, b2 = options_.beta2;
  firstMoment_ = b1 * firstMoment_ + (1.0 - b1) * gradient;
  secondMoment_ = b2 * secondMoment_ + (1.0 - b2) * gradient.cwiseAbs2();
  const double c1 = 1.0 - std::pow(b1, static_cast<double>(steps_));
  const double c2 = 1.0 - std::pow(b2, static_cast<double>(steps_));
  params_.array() -= options_.learningRate * (firstMoment_.array() / c1) /
                     ((secondMoment_.array() / c2).sqrt() + options_.epsilon);
}

double Critic::trainStep(const EnvironmentRows& environment, const Matrix& targets) {
  Vector gradient;
  const double value = lossWithGradient(environment, targets, gradient);
  adamStep(gradient);
  return value;
}

} // namespace rsmi
