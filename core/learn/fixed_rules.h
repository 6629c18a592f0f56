#pragma once
// Fixed coarse-graining rules that the learned filter is compared with (scored by the same
// estimators): Kadanoff's majority rule, decimation, and the boundary rule. Each is a
// conditional p(h|v) with one hidden unit; ties are broken at random, i.e. p(h = +1|v) = ½.
#include <memory>
#include <string>
#include <vector>

#include "core/learn/filter.h"

namespace rsmi {

// A rule that sets h to the majority sign of a subset of the block's sites (ties: ½ each way).
class SubsetMajorityRule final : public HiddenConditional {
public:
  SubsetMajorityRule(std::string name, int visibleCount, std::vector<int> sites);
  const std::string& name() const { return name_; }
  const std::vector<int>& sites() const { return sites_; }
  int hiddenCount() const override { return 1; }
  int visibleCount() const override { return visibleCount_; }
  Matrix hiddenProbabilities(const Matrix& visible) const override;

private:
  std::string name_;
  int visibleCount_;
  std::vector<int> sites_;
};

// Sites of a w×h block in row-major order (1D: h = 1).
SubsetMajorityRule majorityRule(int blockWidth, int blockHeight);    // all sites
SubsetMajorityRule decimationRule(int blockWidth, int blockHeight);  // the first (top-left) site
SubsetMajorityRule boundaryRule(int blockWidth, int blockHeight);    // the block's perimeter (1D: both ends)

// The three, in the order shown to users.
std::vector<SubsetMajorityRule> fixedRules(int blockWidth, int blockHeight);

} // namespace rsmi
