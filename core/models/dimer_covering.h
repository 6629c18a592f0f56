#pragma once
// Fully packed dimer coverings of the L×L torus (L even) and their 2L×2L Ising encoding
// (SCIENCE.md §1). Cell (x, y) of the encoding holds
//   [2y][2x]     vertex noise spin           [2y][2x+1]   horizontal link (x,y)–(x+1,y)
//   [2y+1][2x]   vertical link (x,y)–(x,y+1)  [2y+1][2x+1] face noise spin
// a link is +1 when it holds a dimer and −1 otherwise; noise entries are 0 when noise is off.
// Coordinates wrap periodically; y grows with the row index ("North" = +y).
//
// Besides the covering itself this header gives the observables other parts use on encoded
// samples: validity, winding numbers (flux sectors), the local electric field and the staggered
// patterns P_x, P_y that RSMI filters for dimers should learn (SCIENCE.md §1).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace rsmi {

// Direction of the dimer at a site. Opposite directions differ by 2 (opposite(d) = d ^ 2).
enum class DimerDirection : std::uint8_t { East = 0, North = 1, West = 2, South = 3 };

inline constexpr DimerDirection opposite(DimerDirection d) {
  return static_cast<DimerDirection>(static_cast<std::uint8_t>(d) ^ 2u);
}

// A full covering stored as the direction of each site's dimer (site = y·L + x). Directions rather
// than partner indices because on the 2×2 torus (x+1) and (x−1) are the same site yet two links.
class DimerCovering {
 public:
  // The columnar covering: horizontal dimers on the links (x, y)–(x+1, y) with x even.
  static DimerCovering columnar(int L);
  // The staggered covering: horizontal dimers on the links with x + y even (winding W_x = L/2).
  static DimerCovering staggered(int L);
  // Decodes an encoded sample; throws std::invalid_argument with checkDimerEncoding()'s message.
  static DimerCovering decode(std::span<const std::int8_t> sample, int L);

  int size() const { return L_; }
  int site(int x, int y) const { return wrap(y) * L_ + wrap(x); }
  DimerDirection direction(int x, int y) const { return static_cast<DimerDirection>(dir_[site(x, y)]); }
  int partner(int x, int y) const;  // site index of the other end of (x, y)'s dimer
  bool horizontalDimer(int x, int y) const { return direction(x, y) == DimerDirection::East; }
  bool verticalDimer(int x, int y) const { return direction(x, y) == DimerDirection::North; }
  // Puts a dimer from (x, y) towards d and records it at both ends. The caller keeps the result a
  // covering (it must remove the dimers it displaces); isValid() checks.
  void place(int x, int y, DimerDirection d);
  bool isValid() const;  // every site's partner points back

  // Writes the 2L×2L encoding; noise entries are set to 0.
  void encode(std::span<std::int8_t> out) const;
  std::span<const std::uint8_t> directions() const { return dir_; }

 private:
  explicit DimerCovering(int L);
  int wrap(int v) const { return ((v % L_) + L_) % L_; }
  int L_;
  std::vector<std::uint8_t> dir_;
};

// Writes the link entries of the encoding from per-site directions (bits `mask` of each byte hold a
// DimerDirection; other bits are ignored so samplers can pack flags beside it). Noise entries are
// left untouched. `out` has 4L² entries.
void encodeDimerDirections(std::span<const std::uint8_t> directions, int L, std::span<std::int8_t> out,
                           std::uint8_t mask = 0x3);

// Empty when `sample` (4L² entries) encodes a full covering — link entries ±1, every vertex touched
// by exactly one dimer, noise entries all 0 or all ±1 — otherwise a message naming the first defect.
std::string checkDimerEncoding(std::span<const std::int8_t> sample, int L);

// What an entry of the encoding is (row, col in the 2L×2L array; any integers, taken mod 2).
enum class DimerEntry { VertexNoise, HorizontalLink, VerticalLink, FaceNoise };
inline constexpr DimerEntry dimerEntryKind(int row, int col) {
  const bool oddRow = (row & 1) != 0, oddCol = (col & 1) != 0;
  return oddRow ? (oddCol ? DimerEntry::FaceNoise : DimerEntry::VerticalLink)
                : (oddCol ? DimerEntry::HorizontalLink : DimerEntry::VertexNoise);
}

// Winding numbers (flux sectors). Orient every link from sublattice A (x+y even) to B; the lattice
// field is E = n − 1/4 on each link in that orientation, divergence-free on a full covering, so the
// flux through a closed cut is conserved:
//   W_x = Σ_y (−1)^{x0+y} n_h(x0, y)   (horizontal links crossing the vertical cut after column x0)
//   W_y = Σ_x (−1)^{x+y0} n_v(x, y0)   (vertical links crossing the horizontal cut after row y0)
// (the −1/4 terms cancel because L is even). Both are independent of x0, y0 and lie in
// [−L/2, L/2]; columnar coverings have W = (0, 0), staggered ones |W_x| or |W_y| = L/2. Local moves
// cannot change them; only worms that wind around the torus can. Computed here at x0 = y0 = 0.
struct DimerWinding {
  int x = 0;
  int y = 0;
  friend bool operator==(const DimerWinding&, const DimerWinding&) = default;
};
DimerWinding dimerWinding(std::span<const std::int8_t> sample, int L);
DimerWinding dimerWinding(const DimerCovering& covering);

// Local electric field of the region of cells [x0, x0+w) × [y0, y0+h) (wrapping):
//   E_x = Σ_{cells} (−1)^{x+y} (n_h(x,y) − 1/4),   E_y = Σ_{cells} (−1)^{x+y} (n_v(x,y) − 1/4)
// (SCIENCE.md §1). Over the whole torus E = (L·W_x, L·W_y). In the ±1 encoding,
// P_x·v = 2E_x − ½ Σ_{cells} (−1)^{x+y}, i.e. 2E_x whenever w or h is even.
struct DimerField {
  double x = 0;
  double y = 0;
};
DimerField dimerElectricField(std::span<const std::int8_t> sample, int L, int x0, int y0, int w, int h);

// The staggered sign patterns on a window of the encoding: rows × cols entries (row-major) starting
// at encoding position (row0, col0) of the global array. P_x is (−1)^{x+y} on horizontal-link
// entries of cell (x, y) and 0 elsewhere; P_y the same on vertical-link entries. Noise entries are 0.
// These are the filters RSMI should discover for dimers (SCIENCE.md §1).
enum class FieldAxis { X, Y };
std::vector<double> staggeredPattern(FieldAxis axis, int rows, int cols, int row0 = 0, int col0 = 0);

}  // namespace rsmi
