#pragma once
// Gradient-ascent optimisers for the filter's parameters: plain SGD (the paper's choice) and Adam.
#include "core/learn/filter.h"

namespace rsmi {

enum class OptimizerKind { Sgd, Adam };

class FilterOptimizer {
public:
  FilterOptimizer(OptimizerKind kind, double learningRate, const Filter& shape);
  // One ascent step along `gradient` (the gradient of the objective to maximise).
  void step(Filter& filter, const FilterGradient& gradient);

private:
  OptimizerKind kind_;
  double rate_;
  long steps_ = 0;
  FilterGradient m_, v_;  // Adam's first and second moment estimates
};

} // namespace rsmi
