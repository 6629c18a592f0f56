#include "core/learn/rbm_gibbs_chains.h"

#include <cmath>
#include <stdexcept>

namespace rsmi {

GibbsChains::GibbsChains(const Rbm& model, int freeCount, Matrix hiddenShift, Matrix start, XoshiroLanes rng)
    : wFree_(model.weights.topRows(freeCount)),
      aFree_(model.visibleBias.head(freeCount)),
      shift_(std::move(hiddenShift)),
      v_(std::move(start)),
      rng_(rng) {
  if (freeCount <= 0 || freeCount > model.visibleCount()) throw std::invalid_argument("GibbsChains: bad free count");
  if (v_.cols() != freeCount || shift_.rows() != v_.rows() || shift_.cols() != model.hiddenCount())
    throw std::invalid_argument("GibbsChains: start / shift shapes differ from the model");
  const Eigen::Index C = v_.rows();
  proposal_.resize(C, freeCount);
  actV_.resize(C, freeCount);
  actG_.resize(C, model.hiddenCount());
  g_.resize(C, model.hiddenCount());
  uniforms_.resize(C, std::max<Eigen::Index>(freeCount, model.hiddenCount()));
}

void GibbsChains::setTilt(const Filter& filter, Matrix hiddenStates) {
  if (filter.visibleCount() != v_.cols() || hiddenStates.rows() != v_.rows() ||
      hiddenStates.cols() != filter.hiddenCount())
    throw std::invalid_argument("GibbsChains: tilt shapes differ");
  filter_ = &filter;
  tiltHidden_ = std::move(hiddenStates);
  acceptUniforms_.resize(v_.rows());
  tiltLogProbabilities(v_, logTilt_);
}

void GibbsChains::tiltLogProbabilities(const Matrix& v, Vector& out) {
  // log p_Λ(h|v) = Σ_j [h_j θ_j − log 2cosh θ_j] (SCIENCE.md §3).
  theta_.noalias() = v * filter_->weights.transpose();
  if (filter_->hasBias) theta_.rowwise() += filter_->bias.transpose();
  out = (tiltHidden_.cwiseProduct(theta_).array() - logTwoCosh(theta_.array())).rowwise().sum().matrix();
}

void GibbsChains::sweep() {
  const Eigen::Index C = v_.rows(), nf = v_.cols(), ng = g_.cols();
  // 1. g ~ p(g | v', c): E[g] = tanh(v'W_f + shift).
  actG_.noalias() = v_ * wFree_;
  actG_ += shift_;
  actG_ = spinMeans(actG_.array()).matrix();
  rng_.fillSymmetric(uniforms_.data(), static_cast<std::size_t>(C * ng));
  signsFromUniforms(actG_.data(), uniforms_.data(), g_.data(), static_cast<std::size_t>(C * ng));
  // 2. v* ~ p(v' | g): E[v'] = tanh(g W_fᵀ + a_f).
  actV_.noalias() = g_ * wFree_.transpose();
  actV_.rowwise() += aFree_.transpose();
  actV_ = spinMeans(actV_.array()).matrix();
  rng_.fillSymmetric(uniforms_.data(), static_cast<std::size_t>(C * nf));
  if (!filter_) {
    signsFromUniforms(actV_.data(), uniforms_.data(), v_.data(), static_cast<std::size_t>(C * nf));
    return;
  }
  signsFromUniforms(actV_.data(), uniforms_.data(), proposal_.data(), static_cast<std::size_t>(C * nf));
  // 3. Metropolis–Hastings on the filter factor.
  tiltLogProbabilities(proposal_, logTiltProposal_);
  rng_.fillUnit(acceptUniforms_.data(), static_cast<std::size_t>(C));
  ratio_ = (logTiltProposal_ - logTilt_).array().min(0.0).exp().matrix();  // vectorised
  proposals_ += static_cast<std::uint64_t>(C);
  for (Eigen::Index c = 0; c < C; ++c) {
    if (acceptUniforms_(c) < ratio_(c)) {
      v_.row(c) = proposal_.row(c);
      logTilt_(c) = logTiltProposal_(c);
      ++accepted_;
    }
  }
}

} // namespace rsmi
