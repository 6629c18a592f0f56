#pragma once
// A second estimate of β* and ν from every RG step at once (SCIENCE.md §6, the data collapse).
// Linearised RG says that k steps multiply the distance to the fixed point by Λ_T^k:
//   β_eff(k) − β* = Λ_T^k (β_0 − β*),   Λ_T = b^{1/ν}.
// Plotted against the scaled distance (β_0 − β*)·b^{k/ν} = (β_0 − β*)(L/L_k)^{1/ν}, the readings of
// all steps — lattices of sizes L, L/b, L/b², … — collapse onto one line when β* and ν are right.
// The two parameters are fitted to every in-range β_eff of steps 1…K whose lattice is at least
// `minSize` wide (smaller lattices carry finite-size corrections that the linear form ignores) and
// whose initial β lies within `window` points of the step map's crossing (linearity holds only near
// β*). Weighted least squares (Gauss–Newton); errors from the covariance, scaled by χ²/dof when > 1.
#include <vector>

#include "core/rg/flow_analysis.h"
#include "core/rg/rg_flow.h"

namespace rsmi {

struct CollapseOptions {
  double rescaling = 2.0;  // b
  int minSize = 32;
  int window = 4;          // initial temperatures nearest the crossing used (≤ 0: all)
  int maxStep = 0;         // highest step used (≤ 0: all)
};

struct CollapseEstimate {
  bool found = false;
  std::string problem;
  double betaStar = 0, betaStarError = 0;
  double lambdaT = 0, lambdaTError = 0;
  double nu = 0, nuError = 0;
  int pointsUsed = 0, stepsUsed = 0;
  double chi2PerDof = 0;
};

// `start` (e.g. the step map's fixed point) seeds the fit and chooses the temperatures near β*.
CollapseEstimate collapseFlow(const std::vector<FlowPoint>& points, const FixedPointEstimate& start,
                              const CollapseOptions& options = {});

} // namespace rsmi
