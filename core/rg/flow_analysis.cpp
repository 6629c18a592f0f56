#include "core/rg/flow_analysis.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rsmi {

namespace {

struct Line { double a, b, varA, covAB, varB, chi2; };

Line fitLine(const std::vector<StepMapPoint>& pts, double slopeGuess) {
  double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& p : pts) {
    const double var = p.nextBetaError * p.nextBetaError + slopeGuess * slopeGuess * p.betaError * p.betaError;
    const double w = 1.0 / std::max(var, 1e-30);
    sw += w, sx += w * p.beta, sy += w * p.nextBeta, sxx += w * p.beta * p.beta, sxy += w * p.beta * p.nextBeta;
  }
  const double det = sw * sxx - sx * sx;
  Line l{(sxx * sy - sx * sxy) / det, (sw * sxy - sx * sy) / det, sxx / det, -sx / det, sw / det, 0};
  for (const auto& p : pts) {
    const double var = p.nextBetaError * p.nextBetaError + l.b * l.b * p.betaError * p.betaError;
    const double r = p.nextBeta - (l.a + l.b * p.beta);
    l.chi2 += r * r / std::max(var, 1e-30);
  }
  return l;
}

} // namespace

FixedPointEstimate fixedPointOfStepMap(std::vector<StepMapPoint> points, double rescaling, int window) {
  FixedPointEstimate est;
  std::erase_if(points, [](const StepMapPoint& p) {
    return !std::isfinite(p.beta) || !std::isfinite(p.nextBeta) || !std::isfinite(p.betaError) ||
           !std::isfinite(p.nextBetaError);
  });
  std::sort(points.begin(), points.end(), [](const auto& x, const auto& y) { return x.beta < y.beta; });
  if (points.size() < 2) {
    est.problem = "the step map needs at least two finite points";
    return est;
  }
  // Crossing of β' − β through zero, by linear interpolation between neighbours of opposite sign.
  double crossing = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const double g0 = points[i].nextBeta - points[i].beta, g1 = points[i + 1].nextBeta - points[i + 1].beta;
    if (g0 == 0) { crossing = points[i].beta; break; }
    if (g0 * g1 < 0) {
      crossing = points[i].beta + (points[i + 1].beta - points[i].beta) * g0 / (g0 - g1);
      break;
    }
  }
  if (!std::isfinite(crossing)) {
    est.problem = "the flow does not cross beta' = beta inside the temperature grid: widen the grid";
    return est;
  }
  // The `window` points nearest the crossing.
  std::vector<StepMapPoint> near = points;
  std::sort(near.begin(), near.end(),
            [&](const auto& x, const auto& y) { return std::abs(x.beta - crossing) < std::abs(y.beta - crossing); });
  if (window > 1 && static_cast<std::size_t>(window) < near.size()) near.resize(static_cast<std::size_t>(window));
  est.pointsUsed = static_cast<int>(near.size());

  Line line = fitLine(near, 1.0);
  line = fitLine(near, line.b);  // refit with effective variances at the fitted slope
  const int dof = est.pointsUsed - 2;
  est.chi2PerDof = dof > 0 ? line.chi2 / dof : 0;
  const double scale = std::max(1.0, est.chi2PerDof);
  line.varA *= scale, line.covAB *= scale, line.varB *= scale;

  est.lambdaT = line.b;
  est.lambdaTError = std::sqrt(line.varB);
  if (line.b == 1) {
    est.problem = "the step map has slope 1 at the crossing: no fixed point can be located";
    return est;
  }
  // β* = a / (1 − Λ); gradient (1/(1−Λ), a/(1−Λ)²).
  const double one = 1 - line.b;
  est.betaStar = line.a / one;
  const double ga = 1 / one, gb = line.a / (one * one);
  est.betaStarError = std::sqrt(std::max(0.0, ga * ga * line.varA + 2 * ga * gb * line.covAB + gb * gb * line.varB));
  if (line.b > 1) {
    const double lnL = std::log(line.b);
    est.nu = std::log(rescaling) / lnL;
    est.nuError = std::log(rescaling) / (lnL * lnL) * est.lambdaTError / line.b;
  } else {
    est.nu = est.nuError = std::numeric_limits<double>::quiet_NaN();
  }
  est.found = true;
  return est;
}

FixedPointEstimate combineEstimates(const std::vector<FixedPointEstimate>& runs) {
  FixedPointEstimate out;
  std::vector<const FixedPointEstimate*> ok;
  for (const auto& r : runs)
    if (r.found) ok.push_back(&r);
  if (ok.size() < 2) {
    out.problem = "at least two runs with a fixed point are needed to combine";
    return out;
  }
  auto meanAndError = [&](auto member, double& mean, double& error) {
    double s = 0, s2 = 0;
    for (const auto* r : ok) s += r->*member;
    mean = s / ok.size();
    for (const auto* r : ok) s2 += (r->*member - mean) * (r->*member - mean);
    error = std::sqrt(s2 / (ok.size() - 1) / ok.size());
  };
  meanAndError(&FixedPointEstimate::betaStar, out.betaStar, out.betaStarError);
  meanAndError(&FixedPointEstimate::lambdaT, out.lambdaT, out.lambdaTError);
  meanAndError(&FixedPointEstimate::nu, out.nu, out.nuError);
  out.pointsUsed = ok.front()->pointsUsed;
  out.found = true;
  return out;
}

} // namespace rsmi
