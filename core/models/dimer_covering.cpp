#include "core/models/dimer_covering.h"

#include <cstddef>
#include <stdexcept>

namespace rsmi {
namespace {

void requireSize(std::size_t entries, int L, const char* what) {
  if (L < 2 || L % 2 != 0)
    throw std::invalid_argument(std::string(what) + ": dimer torus side must be even and >= 2, got " +
                                std::to_string(L));
  const std::size_t W = 2 * static_cast<std::size_t>(L);
  if (entries != W * W)
    throw std::invalid_argument(std::string(what) + ": sample has " + std::to_string(entries) +
                                " entries, a 2L x 2L encoding of L = " + std::to_string(L) + " has " +
                                std::to_string(W * W));
}

// Encoding index of cell (x, y)'s entry (dr, dc) ∈ {0,1}², coordinates already wrapped.
inline std::size_t at(int L, int x, int y, int dr, int dc) {
  return static_cast<std::size_t>(2 * y + dr) * (2 * static_cast<std::size_t>(L)) + 2 * x + dc;
}
inline int wrapped(int v, int L) { return ((v % L) + L) % L; }
inline int stagger(int x, int y) { return ((x + y) & 1) ? -1 : 1; }

constexpr int kDx[4] = {1, 0, -1, 0};  // East, North, West, South
constexpr int kDy[4] = {0, 1, 0, -1};

}  // namespace

DimerCovering::DimerCovering(int L) : L_(L), dir_(static_cast<std::size_t>(L) * L, 0) {
  if (L < 2 || L % 2 != 0)
    throw std::invalid_argument("dimer torus side must be even and >= 2, got " + std::to_string(L));
}

DimerCovering DimerCovering::columnar(int L) {
  DimerCovering c(L);
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; x += 2) c.place(x, y, DimerDirection::East);
  return c;
}

DimerCovering DimerCovering::staggered(int L) {
  DimerCovering c(L);
  for (int y = 0; y < L; ++y)
    for (int x = y & 1; x < L; x += 2) c.place(x, y, DimerDirection::East);
  return c;
}

DimerCovering DimerCovering::decode(std::span<const std::int8_t> sample, int L) {
  requireSize(sample.size(), L, "DimerCovering::decode");
  if (std::string message = checkDimerEncoding(sample, L); !message.empty())
    throw std::invalid_argument(message);
  DimerCovering c(L);
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x) {
      if (sample[at(L, x, y, 0, 1)] > 0) c.place(x, y, DimerDirection::East);
      if (sample[at(L, x, y, 1, 0)] > 0) c.place(x, y, DimerDirection::North);
    }
  return c;
}

int DimerCovering::partner(int x, int y) const {
  const int d = dir_[site(x, y)];
  return site(x + kDx[d], y + kDy[d]);
}

void DimerCovering::place(int x, int y, DimerDirection d) {
  const int k = static_cast<int>(d);
  dir_[site(x, y)] = static_cast<std::uint8_t>(k);
  dir_[site(x + kDx[k], y + kDy[k])] = static_cast<std::uint8_t>(opposite(d));
}

bool DimerCovering::isValid() const {
  for (int y = 0; y < L_; ++y)
    for (int x = 0; x < L_; ++x) {
      const int d = dir_[site(x, y)];
      if (dir_[site(x + kDx[d], y + kDy[d])] != (d ^ 2)) return false;
    }
  return true;
}

void DimerCovering::encode(std::span<std::int8_t> out) const {
  requireSize(out.size(), L_, "DimerCovering::encode");
  for (int y = 0; y < L_; ++y)
    for (int x = 0; x < L_; ++x) out[at(L_, x, y, 0, 0)] = out[at(L_, x, y, 1, 1)] = 0;
  encodeDimerDirections(dir_, L_, out);
}

void encodeDimerDirections(std::span<const std::uint8_t> directions, int L, std::span<std::int8_t> out,
                           std::uint8_t mask) {
  requireSize(out.size(), L, "encodeDimerDirections");
  // Each dimer is written once, by its West or South end (the end whose direction is East/North);
  // the other end's entries belong to other links. So every link entry is set exactly once.
  const std::size_t W = 2 * static_cast<std::size_t>(L);
  for (int y = 0; y < L; ++y) {
    std::int8_t* even = out.data() + 2 * y * W;  // row 2y: vertex, horizontal link
    std::int8_t* odd = even + W;                 // row 2y+1: vertical link, face
    const std::uint8_t* d = directions.data() + static_cast<std::size_t>(y) * L;
    for (int x = 0; x < L; ++x) {
      const int k = d[x] & mask;
      even[2 * x + 1] = k == 0 ? 1 : -1;
      odd[2 * x] = k == 1 ? 1 : -1;
    }
  }
}

