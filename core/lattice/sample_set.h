#pragma once
// A set of lattice configurations in the Ising encoding of SCIENCE.md §1: one signed byte per site,
// ±1 (0 only for disabled dimer noise entries). Shape per sample is {L} (1D) or {H, W} (2D, row-major).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace rsmi {

struct SampleSet {
  std::vector<int> shape;            // per-sample shape: {L} or {H, W}
  std::vector<std::int8_t> values;   // count() × sitesPerSample(), sample-major, row-major

  std::size_t sitesPerSample() const {
    std::size_t n = 1;
    for (int d : shape) n *= static_cast<std::size_t>(d);
    return shape.empty() ? 0 : n;
  }
  std::size_t count() const { return sitesPerSample() ? values.size() / sitesPerSample() : 0; }
  std::span<const std::int8_t> sample(std::size_t i) const {
    return {values.data() + i * sitesPerSample(), sitesPerSample()};
  }
  std::span<std::int8_t> sample(std::size_t i) {
    return {values.data() + i * sitesPerSample(), sitesPerSample()};
  }
};

} // namespace rsmi
