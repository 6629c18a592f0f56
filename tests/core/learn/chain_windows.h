#pragma once
// Test helper: exact windows of the infinite 1D Ising chain (SCIENCE.md §1). Each window is an
// independent segment: its first spin is ±1 with probability ½ (the stationary marginal), then
// s_{i+1} = s_i with probability (1 + t)/2, t = tanh K. Laid out as WindowLayout orders a 1D window:
// V = the n_v block spins, E = the L_E left spins then the L_E right spins.
#include <cmath>
#include <cstdint>

#include "core/common/random.h"
#include "core/lattice/window_geometry.h"

namespace rsmi::test {

inline WindowSet exactChainWindows(int visible, int buffer, int environment, double coupling, std::size_t count,
                                   std::uint64_t seed) {
  WindowSet set;
  set.visibleSize = visible;
  set.environmentSize = 2 * environment;
  set.visible.resize(count * visible);
  set.environment.resize(count * 2 * environment);
  const int length = visible + 2 * (buffer + environment);
  const double same = 0.5 * (1.0 + std::tanh(coupling));
  Xoshiro256pp rng = Xoshiro256pp::stream(seed, StreamPurpose::MarkovChain, 0);
  std::vector<std::int8_t> chain(length);
  for (std::size_t n = 0; n < count; ++n) {
    chain[0] = rng.uniform() < 0.5 ? 1 : -1;
    for (int i = 1; i < length; ++i) chain[i] = rng.uniform() < same ? chain[i - 1] : static_cast<std::int8_t>(-chain[i - 1]);
    for (int i = 0; i < environment; ++i) {
      set.environment[n * 2 * environment + i] = chain[i];
      set.environment[n * 2 * environment + environment + i] = chain[environment + 2 * buffer + visible + i];
    }
    for (int i = 0; i < visible; ++i) set.visible[n * visible + i] = chain[environment + buffer + i];
  }
  return set;
}

} // namespace rsmi::test
