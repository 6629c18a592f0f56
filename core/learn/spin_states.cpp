#include "core/learn/spin_states.h"

#include <stdexcept>

namespace rsmi {

Matrix allSpinStates(int n) {
  if (n < 0 || n > 24) throw std::invalid_argument("allSpinStates: n must be in [0, 24]");
  const Eigen::Index count = Eigen::Index{1} << n;
  Matrix states(count, n);
  for (Eigen::Index k = 0; k < count; ++k)
    for (int i = 0; i < n; ++i) states(k, i) = (k >> i) & 1 ? 1.0 : -1.0;
  return states;
}

std::uint32_t stateIndex(const std::int8_t* spins, int n) {
  std::uint32_t k = 0;
  for (int i = 0; i < n; ++i)
    if (spins[i] > 0) k |= std::uint32_t{1} << i;
  return k;
}

Matrix rowsAsMatrix(std::span<const std::int8_t> values, int width, std::size_t first, std::size_t count) {
  Matrix m(static_cast<Eigen::Index>(count), width);
  for (std::size_t r = 0; r < count; ++r)
    for (int c = 0; c < width; ++c)
      m(static_cast<Eigen::Index>(r), c) = values[(first + r) * static_cast<std::size_t>(width) + c];
  return m;
}

} // namespace rsmi
