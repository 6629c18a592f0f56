#include "core/learn/optimizer.h"

#include <cmath>

namespace rsmi {

FilterOptimizer::FilterOptimizer(OptimizerKind kind, double learningRate, const Filter& shape)
    : kind_(kind), rate_(learningRate), m_(FilterGradient::zerosLike(shape)), v_(FilterGradient::zerosLike(shape)) {}

void FilterOptimizer::step(Filter& filter, const FilterGradient& g) {
  ++steps_;
  if (kind_ == OptimizerKind::Sgd) {
    filter.weights += rate_ * g.weights;
    if (filter.hasBias) filter.bias += rate_ * g.bias;
    return;
  }
  // Adam (Kingma & Ba 2015) with the usual β1 = 0.9, β2 = 0.999, ε = 1e-8.
  constexpr double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  const double c1 = 1.0 - std::pow(beta1, static_cast<double>(steps_));
  const double c2 = 1.0 - std::pow(beta2, static_cast<double>(steps_));
  auto update = [&](auto& param, const auto& grad, auto& m, auto& v) {
    m = beta1 * m + (1 - beta1) * grad;
    v = beta2 * v.array() + (1 - beta2) * grad.array().square();
    param.array() += rate_ * (m.array() / c1) / ((v.array() / c2).sqrt() + eps);
  };
  update(filter.weights, g.weights, m_.weights, v_.weights);
  if (filter.hasBias) update(filter.bias, g.bias, m_.bias, v_.bias);
}

} // namespace rsmi
