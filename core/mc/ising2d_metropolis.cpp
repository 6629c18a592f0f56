#include "core/mc/ising2d_metropolis.h"

#include <algorithm>
#include <cmath>

#include "core/mc/acceptance.h"
#include "core/mc/vector_clones.h"

namespace rsmi {
namespace {

// Exact correlation length of the infinite square lattice (Onsager): ξ⁻¹ = 2K + ln tanh K above T_c
// in absolute value, and half of ξ⁻¹'s dual value below T_c (the exponential decay there is twice as fast).
double correlationLength(double K) {
  const double inv = std::abs(2.0 * K + std::log(std::tanh(K)));
  if (inv == 0) return 1e300;
  return K < 0.44068679350977147 ? 1.0 / inv : 0.5 / inv;
}

} // namespace

Ising2DMetropolisChain::Ising2DMetropolisChain(int L, double beta, double coupling, Xoshiro256pp rng)
    : Ising2DLatticeChain(L, beta, coupling, rng), checkerboard_(L % 2 == 0 && L >= kMinCheckerboard) {
  const double K = beta * std::abs(coupling);
  threshold4_ = probabilityThreshold(std::exp(-4.0 * K));
  threshold8_ = probabilityThreshold(std::exp(-8.0 * K));
  xi_ = std::min<double>(correlationLength(K), L);
  // Start and sweep. The checkerboard sweep accepts every zero-field move, and there are sets of
  // configurations in which every spin sees zero field (on L = 2 the stripes, on L = 4k the period-4
  // diagonal stripes): the sweep cycles through such a set deterministically, forever. As the sweep
  // preserves the Boltzmann distribution, such a set is closed both ways — never left, never entered.
  // Hence (1) no random start (it may lie in such a set: probability 1/4 at L = 2, ~1e-4 at L = 4):
  // the chain starts ordered (a random one of the two ordered states; Néel states for J < 0), which
  // also avoids the frozen two-domain-wall states a quench below T_c can fall into; and (2) where such
  // sets carry real weight (L < 8) the checkerboard sweep is not ergodic, so small lattices use the
  // random-site sweep; from L = 8 on their weight is ~2^{−L²}. Only the frustrated antiferromagnet
  // (J < 0, odd L: no Néel state) starts hot; it uses the random-site sweep, which has no such cycles.
  if (g_ > 0 || L % 2 == 0) {
    const int sign = (rng_.next() >> 63) ? 1 : -1;
    for (int y = 0; y < L; ++y)
      for (int x = 0; x < L; ++x)
        spins_[static_cast<std::size_t>(y) * L + x] =
            static_cast<std::int8_t>(g_ > 0 || (x + y) % 2 == 0 ? sign : -sign);
  }
  lanes_.seedFrom(rng_);
  if (checkerboard_) {
    const int h = L / 2;
    stride_ = (static_cast<std::size_t>(h) + 2 + 63) / 64 * 64;
    split_.assign(2 * static_cast<std::size_t>(L) * stride_, 0);
    for (int y = 0; y < L; ++y)
      for (int x = 0; x < L; ++x) half(y, x & 1)[x / 2] = spins_[static_cast<std::size_t>(y) * L + x];
    for (int y = 0; y < L; ++y)
      for (int p = 0; p < 2; ++p) {
        std::int8_t* a = half(y, p);
        a[-1] = a[h - 1];
        a[h] = a[0];
      }
    random_.resize(static_cast<std::size_t>(Xoshiro16Lanes::roundUp(h)));
  }
}

int Ising2DMetropolisChain::defaultSpacing() const {
  return static_cast<int>(std::clamp(std::ceil(xi_ * xi_), 1.0, double(1 << 24)));
}

int Ising2DMetropolisChain::defaultThermalization() const {
  return static_cast<int>(std::clamp(10.0 * defaultSpacing(), 100.0, double(1 << 28)));
}

namespace {

// One colour of the whole lattice (see ising2d_metropolis.h for the layout). For each row: first
// the random words of the half-row from the 16 lanes (a partial last block still advances every
// lane), then the flips. Everything is integer, and the compiler vectorises both loops.
RSMI_VECTOR_CLONES
void colourPassKernel(std::int8_t* split, std::size_t stride, int L, int colour, int g, std::uint64_t t4,
                      std::uint64_t t8, Xoshiro16Lanes& lanesRef, std::uint64_t* __restrict random) {
  const int h = L / 2;
  const int words = Xoshiro16Lanes::roundUp(h);
  Xoshiro16Lanes lanes = lanesRef;
  auto half = [&](int y, int parity) { return split + (2 * static_cast<std::size_t>(y) + parity) * stride + 1; };
  const std::int8_t gs = static_cast<std::int8_t>(g);
  for (int y = 0; y < L; ++y) {
    lanes.fill(random, words);
    const int p = (colour + y) & 1;  // x parity of this colour in row y
    std::int8_t* __restrict a = half(y, p);
    const std::int8_t* __restrict up = half(y == 0 ? L - 1 : y - 1, p);
    const std::int8_t* __restrict down = half(y == L - 1 ? 0 : y + 1, p);
    const std::int8_t* other = half(y, 1 - p);
    // x = 2k + p: for p = 0 the horizontal neighbours are odd-half entries k − 1 and k, for p = 1 the
    // even-half entries k and k + 1 (ghost cells cover the wrap).
    const std::int8_t* __restrict left = p == 0 ? other - 1 : other;
    const std::int8_t* __restrict right = p == 0 ? other : other + 1;
    const std::uint64_t* __restrict r = random;
    for (int k = 0; k < h; ++k) {
      // x = g s (sum of neighbours) ∈ {−4, …, 4}; ΔE = 2|J| x: accept x ≤ 0 always, x = 2 with
      // e^{−4β|J|}, x = 4 with e^{−8β|J|}.
      const std::int8_t field = static_cast<std::int8_t>(up[k] + down[k] + left[k] + right[k]);
      const std::int8_t x = static_cast<std::int8_t>(gs * a[k] * field);
      const std::uint64_t threshold = x == 2 ? t4 : t8;
      const bool accept = (x <= 0) | (r[k] < threshold);
      a[k] = accept ? static_cast<std::int8_t>(-a[k]) : a[k];
    }
    a[-1] = a[h - 1];
    a[h] = a[0];
  }
  lanesRef = lanes;
}

} // namespace

void Ising2DMetropolisChain::colourPass(int colour) {
  colourPassKernel(split_.data(), stride_, L_, colour, g_, threshold4_, threshold8_, lanes_, random_.data());
}

// L² attempts at uniformly random sites. Ergodic on every torus, unlike any fixed order on tiny ones
// (an exact calculation for the 2×2 torus shows the typewriter order converging, from an ordered
// start, to a distribution 5% off Boltzmann: its zero-field stripe cycles form a separate class).
void Ising2DMetropolisChain::randomSiteSweep() {
  const int L = L_;
  const std::uint64_t N = static_cast<std::uint64_t>(L) * static_cast<std::uint64_t>(L);
  std::int8_t* s = spins_.data();
  Xoshiro256pp rng = rng_;
  for (std::uint64_t step = 0; step < N; ++step) {
    const std::uint64_t i = rng.below(N);
    const int x = static_cast<int>(i % static_cast<std::uint64_t>(L)), y = static_cast<int>(i / static_cast<std::uint64_t>(L));
    const int yu = y == 0 ? L - 1 : y - 1, yd = y == L - 1 ? 0 : y + 1;
    const int xl = x == 0 ? L - 1 : x - 1, xr = x == L - 1 ? 0 : x + 1;
    const int field = s[y * L + xl] + s[y * L + xr] + s[yu * L + x] + s[yd * L + x];
    const int e = g_ * s[i] * field;
    if (e <= 0 || rng.next() < (e == 2 ? threshold4_ : threshold8_)) s[i] = static_cast<std::int8_t>(-s[i]);
  }
  rng_ = rng;
}

void Ising2DMetropolisChain::update() {
  if (checkerboard_) {
    colourPass(0);
    colourPass(1);
  } else {
    randomSiteSweep();
  }
  moves_ += static_cast<std::uint64_t>(L_) * static_cast<std::uint64_t>(L_);
}

void Ising2DMetropolisChain::snapshot(std::span<std::int8_t> out) const {
  if (!checkerboard_) {
    Ising2DLatticeChain::snapshot(out);
    return;
  }
  for (int y = 0; y < L_; ++y)
    for (int x = 0; x < L_; ++x) out[static_cast<std::size_t>(y) * L_ + x] = half(y, x & 1)[x / 2];
}

} // namespace rsmi
