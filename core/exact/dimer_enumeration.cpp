#include "core/exact/dimer_enumeration.h"

#include <array>
#include <stdexcept>
#include <string>

namespace rsmi::exact {
namespace {

int wrap(int v, int L) { return ((v % L) + L) % L; }

// Depth-first search: the lowest uncovered site must be covered by one of its 4 links, whose other
// end must be uncovered. Every covering is produced exactly once, because the link chosen for the
// lowest uncovered site is that covering's link there. Links, not neighbour sites, are enumerated, so
// on the 2×2 torus the two distinct links between (0,y) and (1,y) give distinct coverings.
class Enumerator {
 public:
  explicit Enumerator(int L) : L_(L), covered_(static_cast<std::size_t>(L) * L, false) {
    for (int y = 0; y < L; ++y)
      for (int x = 0; x < L; ++x) {
        auto& s = links_.emplace_back();
        // (link index, other end) for East, North, West, South
        s[0] = {dimerLinkIndex(L, x, y, LinkOrientation::Horizontal), y * L + wrap(x + 1, L)};
        s[1] = {dimerLinkIndex(L, x, y, LinkOrientation::Vertical), wrap(y + 1, L) * L + x};
        s[2] = {dimerLinkIndex(L, x - 1, y, LinkOrientation::Horizontal), y * L + wrap(x - 1, L)};
        s[3] = {dimerLinkIndex(L, x, y - 1, LinkOrientation::Vertical), wrap(y - 1, L) * L + x};
      }
  }

  std::vector<DimerLinkSet> run() {
    search(0);
    return std::move(out_);
  }

 private:
  void search(int from) {
    while (from < static_cast<int>(covered_.size()) && covered_[from]) ++from;
    if (from == static_cast<int>(covered_.size())) {
      out_.push_back(current_);
      return;
    }
    covered_[from] = true;
    for (const auto& [link, other] : links_[from]) {
      if (covered_[other]) continue;
      covered_[other] = true;
      current_.set(link);
      search(from + 1);
      current_.clear(link);
      covered_[other] = false;
    }
    covered_[from] = false;
  }

  int L_;
  std::vector<bool> covered_;
  std::vector<std::array<std::pair<int, int>, 4>> links_;
  DimerLinkSet current_;
  std::vector<DimerLinkSet> out_;
};

}  // namespace

int dimerLinkIndex(int L, int x, int y, LinkOrientation o) {
  return 2 * (wrap(y, L) * L + wrap(x, L)) + static_cast<int>(o);
}

std::size_t dimerLinkEncodingIndex(int L, int link) {
  const int site = link / 2, x = site % L, y = site / L;
  const bool vertical = link % 2 != 0;
  const std::size_t row = 2 * static_cast<std::size_t>(y) + (vertical ? 1 : 0);
  const std::size_t col = 2 * static_cast<std::size_t>(x) + (vertical ? 0 : 1);
  return row * 2 * static_cast<std::size_t>(L) + col;
}

DimerTorusEnumeration::DimerTorusEnumeration(int L) : L_(L) {
  if (L != 2 && L != 4 && L != 6)
    throw std::invalid_argument("dimer enumeration: L must be 2, 4 or 6, got " + std::to_string(L));
  coverings_ = Enumerator(L).run();
}

double DimerTorusEnumeration::average(const std::function<double(const DimerLinkSet&)>& f) const {
  double sum = 0;
  for (const auto& c : coverings_) sum += f(c);
  return sum / static_cast<double>(coverings_.size());
}

double DimerTorusEnumeration::linkProbability(int link) const {
  return average([link](const DimerLinkSet& c) { return c.has(link) ? 1.0 : 0.0; });
}

double DimerTorusEnumeration::jointLinkProbability(int a, int b) const {
  return average([a, b](const DimerLinkSet& c) { return c.has(a) && c.has(b) ? 1.0 : 0.0; });
}

double DimerTorusEnumeration::linkCorrelation(int a, int b) const {
  // s = 2n − 1 ⇒ ⟨s_a s_b⟩ − ⟨s_a⟩⟨s_b⟩ = 4 (⟨n_a n_b⟩ − ⟨n_a⟩⟨n_b⟩).
  return 4.0 * (jointLinkProbability(a, b) - linkProbability(a) * linkProbability(b));
}

double DimerTorusEnumeration::horizontalPairProbability(int x, int y) const {
  return jointLinkProbability(dimerLinkIndex(L_, x, y, LinkOrientation::Horizontal),
                              dimerLinkIndex(L_, x, y + 1, LinkOrientation::Horizontal));
}

double DimerTorusEnumeration::verticalPairProbability(int x, int y) const {
  return jointLinkProbability(dimerLinkIndex(L_, x, y, LinkOrientation::Vertical),
                              dimerLinkIndex(L_, x + 1, y, LinkOrientation::Vertical));
}

double DimerTorusEnumeration::parallelPlaquetteProbability(int x, int y) const {
  // The two events exclude each other (a site cannot hold two dimers).
  return horizontalPairProbability(x, y) + verticalPairProbability(x, y);
}

std::pair<int, int> DimerTorusEnumeration::winding(const DimerLinkSet& c) const {
  int wx = 0, wy = 0;
  for (int y = 0; y < L_; ++y)
    wx += (y % 2 ? -1 : 1) * c.has(dimerLinkIndex(L_, 0, y, LinkOrientation::Horizontal));
  for (int x = 0; x < L_; ++x)
    wy += (x % 2 ? -1 : 1) * c.has(dimerLinkIndex(L_, x, 0, LinkOrientation::Vertical));
  return {wx, wy};
}

std::map<std::pair<int, int>, double> DimerTorusEnumeration::windingDistribution() const {
  std::map<std::pair<int, int>, double> p;
  const double weight = 1.0 / static_cast<double>(coverings_.size());
  for (const auto& c : coverings_) p[winding(c)] += weight;
  return p;
}

}  // namespace rsmi::exact
