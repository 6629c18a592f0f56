#include "core/learn/fixed_rules.h"

#include <stdexcept>

namespace rsmi {

SubsetMajorityRule::SubsetMajorityRule(std::string name, int visibleCount, std::vector<int> sites)
    : name_(std::move(name)), visibleCount_(visibleCount), sites_(std::move(sites)) {
  if (sites_.empty()) throw std::invalid_argument("a fixed rule needs at least one site");
  for (int s : sites_)
    if (s < 0 || s >= visibleCount_) throw std::invalid_argument("fixed rule site outside the block");
}

Matrix SubsetMajorityRule::hiddenProbabilities(const Matrix& visible) const {
  // Columns follow the hidden-state convention of spin_states.h: column 0 is h = −1, column 1 is h = +1.
  Matrix p(visible.rows(), 2);
  for (Eigen::Index n = 0; n < visible.rows(); ++n) {
    double sum = 0;
    for (int s : sites_) sum += visible(n, s);
    const double up = sum > 0 ? 1.0 : (sum < 0 ? 0.0 : 0.5);
    p(n, 0) = 1.0 - up;
    p(n, 1) = up;
  }
  return p;
}

SubsetMajorityRule majorityRule(int w, int h) {
  std::vector<int> sites(static_cast<std::size_t>(w * h));
  for (int i = 0; i < w * h; ++i) sites[static_cast<std::size_t>(i)] = i;
  return {"majority", w * h, std::move(sites)};
}

SubsetMajorityRule decimationRule(int w, int h) { return {"decimation", w * h, {0}}; }

SubsetMajorityRule boundaryRule(int w, int h) {
  std::vector<int> sites;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      // In 1D (h = 1) the boundary of a segment is its two ends, not every site of the row.
      const bool edge = h == 1 ? (x == 0 || x == w - 1) : (x == 0 || y == 0 || x == w - 1 || y == h - 1);
      if (edge) sites.push_back(y * w + x);
    }
  return {"boundary", w * h, std::move(sites)};
}

std::vector<SubsetMajorityRule> fixedRules(int w, int h) {
  return {majorityRule(w, h), decimationRule(w, h), boundaryRule(w, h)};
}

} // namespace rsmi
