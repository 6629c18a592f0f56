#include "core/mc/ising1d_metropolis.h"

#include <algorithm>
#include <cmath>

#include "core/mc/acceptance.h"

namespace rsmi {

Ising1DMetropolisChain::Ising1DMetropolisChain(int size, double beta, double coupling, Xoshiro256pp rng)
    : n_(size), g_(coupling > 0 ? 1 : -1), spins_(static_cast<std::size_t>(size)), rng_(rng) {
  const double K = beta * std::abs(coupling);
  threshold_ = probabilityThreshold(std::exp(-4.0 * K));
  const double lnTau = std::log1p(-2.0 / (1.0 + std::exp(2.0 * K)));
  xi_ = lnTau < 0 ? std::min<double>(-1.0 / lnTau, n_) : n_;
  for (auto& s : spins_) s = (rng_.next() >> 63) ? 1 : -1;  // hot start
}

int Ising1DMetropolisChain::defaultSpacing() const {
  return static_cast<int>(std::clamp(std::ceil(xi_ * xi_), 1.0, double(1 << 24)));
}

int Ising1DMetropolisChain::defaultThermalization() const {
  return static_cast<int>(std::min<double>(10.0 * defaultSpacing() + 10, 1 << 28));
}

void Ising1DMetropolisChain::update() {
  std::int8_t* s = spins_.data();
  // x = g s_i (s_{i−1} + s_{i+1}); ΔE = 2|J| x. Downhill and level moves (x ≤ 0) are always accepted.
  // Sites are drawn at random: in a typewriter (or even/odd) order the always-accepted level moves
  // shift every domain wall one step the same way each sweep, walls then almost never meet, and the
  // chain mixes astronomically slowly (we saw it stuck far from equilibrium). Random order makes the
  // walls random walkers.
  for (int step = 0; step < n_; ++step) {
    const int i = static_cast<int>(rng_.below(static_cast<std::uint64_t>(n_)));
    const int left = s[i == 0 ? n_ - 1 : i - 1];
    const int right = s[i == n_ - 1 ? 0 : i + 1];
    const int x = g_ * s[i] * (left + right);
    if (x <= 0 || rng_.next() < threshold_) s[i] = static_cast<std::int8_t>(-s[i]);
  }
  moves_ += static_cast<std::uint64_t>(n_);
}

void Ising1DMetropolisChain::snapshot(std::span<std::int8_t> out) const {
  std::copy(spins_.begin(), spins_.end(), out.begin());
}

} // namespace rsmi
