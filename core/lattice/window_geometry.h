#pragma once
// The RSMI window (SCIENCE.md §2): a visible block V of w×h sites (a segment of w sites in 1D),
// a buffer B of width L_B around it and an environment E of width L_E around the buffer.
// Windows sit at every block-aligned position of a periodic lattice, so the blocks that
// tile the lattice for coarse-graining (§5) are exactly the visible blocks seen in training.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/lattice/sample_set.h"

namespace rsmi {

struct WindowGeometry {
  int blockWidth = 2;   // w: visible block width (1D: segment length)
  int blockHeight = 2;  // h: visible block height (1 in 1D)
  int buffer = 1;       // L_B
  int environment = 1;  // L_E
};

// Empty when the geometry fits lattices of this per-sample shape ({L} or {H, W}); otherwise a
// message naming the problem (block does not tile the lattice, window larger than the lattice, ...).
std::string validate(const WindowGeometry& geometry, std::span<const int> sampleShape);

// Site offsets of V and E relative to a block's top-left site, precomputed once per geometry.
// V is listed in the block's row-major order; E in the window's row-major order.
class WindowLayout {
public:
  // Throws std::invalid_argument with validate()'s message.
  WindowLayout(const WindowGeometry& geometry, std::span<const int> sampleShape);

  const WindowGeometry& geometry() const { return geometry_; }
  int visibleSize() const { return static_cast<int>(visibleOffsets_.size()); }
  int environmentSize() const { return static_cast<int>(environmentOffsets_.size()); }
  // Block-aligned positions per sample: (W / w) · (H / h).
  std::size_t blocksPerSample() const { return blocksX_ * blocksY_; }
  int windowWidth() const;
  int windowHeight() const;

  // Copies V and E of the window whose block is number `block` (row-major over block positions).
  void extract(std::span<const std::int8_t> sample, std::size_t block, std::int8_t* visible,
               std::int8_t* environment) const;

private:
  struct Offset { int dx, dy; };
  std::size_t siteIndex(std::size_t block, Offset o) const;

  WindowGeometry geometry_;
  bool oneDimensional_ = false;
  int width_ = 0, height_ = 0;
  std::size_t blocksX_ = 0, blocksY_ = 0;
  std::vector<Offset> visibleOffsets_, environmentOffsets_;
};

// Windows gathered from a sample set: row n of `visible` is v_n, row n of `environment` is e_n.
struct WindowSet {
  int visibleSize = 0;
  int environmentSize = 0;
  std::vector<std::int8_t> visible;      // count() × visibleSize
  std::vector<std::int8_t> environment;  // count() × environmentSize
  std::size_t count() const { return visibleSize ? visible.size() / visibleSize : 0; }
};

// Every block-aligned window of samples [first, last). With maxWindows > 0 and fewer than all,
// a uniform subset without replacement chosen from `seed` (StreamPurpose::Training) — the same
// windows for the same seed, in the order they appear in the samples.
WindowSet extractWindows(const SampleSet& samples, const WindowLayout& layout, std::size_t first,
                         std::size_t last, std::size_t maxWindows = 0, std::uint64_t seed = 1);

// Training and held-out windows come from disjoint samples (windows of one configuration are
// correlated): the last ⌈fraction·N⌉ samples are held out (at least one when N > 1).
struct WindowSplit {
  WindowSet training;
  WindowSet heldOut;
};
// maxHeldOutWindows > 0 caps the held-out set the same way (an unbiased subset: the held-out MI
// is an average over windows, so a cap only widens its statistical error).
WindowSplit splitWindows(const SampleSet& samples, const WindowLayout& layout, double heldOutFraction,
                         std::size_t maxTrainingWindows = 0, std::uint64_t seed = 1,
                         std::size_t maxHeldOutWindows = 0);

} // namespace rsmi
