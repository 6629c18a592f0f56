#pragma once
// What the studio prints next to a live configuration: a single-configuration measurement, cheap
// (O(sites)) and computed on the sampler thread. Thermal averages with error bars are
// core/models/observables.h's job; this is the "instantaneous" reading a teacher points at.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/mc/sampling_spec.h"

namespace rsmi::ui {

struct SnapshotReadout {
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

  // Ising (1D and 2D): energy per site −(J/N) Σ_⟨ij⟩ s_i s_j (periodic in 2D; in 1D the L−1 bonds
  // of the open chain, normalised per bond, so that it estimates −J tanh βJ) and |m| = |Σ s| / N.
  double energyPerSite = kNone;
  double absMagnetization = kNone;

  // Dimers: winding numbers (electric flux through a cut, SCIENCE.md §1): with links oriented from
  // sublattice A (x+y even) to B, W_x = Σ_y (−1)^(x+y) n_h(x, y) across the cut x → x+1 at x = 0,
  // W_y likewise for vertical links across y = 0. Conserved by local moves; 0 for columnar
  // coverings, ±L/2 for staggered ones.
  int windingX = 0;
  int windingY = 0;
  int dimers = 0;  // number of dimers (L²/2 for a full covering): a cheap sanity check

  static SnapshotReadout measure(ModelKind model, std::span<const std::int8_t> spins,
                                 const std::vector<int>& shape, double coupling);
};

} // namespace rsmi::ui
