#pragma once
// Shared by the dimer filter suites: dimer samples with noise (SCIENCE.md §1), the window geometry the
// results use, and the decomposition of a filter into the staggered patterns P_x, P_y of its block.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/learn/spin_states.h"
#include "core/mc/draw_samples.h"
#include "core/models/dimer_covering.h"

namespace rsmi::testing {

// L = 64 torus (a 128 × 128 encoding), noise pairs with K_noise = 1, worm sampler.
inline SampleSet dimerSamplesWithNoise(int samples, std::uint64_t seed) {
  SamplingSpec spec;
  spec.model = ModelKind::Dimer;
  spec.size = 64;
  spec.samples = samples;
  spec.noise = true;
  spec.noiseCoupling = 1.0;
  spec.seed = seed;
  return drawSamples(spec);
}

// A block of 4 × 4 cells (8 × 8 entries), a buffer of 2 cells and an environment of 2 cells: the window
// is three times the block, the paper's proportion. A one-cell buffer leaves short-range correlations
// across it, and the filters then lock onto a few links at the block's edge (local optima of I with
// less MI than the fields); a four-cell buffer leaves too little signal for joint filter–critic training
// to leave the I ≈ 0 saddle.
inline constexpr int kDimerBlock = 8, kDimerBuffer = 4, kDimerEnvironment = 4;

// One hidden's weights (a row of the filter, block row-major) against the staggered patterns.
struct FieldDecomposition {
  double cx = 0, cy = 0;     // least-squares coefficients: links ≈ cx·P_x + cy·P_y
  double spanFraction = 0;   // |projection onto span(P_x, P_y)| / |link weights|
  double noiseMaxRatio = 0;  // max |noise weight| / max |link weight|
  double noiseRmsRatio = 0;  // rms noise weight / max |link weight|
};

inline FieldDecomposition decompose(const Vector& weights, int rows, int cols) {
  const auto px = staggeredPattern(FieldAxis::X, rows, cols);
  const auto py = staggeredPattern(FieldAxis::Y, rows, cols);
  double dotX = 0, dotY = 0, normX = 0, normY = 0, links = 0, linkMax = 0, noiseMax = 0, noiseSquares = 0;
  int noiseCount = 0;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const int i = r * cols + c;
      const double w = weights(i);
      const DimerEntry kind = dimerEntryKind(r, c);
      if (kind == DimerEntry::HorizontalLink || kind == DimerEntry::VerticalLink) {
        links += w * w;
        linkMax = std::max(linkMax, std::abs(w));
      } else {
        noiseMax = std::max(noiseMax, std::abs(w));
        noiseSquares += w * w;
        ++noiseCount;
      }
      dotX += w * px[static_cast<std::size_t>(i)];
      dotY += w * py[static_cast<std::size_t>(i)];
      normX += px[static_cast<std::size_t>(i)] * px[static_cast<std::size_t>(i)];
      normY += py[static_cast<std::size_t>(i)] * py[static_cast<std::size_t>(i)];
    }
  // P_x and P_y live on disjoint entries, so they are orthogonal and the projection splits.
  FieldDecomposition d;
  d.cx = dotX / normX;
  d.cy = dotY / normY;
  d.spanFraction = std::sqrt((dotX * dotX / normX + dotY * dotY / normY) / links);
  d.noiseMaxRatio = noiseMax / linkMax;
  d.noiseRmsRatio = std::sqrt(noiseSquares / noiseCount) / linkMax;
  return d;
}

}  // namespace rsmi::testing
