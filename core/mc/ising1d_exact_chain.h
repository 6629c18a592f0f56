#pragma once
// Exact sampling of the periodic Ising ring (SCIENCE.md §1, §7) by transfer-matrix conditioning:
// s_0 is uniform, then P(s_i = σ | s_{i−1}, s_0) ∝ (1 + σ s_{i−1} t)(1 + σ s_0 t^{N−i}), t = tanh βJ.
// The second factor is the N−i remaining bonds back to s_0, summed out (T^{N−i} ∝ 1 + σσ' t^{N−i}).
// Every update() draws a fresh, independent configuration, so τ_int = ½ exactly.
#include <cstdint>
#include <vector>

#include "core/mc/markov_chain.h"
#include "core/common/random.h"

namespace rsmi {

class Ising1DExactChain final : public MarkovChain {
public:
  Ising1DExactChain(int size, double beta, double coupling, Xoshiro256pp rng);

  void update() override;
  std::string_view unitName() const override { return "configuration"; }
  void snapshot(std::span<std::int8_t> out) const override;
  std::vector<int> shape() const override { return {n_}; }
  int defaultThermalization() const override { return 0; }
  int defaultSpacing() const override { return 1; }
  std::uint64_t elementaryMoves() const override { return moves_; }

  std::span<const std::int8_t> spins() const { return spins_; }

private:
  // Threshold of "s_i breaks the preferred relation s_i = g·s_{i−1}" (g = sign J) given k = N − i and
  // whether s_{i−1} agrees with what s_0 asks for; see the derivation in the .cpp.
  std::uint64_t breakThreshold(int k, bool agrees) const;
  std::uint64_t computeThreshold(int k, bool agrees) const;

  int n_;
  int g_;                         // sign of J
  double oneMinusTau_;            // 1 − |t|, computed without cancellation
  double lnTau_;                  // ln |t|
  int kCut_;                      // for k > kCut_, |t|^k < 2^-70: the s_0 factor no longer matters
  std::uint64_t bulkThreshold_;   // (1 − |t|)/2
  std::vector<std::uint64_t> tableAgree_, tableDisagree_;  // k = 1 .. table size
  std::vector<std::int8_t> spins_;
  Xoshiro256pp rng_;
  std::uint64_t moves_ = 0;
};

} // namespace rsmi
