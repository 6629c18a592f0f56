#pragma once
// Exhaustive enumeration of the fully packed dimer coverings of the L×L torus (L = 2, 4, 6) and the
// exact local statistics of the uniform measure that follow from it (SCIENCE.md §7): references for
// testing the worm sampler. Counts: 8 (L = 2, whose (x±1) neighbours coincide but are two links),
// 272 (L = 4) and 90,176 (L = 6), the Kasteleyn numbers of core/exact/dimer_counts.h.
//
// Self-contained (core/exact depends on nothing but core_common): links have their own indexing,
//   link(x, y, Horizontal) = 2·(y·L + x)       the link (x,y)–(x+1,y)
//   link(x, y, Vertical)   = 2·(y·L + x) + 1   the link (x,y)–(x,y+1)
// which matches the 2L×2L Ising encoding of SCIENCE.md §1 (core/models/dimer_covering.h): the
// horizontal link of cell (x, y) is entry [2y][2x+1], the vertical one entry [2y+1][2x]; a link with
// a dimer is +1 there. dimerLinkEncodingIndex() gives that entry's flat index.
// The winding numbers use the convention of core/models/dimer_covering.h:
//   W_x = Σ_y (−1)^y n_h(0, y),   W_y = Σ_x (−1)^x n_v(x, 0).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <utility>
#include <vector>

namespace rsmi::exact {

enum class LinkOrientation { Horizontal = 0, Vertical = 1 };

// Link index of the enumeration (coordinates wrap).
int dimerLinkIndex(int L, int x, int y, LinkOrientation o);
// Flat index (row-major, 2L columns) of a link's entry in the 2L×2L encoding.
std::size_t dimerLinkEncodingIndex(int L, int link);

// One covering: the set of its L²/2 occupied links as a bit set over the 2L² links (≤ 72 for L = 6).
class DimerLinkSet {
 public:
  bool has(int link) const { return (bits_[link >> 6] >> (link & 63)) & 1u; }
  void set(int link) { bits_[link >> 6] |= std::uint64_t{1} << (link & 63); }
  void clear(int link) { bits_[link >> 6] &= ~(std::uint64_t{1} << (link & 63)); }
  friend bool operator==(const DimerLinkSet&, const DimerLinkSet&) = default;
  friend auto operator<=>(const DimerLinkSet&, const DimerLinkSet&) = default;

 private:
  std::uint64_t bits_[2] = {0, 0};
};

class DimerTorusEnumeration {
 public:
  // All coverings of the L×L torus; L must be 2, 4 or 6 (8 would be ~1.1e9 coverings).
  explicit DimerTorusEnumeration(int L);

  int size() const { return L_; }
  int linkCount() const { return 2 * L_ * L_; }
  std::size_t count() const { return coverings_.size(); }
  const std::vector<DimerLinkSet>& coverings() const { return coverings_; }
  bool holds(const DimerLinkSet& c, int x, int y, LinkOrientation o) const {
    return c.has(dimerLinkIndex(L_, x, y, o));
  }

  // Exact average over the uniform measure of any function of a covering.
  double average(const std::function<double(const DimerLinkSet&)>& f) const;

  // P(link holds a dimer): 1/4 for every link (each site has 4 links, one occupied, and symmetry).
  double linkProbability(int link) const;
  // P(n_a = 1 and n_b = 1).
  double jointLinkProbability(int linkA, int linkB) const;
  // The connected correlation of the ±1 encoding, ⟨s_a s_b⟩ − ⟨s_a⟩⟨s_b⟩ with s = 2n − 1.
  double linkCorrelation(int linkA, int linkB) const;
  // Plaquette with lower-left corner (x, y): P(two horizontal dimers on its bottom and top links),
  // P(two vertical dimers on its left and right links), and their sum ("two parallel dimers", the
  // flippable plaquettes). Translation-invariant, so any (x, y) gives the same value.
  double horizontalPairProbability(int x = 0, int y = 0) const;
  double verticalPairProbability(int x = 0, int y = 0) const;
  double parallelPlaquetteProbability(int x = 0, int y = 0) const;

  // Winding numbers (W_x, W_y) of a covering, and their exact distribution.
  std::pair<int, int> winding(const DimerLinkSet& c) const;
  std::map<std::pair<int, int>, double> windingDistribution() const;

 private:
  int L_;
  std::vector<DimerLinkSet> coverings_;
};

}  // namespace rsmi::exact
