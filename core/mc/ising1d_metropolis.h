#pragma once
// Single-spin Metropolis on the periodic Ising ring (SCIENCE.md §1): a cross-check of the exact chain.
#include <cstdint>
#include <vector>

#include "core/mc/markov_chain.h"
#include "core/common/random.h"

namespace rsmi {

// Single-spin Metropolis on the ring, N attempts at random sites per sweep (a cross-check of the
// exact chain). Unit: sweep.
class Ising1DMetropolisChain final : public MarkovChain {
public:
  Ising1DMetropolisChain(int size, double beta, double coupling, Xoshiro256pp rng);

  void update() override;
  std::string_view unitName() const override { return "sweep"; }
  void snapshot(std::span<std::int8_t> out) const override;
  std::vector<int> shape() const override { return {n_}; }
  // Domain walls diffuse: τ ~ ξ² sweeps, ξ = −1/ln|t| (capped at N).
  int defaultThermalization() const override;
  int defaultSpacing() const override;
  std::uint64_t elementaryMoves() const override { return moves_; }

  std::span<const std::int8_t> spins() const { return spins_; }

private:
  int n_;
  int g_;
  double xi_;
  std::uint64_t threshold_;  // e^{−4β|J|}: the only uphill move in 1D
  std::vector<std::int8_t> spins_;
  Xoshiro256pp rng_;
  std::uint64_t moves_ = 0;
};

} // namespace rsmi
