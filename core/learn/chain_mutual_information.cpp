#include "core/learn/chain_mutual_information.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace rsmi {

namespace {

constexpr double kTiny = 1e-300;  // floor inside log(): p log p → 0 as p → 0

void checkArguments(int visibleCount, double coupling, int buffer) {
  if (visibleCount < 1 || visibleCount > 20)
    throw std::invalid_argument("chain mutual information: the block must have 1 to 20 spins, not " +
                                std::to_string(visibleCount));
  if (buffer < 0) throw std::invalid_argument("chain mutual information: negative buffer width");
  if (!std::isfinite(coupling)) throw std::invalid_argument("chain mutual information: the coupling must be finite");
}

// Σ_{h,e} P(h,e) log[P(h|e)/P(h)] for P(h,e) given as a 4 × H matrix, and the log ratio itself.
double informationOf(const Matrix& joint, Matrix* logRatio) {
  const Vector pe = joint.rowwise().sum();
  const Eigen::RowVectorXd ph = joint.colwise().sum();
  double info = 0;
  if (logRatio) logRatio->resize(joint.rows(), joint.cols());
  for (Eigen::Index e = 0; e < joint.rows(); ++e)
    for (Eigen::Index h = 0; h < joint.cols(); ++h) {
      const double p = joint(e, h);
      // log[P(h|e)/P(h)] = log P(h,e) − log P(e) − log P(h)
      const double r = std::log(std::max(p, kTiny)) - std::log(std::max(pe(e), kTiny)) - std::log(std::max(ph(h), kTiny));
      if (logRatio) (*logRatio)(e, h) = r;
      if (p > 0) info += p * r;
    }
  return info;
}

} // namespace

Matrix chainJointDistribution(int visibleCount, double coupling, int buffer) {
  checkArguments(visibleCount, coupling, buffer);
  const double t = std::tanh(coupling), td = std::pow(t, buffer + 1);
  const Matrix v = allSpinStates(visibleCount);
  Matrix joint(4, v.rows());
  for (Eigen::Index k = 0; k < v.rows(); ++k) {
    double inner = 0.5;  // P(v_1) = ½ on the infinite chain, then the transitions inside the block
    for (int i = 0; i + 1 < visibleCount; ++i) inner *= 0.5 * (1 + v(k, i) * v(k, i + 1) * t);
    for (int r = 0; r < 4; ++r) {
      const double el = (r & 1) ? 1.0 : -1.0, er = (r & 2) ? 1.0 : -1.0;
      // e_l → v_1 backwards has the same transition probability as forwards (a reversible chain).
      joint(r, k) = inner * 0.5 * (1 + el * v(k, 0) * td) * 0.5 * (1 + v(k, visibleCount - 1) * er * td);
    }
  }
  return joint;
}

double chainMutualInformationVE(int visibleCount, double coupling, int buffer) {
  return informationOf(chainJointDistribution(visibleCount, coupling, buffer), nullptr);
}

double chainMutualInformation(const HiddenConditional& rule, double coupling, int buffer) {
  const int nv = rule.visibleCount();
  const Matrix joint = chainJointDistribution(nv, coupling, buffer);
  return informationOf(joint * rule.hiddenProbabilities(allSpinStates(nv)), nullptr);
}

double chainMutualInformationWithGradient(const Filter& filter, double coupling, int buffer, FilterGradient& gradient) {
  const int nv = filter.visibleCount();
  const Matrix joint = chainJointDistribution(nv, coupling, buffer);  // 4 × K
  const Matrix v = allSpinStates(nv);
  const Matrix pvh = filter.hiddenProbabilities(v);                    // K × H
  Matrix logRatio;
  const double info = informationOf(joint * pvh, &logRatio);           // 4 × H
  // M(v,h) = Σ_e P(v,e) log[P(h|e)/P(h)], then the same contraction as the exact estimator:
  // A(v,j) = Σ_h M(v,h) p(h|v) (h_j − tanh θ_j(v)), ∂I/∂λ = Aᵀ V, ∂I/∂b_j = Σ_v A(v,j).
  const Matrix R = (joint.transpose() * logRatio).cwiseProduct(pvh);
  const Matrix tanhTheta = filter.preActivations(v).array().tanh().matrix();
  const Matrix A =
      R * allSpinStates(filter.hiddenCount()) - (tanhTheta.array().colwise() * R.rowwise().sum().array()).matrix();
  gradient = FilterGradient::zerosLike(filter);
  gradient.weights = A.transpose() * v;
  if (filter.hasBias) gradient.bias = A.colwise().sum().transpose();
  return info;
}

ConditionalModel chainConditionalModel(int visibleCount, double coupling, int buffer, int environment) {
  checkArguments(visibleCount, coupling, buffer);
  if (environment < 1) throw std::invalid_argument("chain conditional model: the environment width must be >= 1");
  const double td = std::pow(std::tanh(coupling), buffer + 1);
  if (std::abs(td) >= 1) throw std::invalid_argument("chain conditional model: the coupling must be finite");
  const double kd = std::atanh(td);  // effective coupling across the buffer: tanh K_d = t^{L_B+1}
  ConditionalModel q(visibleCount, 2 * environment);
  const Matrix v = allSpinStates(visibleCount);
  const Eigen::Index K = v.rows();
  Vector theta = Vector::Zero(q.parameterCount());
  Eigen::Map<Matrix> W(theta.data() + K, K, 2 * environment);
  for (Eigen::Index k = 0; k < K; ++k) {
    double bonds = 0;
    for (int i = 0; i + 1 < visibleCount; ++i) bonds += v(k, i) * v(k, i + 1);
    theta(k) = coupling * bonds;
    W(k, environment - 1) = kd * v(k, 0);
    W(k, environment) = kd * v(k, visibleCount - 1);
  }
  q.setParameters(theta);
  return q;
}

} // namespace rsmi
