#include "core/learn/filter.h"

#include <cmath>

#include "core/common/random.h"

namespace rsmi {

Filter Filter::zeros(int hiddenCount, int visibleCount, bool hasBias) {
  Filter f;
  f.weights = Matrix::Zero(hiddenCount, visibleCount);
  f.bias = Vector::Zero(hiddenCount);
  f.hasBias = hasBias;
  return f;
}

Filter Filter::random(int hiddenCount, int visibleCount, double scale, std::uint64_t seed, bool hasBias) {
  Filter f = zeros(hiddenCount, visibleCount, hasBias);
  Xoshiro256pp rng = Xoshiro256pp::stream(seed, StreamPurpose::Training, 1);
  for (int j = 0; j < hiddenCount; ++j)
    for (int i = 0; i < visibleCount; ++i) f.weights(j, i) = scale * (2.0 * rng.uniform() - 1.0);
  return f;
}

Matrix Filter::preActivations(const Matrix& visible) const {
  Matrix theta = visible * weights.transpose();
  if (hasBias) theta.rowwise() += bias.transpose();
  return theta;
}

Matrix Filter::hiddenProbabilities(const Matrix& visible) const {
  const Matrix theta = preActivations(visible);
  const int nh = hiddenCount();
  const Eigen::Index states = Eigen::Index{1} << nh;
  Matrix p(visible.rows(), states);
  for (Eigen::Index n = 0; n < visible.rows(); ++n) {
    // p(h_j = ±1 | v) = 1 / (1 + exp(∓2θ_j)); the product over j is exact and normalised.
    for (Eigen::Index k = 0; k < states; ++k) {
      double prob = 1.0;
      for (int j = 0; j < nh; ++j) {
        const double signedTheta = ((k >> j) & 1) ? theta(n, j) : -theta(n, j);
        prob *= 1.0 / (1.0 + std::exp(-2.0 * signedTheta));
      }
      p(n, k) = prob;
    }
  }
  return p;
}

FilterGradient FilterGradient::zerosLike(const Filter& f) {
  return {Matrix::Zero(f.weights.rows(), f.weights.cols()), Vector::Zero(f.bias.size())};
}

void fixSigns(Filter& filter) {
  for (int j = 0; j < filter.hiddenCount(); ++j) {
    Eigen::Index largest = 0;
    filter.weights.row(j).cwiseAbs().maxCoeff(&largest);  // first index of the maximum
    if (filter.weights(j, largest) < 0) {
      filter.weights.row(j) *= -1.0;
      filter.bias(j) = -filter.bias(j);
    }
  }
}

} // namespace rsmi
