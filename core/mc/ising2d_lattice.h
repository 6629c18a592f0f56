#pragma once
// Shared state of the L×L torus Ising chains (SCIENCE.md §1): flat row-major int8 spins (±1), site
// i = y·L + x, the chain's random stream, and the elementary-move counter.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/mc/markov_chain.h"
#include "core/common/random.h"

namespace rsmi {

class Ising2DLatticeChain : public MarkovChain {
public:
  void snapshot(std::span<std::int8_t> out) const override {
    std::copy(spins_.begin(), spins_.end(), out.begin());
  }
  std::vector<int> shape() const override { return {L_, L_}; }
  std::uint64_t elementaryMoves() const override { return moves_; }
  int size() const { return L_; }

protected:
  Ising2DLatticeChain(int L, double beta, double coupling, Xoshiro256pp rng)
      : L_(L), beta_(beta), coupling_(coupling), g_(coupling > 0 ? 1 : -1),
        spins_(static_cast<std::size_t>(L) * static_cast<std::size_t>(L)), rng_(rng) {
    for (auto& s : spins_) s = (rng_.next() >> 63) ? 1 : -1;  // hot start
  }

  int L_;
  double beta_;
  double coupling_;
  int g_;  // sign of J: a bond is satisfied when s_i s_j = g
  std::vector<std::int8_t> spins_;
  Xoshiro256pp rng_;
  std::uint64_t moves_ = 0;
};

} // namespace rsmi
