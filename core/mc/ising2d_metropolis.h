#pragma once
// Checkerboard single-spin Metropolis on the L×L torus (SCIENCE.md §1: teaching and cross-check).
// One update = one sweep = L² attempted flips: first all sites with x + y even, then all odd ones.
// Sites of one colour do not interact, so a colour can be updated in any order — in particular in
// SIMD lanes. Layout: each row is split into its even-x and odd-x halves (int8, with one ghost
// cell at each end for the periodic wrap), so one colour of a row is a contiguous array whose
// four neighbours are contiguous arrays too. Random words come from 16 independent xoshiro256++
// lanes held as arrays (site k of a half-row uses lane k mod 16), which the compiler vectorises;
// the result does not depend on how it is vectorised. Acceptance compares the raw 64-bit word with a
// precomputed threshold for ΔE ∈ {4|J|, 8|J|}; ΔE ≤ 0 is always accepted.
// Odd L has no consistent two-colouring on the torus, and on tiny even tori (L < 8) the checkerboard
// sweep is not ergodic (see the constructor): both use a scalar sweep of L² random sites instead.
// The chain starts from an ordered state (see the constructor for why).
#include <array>
#include <cstdint>
#include <vector>

#include "core/mc/ising2d_lattice.h"
#include "core/mc/xoshiro16_lanes.h"

namespace rsmi {

class Ising2DMetropolisChain final : public Ising2DLatticeChain {
public:
  static constexpr int kMinCheckerboard = 8;

  Ising2DMetropolisChain(int L, double beta, double coupling, Xoshiro256pp rng);

  void update() override;
  std::string_view unitName() const override { return "sweep"; }
  void snapshot(std::span<std::int8_t> out) const override;
  // Local dynamics: τ ~ ξ_eff^z sweeps with z ≈ 2.17 and ξ_eff = min(ξ(β), L) (ξ exact, Onsager);
  // spacing ξ_eff² sweeps, thermalisation 10 spacings (at least 100 sweeps).
  int defaultThermalization() const override;
  int defaultSpacing() const override;

private:
  std::int8_t* half(int y, int parity) { return split_.data() + (2 * static_cast<std::size_t>(y) + parity) * stride_ + 1; }
  const std::int8_t* half(int y, int parity) const {
    return split_.data() + (2 * static_cast<std::size_t>(y) + parity) * stride_ + 1;
  }
  void colourPass(int colour);
  void randomSiteSweep();

  std::uint64_t threshold4_, threshold8_;  // e^{−4β|J|}, e^{−8β|J|} as 64-bit thresholds
  double xi_;
  bool checkerboard_;
  std::size_t stride_ = 0;
  std::vector<std::int8_t> split_;
  Xoshiro16Lanes lanes_;
  std::vector<std::uint64_t> random_;
};

} // namespace rsmi
