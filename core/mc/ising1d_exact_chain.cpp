#include "core/mc/ising1d_exact_chain.h"

#include <algorithm>
#include <cmath>

#include "core/mc/acceptance.h"

namespace rsmi {
namespace {
constexpr int kMaxTable = 1 << 20;  // beyond this the few far-from-bulk thresholds are computed on the fly
}

// Derivation (SCIENCE.md §1). Write τ = |t|, g = sign J and σ = ρ·g·s_{i−1}, so ρ = +1 is the
// preferred (lower-energy) relation to the left neighbour. Then σ s_{i−1} t = ρτ and
// σ s_0 t^k = ρ b τ^k with b = s_{i−1} s_0 g^{k+1}, k = N − i. Hence P(ρ) ∝ (1 + ρτ)(1 + ρ b τ^k) and
//   P(ρ = −1 | b = +1) = (1 − τ)(1 − τ^k) / (2(1 + τ^{k+1})),
//   P(ρ = −1 | b = −1) = (1 − τ)(1 + τ^k) / (2(1 − τ^{k+1})),
// written with 1 − τ = 2/(1 + e^{2β|J|}) and 1 − τ^k = −expm1(k ln τ) so that nothing cancels at low T.
Ising1DExactChain::Ising1DExactChain(int size, double beta, double coupling, Xoshiro256pp rng)
    : n_(size), g_(coupling > 0 ? 1 : -1), spins_(static_cast<std::size_t>(size)), rng_(rng) {
  const double K = beta * std::abs(coupling);
  oneMinusTau_ = 2.0 / (1.0 + std::exp(2.0 * K));
  lnTau_ = std::log1p(-oneMinusTau_);
  bulkThreshold_ = probabilityThreshold(0.5 * oneMinusTau_);
  const double kc = lnTau_ < 0 ? std::ceil(70.0 * std::log(2.0) / -lnTau_) : double(n_);
  kCut_ = static_cast<int>(std::min<double>(kc, n_));
  const int tableSize = std::min(kCut_, kMaxTable);
  tableAgree_.resize(static_cast<std::size_t>(tableSize) + 1);
  tableDisagree_.resize(static_cast<std::size_t>(tableSize) + 1);
  for (int k = 1; k <= tableSize; ++k) {
    tableAgree_[k] = computeThreshold(k, true);
    tableDisagree_[k] = computeThreshold(k, false);
  }
  update();  // a valid configuration from the start
  moves_ = 0;
}

std::uint64_t Ising1DExactChain::breakThreshold(int k, bool agrees) const {
  if (k > kCut_) return bulkThreshold_;
  if (k < static_cast<int>(tableAgree_.size())) return agrees ? tableAgree_[k] : tableDisagree_[k];
  return computeThreshold(k, agrees);
}

std::uint64_t Ising1DExactChain::computeThreshold(int k, bool agrees) const {
  const double tauK = std::exp(k * lnTau_);
  const double oneMinusTauK = -std::expm1(k * lnTau_);
  const double tauK1 = std::exp((k + 1) * lnTau_);
  const double oneMinusTauK1 = -std::expm1((k + 1) * lnTau_);
  const double p = agrees ? oneMinusTau_ * oneMinusTauK / (2.0 * (1.0 + tauK1))
                          : oneMinusTau_ * (1.0 + tauK) / (2.0 * oneMinusTauK1);
  return probabilityThreshold(p);
}

void Ising1DExactChain::update() {
  std::int8_t* s = spins_.data();
  s[0] = (rng_.next() >> 63) ? 1 : -1;
  const int s0 = s[0];
  for (int i = 1; i < n_; ++i) {
    const int k = n_ - i;
    const int preferred = g_ * s[i - 1];
    int b = s[i - 1] * s0;
    if (g_ < 0 && (k + 1) % 2 != 0) b = -b;  // g^{k+1}
    const bool breaks = rng_.next() < breakThreshold(k, b > 0);
    s[i] = static_cast<std::int8_t>(breaks ? -preferred : preferred);
  }
  moves_ += static_cast<std::uint64_t>(n_);
}

void Ising1DExactChain::snapshot(std::span<std::int8_t> out) const {
  std::copy(spins_.begin(), spins_.end(), out.begin());
}

} // namespace rsmi
