#pragma once
// Swendsen–Wang on the L×L torus (SCIENCE.md §1). One update = one sweep: every satisfied bond
// (s_i s_j = sign J) is occupied with p = 1 − e^{−2β|J|} (Fortuin–Kasteleyn), clusters are found by
// union–find with path halving, and each cluster is flipped with probability ½.
#include <cstdint>
#include <vector>

#include "core/mc/ising2d_lattice.h"
#include "core/mc/xoshiro16_lanes.h"

namespace rsmi {

class Ising2DSwendsenWangChain final : public Ising2DLatticeChain {
public:
  Ising2DSwendsenWangChain(int L, double beta, double coupling, Xoshiro256pp rng);

  void update() override;
  std::string_view unitName() const override { return "sweep"; }
  // τ_int of the energy grows only slowly with L at β_c (≈ L^0.31 sweeps): spacing ⌈L^0.31⌉ sweeps,
  // thermalisation max(100, 20 spacings).
  int defaultThermalization() const override;
  int defaultSpacing() const override;

private:
  std::uint64_t addThreshold_;
  std::vector<std::int32_t> parent_;
  std::vector<std::int8_t> flip_;  // coin of each cluster, stored at its root
  std::vector<std::uint8_t> bonds_;  // occupied bonds of the current row
  std::vector<std::uint64_t> random_;
  Xoshiro16Lanes lanes_;               // bond coins; the chain's own stream draws the cluster coins
};

} // namespace rsmi
