#include "core/rg/data_collapse.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace rsmi {

namespace {

struct CollapsePoint {
  double beta0 = 0;
  int step = 0;
  double betaEff = 0, error = 0;
};

// Residuals r_n = (β_eff − β* − Λ^k(β_0 − β*))/σ and their Jacobian in (β*, Λ).
double chiSquared(const std::vector<CollapsePoint>& pts, double betaStar, double lambda, double J[2][2] = nullptr,
                  double g[2] = nullptr) {
  double chi2 = 0;
  if (J) J[0][0] = J[0][1] = J[1][0] = J[1][1] = 0, g[0] = g[1] = 0;
  for (const CollapsePoint& p : pts) {
    const double lk = std::pow(lambda, p.step);
    const double r = (p.betaEff - betaStar - lk * (p.beta0 - betaStar)) / p.error;
    chi2 += r * r;
    if (J) {
      const double dStar = (-1.0 + lk) / p.error;
      const double dLambda = -p.step * std::pow(lambda, p.step - 1) * (p.beta0 - betaStar) / p.error;
      J[0][0] += dStar * dStar, J[0][1] += dStar * dLambda, J[1][1] += dLambda * dLambda;
      g[0] += dStar * r, g[1] += dLambda * r;
    }
  }
  if (J) J[1][0] = J[0][1];
  return chi2;
}

} // namespace

CollapseEstimate collapseFlow(const std::vector<FlowPoint>& points, const FixedPointEstimate& start,
                              const CollapseOptions& options) {
  CollapseEstimate out;
  if (!start.found || !(start.lambdaT > 1)) {
    out.problem = "the collapse needs the step map's fixed point with a relevant direction (Lambda_T > 1) to start from";
    return out;
  }
  // The initial temperatures nearest β*.
  std::set<double> betas;
  for (const FlowPoint& p : points) betas.insert(p.beta0);
  std::vector<double> near(betas.begin(), betas.end());
  std::sort(near.begin(), near.end(), [&](double a, double b) {
    return std::abs(a - start.betaStar) < std::abs(b - start.betaStar);
  });
  if (options.window > 0 && near.size() > std::size_t(options.window)) near.resize(std::size_t(options.window));

  std::vector<CollapsePoint> pts;
  std::set<int> steps;
  for (const FlowPoint& p : points) {
    if (p.level < 1 || p.size < options.minSize || (options.maxStep > 0 && p.level > options.maxStep)) continue;
    if (std::find(near.begin(), near.end(), p.beta0) == near.end()) continue;
    if (p.betaEff.outOfRange || !std::isfinite(p.betaEff.beta) || p.trainingDiverged) continue;
    // A zero error (a correlation read without calibration noise) would give the point infinite
    // weight; the floor keeps it finite and the χ² scaling below widens the result if needed.
    pts.push_back({p.beta0, p.level, p.betaEff.beta, std::max(p.betaEff.error, 1e-7)});
    steps.insert(p.level);
  }
  if (steps.size() < 2) {
    out.problem = "the collapse needs readings of at least two steps on lattices of " + std::to_string(options.minSize) +
                  " or more (one step is the step map itself)";
    return out;
  }
  if (pts.size() < 3) {
    out.problem = "the collapse needs at least three in-range readings of steps >= 1 near the fixed point";
    return out;
  }

  double betaStar = start.betaStar, lambda = start.lambdaT;
  double J[2][2], g[2];
  double chi2 = chiSquared(pts, betaStar, lambda, J, g);
  double damping = 1e-3;
  for (int iteration = 0; iteration < 200; ++iteration) {  // Levenberg–Marquardt
    const double a = J[0][0] * (1 + damping), b = J[0][1], d = J[1][1] * (1 + damping);
    const double det = a * d - b * b;
    if (!(std::abs(det) > 0)) break;
    const double s0 = -(d * g[0] - b * g[1]) / det, s1 = -(-b * g[0] + a * g[1]) / det;
    const double trialStar = betaStar + s0, trialLambda = std::max(1.0 + 1e-9, lambda + s1);
    double Jt[2][2], gt[2];
    const double trial = chiSquared(pts, trialStar, trialLambda, Jt, gt);
    if (trial <= chi2) {
      const bool converged = chi2 - trial < 1e-12 * (1 + chi2) && std::abs(s0) < 1e-12 && std::abs(s1) < 1e-10;
      betaStar = trialStar, lambda = trialLambda, chi2 = trial;
      std::copy(&Jt[0][0], &Jt[0][0] + 4, &J[0][0]);
      g[0] = gt[0], g[1] = gt[1];
      damping = std::max(damping / 10, 1e-12);
      if (converged) break;
    } else {
      damping *= 10;
      if (damping > 1e12) break;
    }
  }
  const double det = J[0][0] * J[1][1] - J[0][1] * J[0][1];
  if (!(det > 0) || !(lambda > 1)) {
    out.problem = "the collapse fit did not converge to a relevant fixed point";
    return out;
  }
  const int dof = static_cast<int>(pts.size()) - 2;
  out.chi2PerDof = dof > 0 ? chi2 / dof : 0;
  const double scale = std::max(1.0, out.chi2PerDof);
  out.found = true;
  out.betaStar = betaStar;
  out.betaStarError = std::sqrt(scale * J[1][1] / det);
  out.lambdaT = lambda;
  out.lambdaTError = std::sqrt(scale * J[0][0] / det);
  const double lnb = std::log(options.rescaling);
  out.nu = lnb / std::log(lambda);
  out.nuError = lnb / (lambda * std::log(lambda) * std::log(lambda)) * out.lambdaTError;
  out.pointsUsed = static_cast<int>(pts.size());
  out.stepsUsed = static_cast<int>(steps.size());
  return out;
}

} // namespace rsmi
