#include "core/mc/ising2d_wolff.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "core/mc/acceptance.h"

namespace rsmi {

Ising2DWolffChain::Ising2DWolffChain(int L, double beta, double coupling, Xoshiro256pp rng)
    : Ising2DLatticeChain(L, beta, coupling, rng),
      addThreshold_(probabilityThreshold(-std::expm1(-2.0 * beta * std::abs(coupling)))) {
  geometry_.L = static_cast<std::uint32_t>(L);
  geometry_.shift = static_cast<std::uint32_t>(std::bit_width(std::bit_ceil(geometry_.L)) - 1);
  grid_.assign(static_cast<std::size_t>(L) << geometry_.shift, 0);
  for (int y = 0; y < L; ++y)
    std::copy_n(spins_.begin() + static_cast<std::ptrdiff_t>(y) * L, L,
                grid_.begin() + (static_cast<std::ptrdiff_t>(y) << geometry_.shift));
  spins_ = {};  // the grid is the state from here on
  stack_.resize(static_cast<std::size_t>(L) * static_cast<std::size_t>(L) + 1);
}

void Ising2DWolffChain::snapshot(std::span<std::int8_t> out) const {
  for (int y = 0; y < L_; ++y)
    std::copy_n(grid_.begin() + (static_cast<std::ptrdiff_t>(y) << geometry_.shift), L_,
                out.begin() + static_cast<std::ptrdiff_t>(y) * L_);
}

namespace {

// Neighbours of grid index i = y·P + x (P = 2^shift ≥ L) on the torus, with no division and no
// multiplication: x is a mask away, and the first and last rows are index ranges.
struct Neighbours {
  std::uint32_t site[4];
  Neighbours(const Ising2DWolffChain::Geometry& g, std::uint32_t i) {
    const std::uint32_t P = 1u << g.shift, last = g.L - 1, wrapY = last << g.shift;
    const std::uint32_t x = i & (P - 1);
    site[0] = x == 0 ? i + last : i - 1;
    site[1] = x == last ? i - last : i + 1;
    site[2] = i < P ? i + wrapY : i - P;
    site[3] = i >= wrapY ? i - wrapY : i + P;
  }
};

std::uint32_t randomSite(const Ising2DWolffChain::Geometry& g, Xoshiro256pp& rng) {
  const std::uint64_t seed = rng.below(static_cast<std::uint64_t>(g.L) * g.L);
  return static_cast<std::uint32_t>(seed / g.L) << g.shift | static_cast<std::uint32_t>(seed % g.L);
}

// The hot loop (goal ≤ 17 ns per flipped spin at L = 128, β_c, one core):
//  * an explicit stack of grid indices; rows have a power-of-two stride, so a popped index gives x
//    and y by mask and shift (packed (y, x) coordinates cost ≈ 20% more, linear indices of an
//    unpadded L×L array would need a division). A spin is flipped when it is pushed, so it is never
//    pushed twice and the stack holds at most L² entries;
//  * the random generator and the geometry are local copies (int8 stores may alias anything, so
//    anything reached through a pointer or reference would be reloaded after every spin store);
//  * the four neighbour tests form a bit mask first and only matching neighbours draw a random word,
//    compared raw with the 64-bit threshold (no floats, no exp); a fully branch-free visit (a random
//    word for every neighbour, push by "write, advance top by 0/1") measured 20–30% slower.
// For J > 0 every member had the seed's old spin, and a member's neighbour joins when it still holds
// that value (members hold the opposite one, so nobody joins twice).
std::uint64_t growFerro(const Ising2DWolffChain::Geometry g, std::uint64_t addThreshold, std::int8_t* s,
                        std::uint32_t* stack, Xoshiro256pp& rngRef) {
  Xoshiro256pp rng = rngRef;
  const std::uint32_t P = 1u << g.shift, xMask = P - 1, last = g.L - 1, wrapY = last << g.shift;
  const std::uint32_t seed = randomSite(g, rng);
  const std::int8_t target = s[seed];
  s[seed] = static_cast<std::int8_t>(-target);
  stack[0] = seed;
  std::uint32_t top = 1;
  std::uint64_t flipped = 1;
  while (top > 0) {
    const std::uint32_t i = stack[--top];
    const std::uint32_t x = i & xMask;  // the row is never needed: y = 0 ⇔ i < P, y = L − 1 ⇔ i ≥ wrapY
    const std::uint32_t site[4] = {x == 0 ? i + last : i - 1, x == last ? i - last : i + 1,
                                   i < P ? i + wrapY : i - P, i >= wrapY ? i - wrapY : i + P};
    unsigned mask = unsigned(s[site[0]] == target) | unsigned(s[site[1]] == target) << 1 |
                    unsigned(s[site[2]] == target) << 2 | unsigned(s[site[3]] == target) << 3;
    while (mask != 0) {
      const int k = __builtin_ctz(mask);
      mask &= mask - 1;
      std::int8_t& sj = s[site[k]];
      // Re-test the spin: for L = 2 two directions name the same site, which may have just joined.
      if ((rng.next() < addThreshold) & (sj == target)) {
        sj = static_cast<std::int8_t>(-sj);
        stack[top++] = site[k];
        ++flipped;
      }
    }
  }
  rngRef = rng;
  return flipped;
}

// J < 0 (not optimised). Members no longer share one spin value, and an unsatisfied bond between two
// members would let one re-join through the other, so members are marked: while the cluster grows a
// member holds 2 × its new spin (±2, which never equals a join value ±1). A breadth-first queue keeps
// the member list, through which the marks are cleared at the end. A neighbour j of member i joins
// if the bond was satisfied before the flip: s_j = g · (old s_i) = −g · (new s_i) = new s_i for g = −1.
std::uint64_t growAntiferro(const Ising2DWolffChain::Geometry g, std::uint64_t addThreshold, std::int8_t* s,
                            std::uint32_t* queue, Xoshiro256pp& rng) {
  const std::uint32_t seed = randomSite(g, rng);
  s[seed] = static_cast<std::int8_t>(-2 * s[seed]);
  queue[0] = seed;
  std::size_t head = 0, tail = 1;
  while (head < tail) {
    const std::uint32_t i = queue[head++];
    const std::int8_t target = static_cast<std::int8_t>(s[i] / 2);
    const Neighbours n(g, i);
    for (const std::uint32_t j : n.site) {
      if (s[j] == target && rng.next() < addThreshold) {
        s[j] = static_cast<std::int8_t>(-2 * s[j]);
        queue[tail++] = j;
      }
    }
  }
  for (std::size_t m = 0; m < tail; ++m) s[queue[m]] = static_cast<std::int8_t>(s[queue[m]] / 2);
  return tail;
}

} // namespace

std::uint64_t Ising2DWolffChain::grow(std::int8_t* grid, std::uint32_t* stack, Xoshiro256pp& rng) const {
  return g_ > 0 ? growFerro(geometry_, addThreshold_, grid, stack, rng)
                : growAntiferro(geometry_, addThreshold_, grid, stack, rng);
}

void Ising2DWolffChain::update() {
  moves_ += grow(grid_.data(), stack_.data(), rng_);
  ++clusters_;
}

// The pilot replays this chain's future (a copy of its state and of its random stream) in epochs
// of doubling length, epoch e flipping ≥ 2^e L² spins. From a hot start the mean cluster size grows
// while the lattice orders (at β_c, L = 128 it takes ≈ 30–60 L² flipped spins, growing with L), then
// levels off. The chain counts as thermalised after the first epoch e ≥ 3 whose mean cluster size is
// no longer above the previous epoch's by more than one combined standard error; the default
// thermalisation is every cluster of the pilot, and the spacing is L² / (mean cluster size of that
// last epoch), rounded — so that ≈ L² spins are flipped between stored samples (SCIENCE.md §1).
void Ising2DWolffChain::runPilot() const {
  std::vector<std::int8_t> spins = grid_;
  std::vector<std::uint32_t> stack(stack_.size());
  Xoshiro256pp rng = rng_;
  const double N = static_cast<double>(L_) * static_cast<double>(L_);
  constexpr int kMinEpoch = 3, kMaxEpoch = 16;
  std::uint64_t clusters = 0;
  double prevMean = 0, prevVarOfMean = 0, mean = 0;
  for (int e = 0; e <= kMaxEpoch; ++e) {
    const double budget = std::ldexp(N, e);
    double flips = 0, sumSq = 0;
    std::uint64_t count = 0;
    while (flips < budget) {
      if ((count & 63u) == 0 && stop_.stop_requested()) return;  // nothing cached: callers check the token
      const double size = static_cast<double>(grow(spins.data(), stack.data(), rng));
      flips += size;
      sumSq += size * size;
      ++count;
    }
    clusters += count;
    mean = flips / static_cast<double>(count);
    const double var = std::max(0.0, sumSq / static_cast<double>(count) - mean * mean);
    const double varOfMean = var / static_cast<double>(count);
    if (e >= kMinEpoch && mean <= prevMean + std::sqrt(varOfMean + prevVarOfMean)) break;
    prevMean = mean;
    prevVarOfMean = varOfMean;
  }
  pilotSpacing_ = static_cast<int>(std::clamp(std::round(N / mean), 1.0, double(1 << 30)));
  pilotThermalization_ = static_cast<int>(std::min<double>(static_cast<double>(clusters), 1 << 30));
}

int Ising2DWolffChain::defaultThermalization() const {
  if (pilotThermalization_ < 0) runPilot();
  return std::max(pilotThermalization_, 0);
}

int Ising2DWolffChain::defaultSpacing() const {
  if (pilotSpacing_ < 0) runPilot();
  return std::max(pilotSpacing_, 1);
}

} // namespace rsmi
