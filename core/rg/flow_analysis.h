#pragma once
// Analysis of the RG flow (SCIENCE.md §6): the fixed point β* of the step map β_k → β_{k+1}, the
// thermal eigenvalue Λ_T (its slope at β*) and ν = ln b / ln Λ_T, each with an error bar.
//
// Near β* the linearised map is β' = β* + Λ_T (β − β*), i.e. a straight line β' = a + Λ_T β with
// β* = a / (1 − Λ_T). The line is fitted by weighted least squares to the points nearest the crossing
// of β' = β, with effective variances σ'² + Λ_T² σ² (errors in both coordinates); when χ²/dof > 1
// the covariance is scaled by it, so that scatter beyond the error bars widens them honestly.
#include <string>
#include <vector>

namespace rsmi {

struct StepMapPoint {
  double beta = 0, betaError = 0;          // β_k (step 0: the simulation's β, error 0)
  double nextBeta = 0, nextBetaError = 0;  // β_{k+1}
};

struct FixedPointEstimate {
  bool found = false;
  std::string problem;  // why not, when !found (e.g. no crossing in the grid)
  double betaStar = 0, betaStarError = 0;
  double lambdaT = 0, lambdaTError = 0;
  double nu = 0, nuError = 0;  // NaN when Λ_T ≤ 1 (no relevant direction)
  int pointsUsed = 0;
  double chi2PerDof = 0;
};

// `window`: how many points around the crossing the line is fitted to (all if ≤ 0 or more than
// there are). `rescaling` is the RG length factor b (2 for 2×2 blocks).
FixedPointEstimate fixedPointOfStepMap(std::vector<StepMapPoint> points, double rescaling = 2.0, int window = 4);

// Several independent estimates (seeds, bootstrap replicas) combined: means, and errors as the
// standard error of the mean (needs ≥ 2), reported alongside the average single-run error bars.
FixedPointEstimate combineEstimates(const std::vector<FixedPointEstimate>& runs);

} // namespace rsmi
