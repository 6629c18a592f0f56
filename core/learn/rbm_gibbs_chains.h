#pragma once
// Many independent block-Gibbs chains of one RBM (rbm.h), run together as rows of matrices, for the
// Monte Carlo of the paper's estimator (SCIENCE.md §4 (c), paper_estimator.h).
//
// The RBM's visible layer is [v' c]: the first `freeCount` units v' are sampled, the rest c are
// clamped per chain (the environment e for the Θ-RBM of P(v, e); nothing for the Θ-RBM of P(v)).
// Clamped units only shift the hidden activations, so each chain carries that shift
// (b + W_cᵀ c, precomputed). Optionally a chain is *tilted* by the filter factor p_Λ(h_c|v') for a
// fixed coarse-grained state h_c, i.e. it samples
//     π(v', g) ∝ p_Λ(h_c|v') · exp(v'ᵀW_f g + a_fᵀv' + (b + W_cᵀc)ᵀ g),
// whose v'-marginal is ∝ p_Λ(h_c|v') e^{−F(v', c)} — the distribution the gradient's inner
// expectations are taken over. One sweep:
//   1. g ~ p(g | v', c)            exactly (the RBM's hidden conditional factorises);
//   2. v* ~ p(v' | g) (no tilt)    exactly, as a proposal;
//   3. accept v* with probability min(1, p_Λ(h_c|v*) / p_Λ(h_c|v')).
// Step 3 is Metropolis–Hastings with the exact untilted conditional as an independence proposal:
// the proposal ratio cancels everything but the filter factor, so the sweep leaves π invariant.
// Without a tilt every proposal is accepted (plain block Gibbs).
#include <cstdint>

#include "core/learn/filter.h"
#include "core/learn/rbm.h"
#include "core/learn/rbm_random.h"

namespace rsmi {

class GibbsChains {
public:
  // hiddenShift: C × n_hid, row c = b + W_cᵀ c_c (just b when nothing is clamped);
  // start: C × freeCount initial states of v'.
  GibbsChains(const Rbm& model, int freeCount, Matrix hiddenShift, Matrix start, XoshiroLanes rng);

  // Tilts chain c by p_Λ(h_c|v') with h_c = row c of hiddenStates (C × n_h, entries ±1).
  void setTilt(const Filter& filter, Matrix hiddenStates);

  void sweep();
  void sweeps(int count) {
    for (int s = 0; s < count; ++s) sweep();
  }

  const Matrix& visible() const { return v_; }  // C × freeCount
  Eigen::Index chainCount() const { return v_.rows(); }
  // Fraction of tilted proposals accepted so far (1 without a tilt).
  double acceptanceRate() const { return proposals_ ? static_cast<double>(accepted_) / proposals_ : 1.0; }

private:
  // log p_Λ(h_c|v) for every chain, given the chains' visible rows `v`.
  void tiltLogProbabilities(const Matrix& v, Vector& out);

  Matrix wFree_;   // W_f: freeCount × n_hid
  Vector aFree_;   // a_f
  Matrix shift_;   // C × n_hid
  Matrix v_, proposal_, actG_, g_, actV_, uniforms_;
  Vector acceptUniforms_, ratio_;
  XoshiroLanes rng_;
  // Tilt.
  const Filter* filter_ = nullptr;
  Matrix tiltHidden_, theta_;
  Vector logTilt_, logTiltProposal_;
  std::uint64_t proposals_ = 0, accepted_ = 0;
};

} // namespace rsmi
