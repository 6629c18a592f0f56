#include "core/mc/ising2d_swendsen_wang.h"

#include <algorithm>
#include <cmath>

#include "core/mc/acceptance.h"
#include "core/mc/vector_clones.h"
#include "core/mc/xoshiro16_lanes.h"

namespace rsmi {
namespace {

// Path halving: every visited node is re-pointed to its grandparent, so trees stay shallow.
inline std::int32_t findRoot(std::int32_t* parent, std::int32_t i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

// The smaller index becomes the root; then a cluster's root is its first site in storage order,
// which lets the flip pass decide each cluster when it meets the root, in one forward pass.
inline void unite(std::int32_t* parent, std::int32_t a, std::int32_t b) {
  a = findRoot(parent, a);
  b = findRoot(parent, b);
  if (a < b) parent[b] = a;
  else if (b < a) parent[a] = b;
}

} // namespace

Ising2DSwendsenWangChain::Ising2DSwendsenWangChain(int L, double beta, double coupling, Xoshiro256pp rng)
    : Ising2DLatticeChain(L, beta, coupling, rng),
      addThreshold_(probabilityThreshold(-std::expm1(-2.0 * beta * std::abs(coupling)))),
      parent_(spins_.size()), flip_(spins_.size()), bonds_(static_cast<std::size_t>(L)),
      random_(2 * static_cast<std::size_t>(Xoshiro16Lanes::roundUp(L))) {
  lanes_.seedFrom(rng_);
}

// Measured τ_int of the energy at β_c, in sweeps, from binning: ≈ 1.6 (L = 16), 3 (32), 4.5 (128),
// 6 (256), i.e. ≈ L^0.31 — the slow growth of Swendsen–Wang's autocorrelations. Off β_c it is smaller.
// The default spacing is that worst case, rounded up, so stored samples are nearly independent.
int Ising2DSwendsenWangChain::defaultSpacing() const {
  return static_cast<int>(std::ceil(std::pow(static_cast<double>(L_), 0.31)));
}

int Ising2DSwendsenWangChain::defaultThermalization() const { return std::max(100, 20 * defaultSpacing()); }

namespace {

// Bond occupation of one row, vectorised: bit 0 = bond to the right neighbour, bit 1 = bond to the
// one below; a bond is occupied if satisfied (s_i s_j = g) and its random word is below threshold.
// Two words per site are drawn whether or not the bond is satisfied, which keeps the loop branch-free.
RSMI_VECTOR_CLONES
void occupyRow(const std::int8_t* __restrict row, const std::int8_t* __restrict below, int L, std::int8_t g,
               std::uint64_t threshold, Xoshiro16Lanes& lanesRef, std::uint64_t* __restrict random,
               std::uint8_t* __restrict bonds) {
  Xoshiro16Lanes lanes = lanesRef;
  const int words = Xoshiro16Lanes::roundUp(L);
  lanes.fill(random, 2 * words);
  lanesRef = lanes;
  for (int x = 0; x < L - 1; ++x) {
    const bool right = (row[x] * row[x + 1] == g) & (random[x] < threshold);
    const bool down = (row[x] * below[x] == g) & (random[words + x] < threshold);
    bonds[x] = static_cast<std::uint8_t>(right | (down << 1));
  }
  const int x = L - 1;  // the right bond wraps to the row's first site
  const bool right = (row[x] * row[0] == g) & (random[x] < threshold);
  const bool down = (row[x] * below[x] == g) & (random[words + x] < threshold);
  bonds[x] = static_cast<std::uint8_t>(right | (down << 1));
}

} // namespace

void Ising2DSwendsenWangChain::update() {
  const int L = L_;
  const std::int32_t N = static_cast<std::int32_t>(spins_.size());
  std::int8_t* s = spins_.data();
  std::int32_t* parent = parent_.data();
  std::uint8_t* bonds = bonds_.data();
  for (std::int32_t i = 0; i < N; ++i) parent[i] = i;
  // Pass 1: occupy bonds (vectorised), pass 2: join them. parent[i] ≤ i always holds (roots are
  // linked under the smaller index, path halving only moves pointers up).
  for (int y = 0; y < L; ++y) {
    const std::int32_t row = y * L;
    const std::int32_t below = (y == L - 1 ? 0 : y + 1) * L;
    occupyRow(s + row, s + below, L, static_cast<std::int8_t>(g_), addThreshold_, lanes_, random_.data(), bonds);
    for (int x = 0; x < L; ++x) {
      const std::uint8_t b = bonds[x];
      if (b == 0) continue;
      const std::int32_t i = row + x;
      if (b & 1u) unite(parent, i, row + (x == L - 1 ? 0 : x + 1));
      if (b & 2u) {
        // Above the last row the site below has not been touched by any bond yet (bonds are made from
        // their upper/left end, in storage order), so it is a lone root: hang it under i's root.
        if (y < L - 1) parent[below + x] = findRoot(parent, i);
        else unite(parent, i, below + x);
      }
    }
  }
  // Pass 3: with parent[i] ≤ i, one forward sweep replaces every pointer by the root (the parent's
  // pointer is already final); a root is its cluster's first site, so its coin (one bit of a 64-bit
  // word each) is drawn before any member is met.
  Xoshiro256pp rng = rng_;
  std::uint64_t bits = 0;
  int bitsLeft = 0;
  std::uint64_t flipped = 0;
  std::int8_t* flip = flip_.data();
  for (std::int32_t i = 0; i < N; ++i) {
    const std::int32_t p = parent[i];
    if (p == i) {
      if (bitsLeft == 0) {
        bits = rng.next();
        bitsLeft = 64;
      }
      flip[i] = static_cast<std::int8_t>(bits & 1u);
      bits >>= 1;
      --bitsLeft;
    } else {
      parent[i] = parent[p];
    }
    const std::int8_t f = flip[parent[i]];
    s[i] = f ? static_cast<std::int8_t>(-s[i]) : s[i];
    flipped += static_cast<std::uint64_t>(f);
  }
  rng_ = rng;
  moves_ += flipped;
}

} // namespace rsmi
