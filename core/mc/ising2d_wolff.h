#pragma once
// Wolff single-cluster updates on the L×L torus (SCIENCE.md §1). One update = one cluster; a
// satisfied bond (s_i s_j = sign J) joins with p = 1 − e^{−2β|J|}, which is the Fortuin–Kasteleyn
// rule for either sign of J, so the antiferromagnet is sampled correctly too (just less efficiently
// when the torus is frustrated, L odd).
#include <cstdint>
#include <vector>

#include "core/mc/ising2d_lattice.h"

namespace rsmi {

class Ising2DWolffChain final : public Ising2DLatticeChain {
public:
  Ising2DWolffChain(int L, double beta, double coupling, Xoshiro256pp rng);

  // Where sites live: row y starts at y · 2^shift (rows padded to a power of two, see the .cpp).
  struct Geometry {
    std::uint32_t L = 0;
    std::uint32_t shift = 0;
  };

  void update() override;  // grows and flips one cluster
  void snapshot(std::span<std::int8_t> out) const override;
  std::string_view unitName() const override { return "cluster"; }
  // Both come from a deterministic pilot run — a replay of this chain's own future (same state, same
  // random stream) — that runs until the mean cluster size has stopped growing (see the .cpp); the
  // spacing is the number of clusters that flips ≈ L² spins on average, the thermalisation the
  // number of clusters of the whole pilot. Computed once, on first use, so a chain that is only
  // animated never pays for it. Deterministic from (seed, chain index).
  int defaultThermalization() const override;
  int defaultSpacing() const override;

  void setStopToken(std::stop_token stop) override { stop_ = std::move(stop); }

  std::uint64_t clusters() const { return clusters_; }

private:
  void runPilot() const;
  std::uint64_t grow(std::int8_t* grid, std::uint32_t* stack, Xoshiro256pp& rng) const;

  std::uint64_t addThreshold_;
  Geometry geometry_;
  std::vector<std::int8_t> grid_;     // the spins, ±1, rows of stride 2^shift (L ≤ 16384: < 2^29 entries)
  std::vector<std::uint32_t> stack_;  // grid indices to visit
  std::uint64_t clusters_ = 0;
  mutable int pilotThermalization_ = -1;
  mutable int pilotSpacing_ = -1;
  std::stop_token stop_;
};

} // namespace rsmi