std::string checkDimerEncoding(std::span<const std::int8_t> sample, int L) {
  requireSize(sample.size(), L, "checkDimerEncoding");
  auto cell = [](int x, int y) { return "(" + std::to_string(x) + "," + std::to_string(y) + ")"; };
  auto entry = [](int r, int c) { return "[" + std::to_string(r) + "][" + std::to_string(c) + "]"; };
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x)
      for (int dr = 0; dr < 2; ++dr) {
        const int v = sample[at(L, x, y, dr, 1 - dr)];
        if (v != 1 && v != -1)
          return "entry " + entry(2 * y + dr, 2 * x + 1 - dr) + " (" + (dr ? "vertical" : "horizontal") +
                 " link at " + cell(x, y) + ") is " + std::to_string(v) + ", expected +1 or -1";
      }
  // Noise entries: all zero (noise off) or all ±1, decided by the first one.
  const bool noiseOn = sample[0] != 0;
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x)
      for (int d = 0; d < 2; ++d) {
        const int v = sample[at(L, x, y, d, d)];
        const bool ok = noiseOn ? (v == 1 || v == -1) : v == 0;
        if (!ok)
          return "noise entry " + entry(2 * y + d, 2 * x + d) + " (" + (d ? "face" : "vertex") + " of cell " +
                 cell(x, y) + ") is " + std::to_string(v) + " but entry [0][0] is " +
                 std::to_string(sample[0]) + "; noise entries must be all 0 or all +1/-1";
      }
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x) {
      const int xm = wrapped(x - 1, L), ym = wrapped(y - 1, L);
      const int touching = (sample[at(L, x, y, 0, 1)] > 0) + (sample[at(L, xm, y, 0, 1)] > 0) +
                           (sample[at(L, x, y, 1, 0)] > 0) + (sample[at(L, x, ym, 1, 0)] > 0);
      if (touching != 1)
        return "vertex " + cell(x, y) + " is touched by " + std::to_string(touching) +
               " dimers, expected exactly 1";
    }
  return {};
}

DimerWinding dimerWinding(std::span<const std::int8_t> sample, int L) {
  requireSize(sample.size(), L, "dimerWinding");
  DimerWinding w;
  for (int y = 0; y < L; ++y) w.x += stagger(0, y) * (sample[at(L, 0, y, 0, 1)] > 0);
  for (int x = 0; x < L; ++x) w.y += stagger(x, 0) * (sample[at(L, x, 0, 1, 0)] > 0);
  return w;
}

DimerWinding dimerWinding(const DimerCovering& c) {
  DimerWinding w;
  for (int y = 0; y < c.size(); ++y) w.x += stagger(0, y) * c.horizontalDimer(0, y);
  for (int x = 0; x < c.size(); ++x) w.y += stagger(x, 0) * c.verticalDimer(x, 0);
  return w;
}

DimerField dimerElectricField(std::span<const std::int8_t> sample, int L, int x0, int y0, int w, int h) {
  requireSize(sample.size(), L, "dimerElectricField");
  if (w < 0 || h < 0) throw std::invalid_argument("dimerElectricField: negative region size");
  DimerField e;
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) {
      const int x = wrapped(x0 + i, L), y = wrapped(y0 + j, L);
      // The sign uses the unwrapped position's parity, which equals the wrapped one since L is even.
      const double s = stagger(x, y);
      e.x += s * ((sample[at(L, x, y, 0, 1)] > 0) - 0.25);
      e.y += s * ((sample[at(L, x, y, 1, 0)] > 0) - 0.25);
    }
  return e;
}

std::vector<double> staggeredPattern(FieldAxis axis, int rows, int cols, int row0, int col0) {
  if (rows < 0 || cols < 0) throw std::invalid_argument("staggeredPattern: negative window size");
  const DimerEntry wanted = axis == FieldAxis::X ? DimerEntry::HorizontalLink : DimerEntry::VerticalLink;
  std::vector<double> p(static_cast<std::size_t>(rows) * cols, 0.0);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const int gr = row0 + r, gc = col0 + c;
      if (dimerEntryKind(gr, gc) != wanted) continue;
      // Cell of a global entry: floor division by 2 (also for negative offsets).
      const int x = gc >= 0 ? gc / 2 : -((1 - gc) / 2), y = gr >= 0 ? gr / 2 : -((1 - gr) / 2);
      p[static_cast<std::size_t>(r) * cols + c] = stagger(x, y);
    }
  return p;
}

}  // namespace rsmi
