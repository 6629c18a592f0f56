#pragma once
// The coarse-graining filter Λ (SCIENCE.md §3): hidden units h ∈ {±1}^{n_h} depend on the visible
// block v through
//   p_Λ(h|v) = Π_j exp(h_j θ_j) / (2 cosh θ_j),   θ_j(v) = Σ_i λ_ij v_i + b_j,
//   ∂ log p_Λ(h|v) / ∂λ_ij = v_i (h_j − tanh θ_j(v)),   ∂ log p_Λ(h|v) / ∂b_j = h_j − tanh θ_j(v).
// Visible biases cancel in p(h|v) and are not parameters. Hidden states are indexed as in
// spin_states.h (h_j = +1 iff bit j of the index is set).
#include <cstdint>

#include "core/learn/spin_states.h"

namespace rsmi {

// A coarse-graining rule p(h|v): the learned filter Λ, or a fixed rule (majority, decimation,
// boundary; fixed_rules.h) that the estimators score the same way.
class HiddenConditional {
public:
  virtual ~HiddenConditional() = default;
  virtual int hiddenCount() const = 0;
  virtual int visibleCount() const = 0;
  // p(h|v) for every hidden state (columns, 2^{n_h}) and every visible row → N × 2^{n_h}.
  virtual Matrix hiddenProbabilities(const Matrix& visible) const = 0;
};

struct Filter final : HiddenConditional {
  Matrix weights;        // λ, n_h × n_v: row j holds hidden j's weights in the block's row-major order
  Vector bias;           // b, n_h; stays zero unless hasBias
  bool hasBias = false;

  static Filter zeros(int hiddenCount, int visibleCount, bool hasBias = false);
  // Weights i.i.d. uniform in [−scale, scale] from (seed, StreamPurpose::Training, 1).
  static Filter random(int hiddenCount, int visibleCount, double scale, std::uint64_t seed, bool hasBias = false);

  int hiddenCount() const override { return static_cast<int>(weights.rows()); }
  int visibleCount() const override { return static_cast<int>(weights.cols()); }

  // Θ = V λᵀ + 1 bᵀ for visible rows V (N × n_v) → N × n_h.
  Matrix preActivations(const Matrix& visible) const;
  Matrix hiddenProbabilities(const Matrix& visible) const override;
};

// A gradient with respect to the filter's parameters (bias part zero when !hasBias).
struct FilterGradient {
  Matrix weights;
  Vector bias;
  static FilterGradient zerosLike(const Filter& f);
};

// Each hidden unit has a sign freedom (I(H:E) is unchanged by h_j → −h_j). Fix it before
// coarse-graining so that steps and runs are comparable: flip hidden j so that its weight of largest
// magnitude is positive (lowest index on ties); the bias flips with it.
void fixSigns(Filter& filter);

} // namespace rsmi
