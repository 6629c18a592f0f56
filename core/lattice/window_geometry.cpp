#include "core/lattice/window_geometry.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "core/common/random.h"

namespace rsmi {

namespace {

// A 1D lattice {L} is treated as a 1×L strip so that one code path serves both.
struct Extent { int width, height; bool oneDimensional; };

Extent extentOf(std::span<const int> shape) {
  if (shape.size() == 1) return {shape[0], 1, true};
  if (shape.size() == 2) return {shape[1], shape[0], false};
  return {0, 0, false};
}

} // namespace

std::string validate(const WindowGeometry& g, std::span<const int> sampleShape) {
  using std::to_string;
  const Extent lattice = extentOf(sampleShape);
  if (lattice.width <= 0 || lattice.height <= 0) return "samples must be 1D or 2D lattices";
  if (g.blockWidth < 1 || g.blockHeight < 1) return "the visible block must be at least 1 site wide and high";
  if (g.buffer < 0) return "the buffer width L_B must be >= 0";
  if (g.environment < 1) return "the environment width L_E must be >= 1";
  if (lattice.oneDimensional && g.blockHeight != 1)
    return "a 1D lattice takes a segment as visible block (block height 1), not " + to_string(g.blockWidth) +
           "x" + to_string(g.blockHeight);
  if (lattice.width % g.blockWidth != 0 || lattice.height % g.blockHeight != 0)
    return "a " + to_string(g.blockWidth) + "x" + to_string(g.blockHeight) + " block does not tile a " +
           (lattice.oneDimensional ? to_string(lattice.width)
                                   : to_string(lattice.width) + "x" + to_string(lattice.height)) +
           " lattice";
  const int margin = 2 * (g.buffer + g.environment);
  const int ww = g.blockWidth + margin;
  const int wh = lattice.oneDimensional ? 1 : g.blockHeight + margin;
  if (ww > lattice.width || wh > lattice.height)
    return "the window (" + (lattice.oneDimensional ? to_string(ww) : to_string(ww) + "x" + to_string(wh)) +
           " sites: block, buffer " + to_string(g.buffer) + " and environment " + to_string(g.environment) +
           " on each side) is larger than the lattice";
  return {};
}

WindowLayout::WindowLayout(const WindowGeometry& geometry, std::span<const int> sampleShape)
    : geometry_(geometry) {
  if (std::string problem = validate(geometry, sampleShape); !problem.empty())
    throw std::invalid_argument(problem);
  const Extent lattice = extentOf(sampleShape);
  oneDimensional_ = lattice.oneDimensional;
  width_ = lattice.width;
  height_ = lattice.height;
  blocksX_ = static_cast<std::size_t>(width_ / geometry.blockWidth);
  blocksY_ = static_cast<std::size_t>(height_ / geometry.blockHeight);

  const int margin = geometry.buffer + geometry.environment;
  const int marginY = lattice.oneDimensional ? 0 : margin;
  for (int dy = 0; dy < geometry.blockHeight; ++dy)
    for (int dx = 0; dx < geometry.blockWidth; ++dx) visibleOffsets_.push_back({dx, dy});
  // E: window sites outside V ∪ B, i.e. farther than L_B from the block (Chebyshev distance in 2D).
  for (int dy = -marginY; dy < geometry.blockHeight + marginY; ++dy)
    for (int dx = -margin; dx < geometry.blockWidth + margin; ++dx) {
      const int outX = std::max({-dx, dx - (geometry.blockWidth - 1), 0});
      const int outY = std::max({-dy, dy - (geometry.blockHeight - 1), 0});
      if (std::max(outX, outY) > geometry.buffer) environmentOffsets_.push_back({dx, dy});
    }
}

int WindowLayout::windowWidth() const { return geometry_.blockWidth + 2 * (geometry_.buffer + geometry_.environment); }

int WindowLayout::windowHeight() const {
  return oneDimensional_ ? 1 : geometry_.blockHeight + 2 * (geometry_.buffer + geometry_.environment);
}

std::size_t WindowLayout::siteIndex(std::size_t block, Offset o) const {
  const int x0 = static_cast<int>(block % blocksX_) * geometry_.blockWidth;
  const int y0 = static_cast<int>(block / blocksX_) * geometry_.blockHeight;
  // Periodic boundaries; offsets are bounded by the lattice size (validate()), so one wrap suffices.
  int x = x0 + o.dx, y = y0 + o.dy;
  x += x < 0 ? width_ : (x >= width_ ? -width_ : 0);
  y += y < 0 ? height_ : (y >= height_ ? -height_ : 0);
  return static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(x);
}

void WindowLayout::extract(std::span<const std::int8_t> sample, std::size_t block, std::int8_t* visible,
                           std::int8_t* environment) const {
  for (std::size_t i = 0; i < visibleOffsets_.size(); ++i) visible[i] = sample[siteIndex(block, visibleOffsets_[i])];
  for (std::size_t i = 0; i < environmentOffsets_.size(); ++i)
    environment[i] = sample[siteIndex(block, environmentOffsets_[i])];
}

WindowSet extractWindows(const SampleSet& samples, const WindowLayout& layout, std::size_t first, std::size_t last,
                         std::size_t maxWindows, std::uint64_t seed) {
  last = std::min(last, samples.count());
  first = std::min(first, last);
  const std::size_t perSample = layout.blocksPerSample();
  const std::size_t available = (last - first) * perSample;

  // Selection sampling (Knuth's Algorithm S) keeps the chosen windows in storage order.
  std::vector<std::size_t> chosen;
  if (maxWindows == 0 || maxWindows >= available) {
    chosen.resize(available);
    std::iota(chosen.begin(), chosen.end(), std::size_t{0});
  } else {
    Xoshiro256pp rng = Xoshiro256pp::stream(seed, StreamPurpose::Training, 0);
    chosen.reserve(maxWindows);
    for (std::size_t i = 0; i < available && chosen.size() < maxWindows; ++i)
      if (rng.below(available - i) < maxWindows - chosen.size()) chosen.push_back(i);
  }

  WindowSet set;
  set.visibleSize = layout.visibleSize();
  set.environmentSize = layout.environmentSize();
  set.visible.resize(chosen.size() * static_cast<std::size_t>(set.visibleSize));
  set.environment.resize(chosen.size() * static_cast<std::size_t>(set.environmentSize));
  for (std::size_t n = 0; n < chosen.size(); ++n) {
    const std::size_t sample = first + chosen[n] / perSample;
    layout.extract(samples.sample(sample), chosen[n] % perSample, set.visible.data() + n * set.visibleSize,
                   set.environment.data() + n * set.environmentSize);
  }
  return set;
}

WindowSplit splitWindows(const SampleSet& samples, const WindowLayout& layout, double heldOutFraction,
                         std::size_t maxTrainingWindows, std::uint64_t seed, std::size_t maxHeldOutWindows) {
  const std::size_t n = samples.count();
  std::size_t held = static_cast<std::size_t>(std::ceil(std::clamp(heldOutFraction, 0.0, 1.0) * n));
  if (n > 1) held = std::clamp<std::size_t>(held, 1, n - 1);
  else held = 0;
  WindowSplit split;
  split.training = extractWindows(samples, layout, 0, n - held, maxTrainingWindows, seed);
  split.heldOut = extractWindows(samples, layout, n - held, n, maxHeldOutWindows, seed + 1);
  return split;
}

} // namespace rsmi
