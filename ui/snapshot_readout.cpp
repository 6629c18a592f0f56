#include "ui/snapshot_readout.h"

#include <cstdlib>

namespace rsmi::ui {
namespace {

SnapshotReadout measureIsing1D(std::span<const std::int8_t> s, double coupling) {
  SnapshotReadout r;
  const std::size_t n = s.size();
  if (n < 2) return r;
  long long bonds = 0, total = 0;
  for (std::size_t i = 0; i + 1 < n; ++i) bonds += s[i] * s[i + 1];
  for (std::int8_t v : s) total += v;
  r.energyPerSite = -coupling * static_cast<double>(bonds) / static_cast<double>(n - 1);
  r.absMagnetization = static_cast<double>(std::llabs(total)) / static_cast<double>(n);
  return r;
}

SnapshotReadout measureIsing2D(std::span<const std::int8_t> s, int rows, int cols, double coupling) {
  SnapshotReadout r;
  long long bonds = 0, total = 0;
  for (int y = 0; y < rows; ++y) {
    const std::int8_t* row = s.data() + static_cast<std::size_t>(y) * cols;
    const std::int8_t* below = s.data() + static_cast<std::size_t>((y + 1) % rows) * cols;
    for (int x = 0; x < cols; ++x) {
      const int v = row[x];
      bonds += v * (row[(x + 1) % cols] + below[x]);
      total += v;
    }
  }
  const double n = static_cast<double>(rows) * cols;
  r.energyPerSite = -coupling * static_cast<double>(bonds) / n;
  r.absMagnetization = static_cast<double>(std::llabs(total)) / n;
  return r;
}

// Cell (x, y) of the 2L×2L encoding: [2y][2x+1] horizontal link, [2y+1][2x] vertical link.
SnapshotReadout measureDimers(std::span<const std::int8_t> s, int side) {
  SnapshotReadout r;
  const int L = side / 2;
  auto at = [&](int row, int col) { return s[static_cast<std::size_t>(row) * side + col]; };
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x) {
      const bool h = at(2 * y, 2 * x + 1) > 0, v = at(2 * y + 1, 2 * x) > 0;
      r.dimers += int(h) + int(v);
      const int sign = (x + y) % 2 == 0 ? 1 : -1;
      if (x == 0 && h) r.windingX += sign;
      if (y == 0 && v) r.windingY += sign;
    }
  return r;
}

} // namespace

SnapshotReadout SnapshotReadout::measure(ModelKind model, std::span<const std::int8_t> spins,
                                         const std::vector<int>& shape, double coupling) {
  std::size_t sites = shape.empty() ? 0 : 1;
  for (int d : shape) sites *= static_cast<std::size_t>(d > 0 ? d : 0);
  if (sites == 0 || spins.size() != sites) return {};
  switch (model) {
    case ModelKind::Ising1D: return measureIsing1D(spins, coupling);
    case ModelKind::Ising2D:
      if (shape.size() == 2) return measureIsing2D(spins, shape[0], shape[1], coupling);
      break;
    case ModelKind::Dimer:
      if (shape.size() == 2 && shape[0] == shape[1] && shape[0] % 2 == 0) return measureDimers(spins, shape[0]);
      break;
  }
  return {};
}

} // namespace rsmi::ui
