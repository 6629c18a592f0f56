#include "core/rg/thermometer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace rsmi {

namespace {

double weightOf(double error) { return 1.0 / std::max(error * error, 1e-24); }

// Weighted pool-adjacent-violators: the closest (weighted least squares) non-decreasing sequence.
std::vector<double> isotonicIncreasing(const std::vector<double>& y, const std::vector<double>& w) {
  struct Block { double mean, weight; std::size_t size; };
  std::vector<Block> blocks;
  for (std::size_t i = 0; i < y.size(); ++i) {
    blocks.push_back({y[i], w[i], 1});
    while (blocks.size() > 1 && blocks[blocks.size() - 2].mean > blocks.back().mean) {
      Block b = blocks.back();
      blocks.pop_back();
      Block& a = blocks.back();
      a.mean = (a.mean * a.weight + b.mean * b.weight) / (a.weight + b.weight);
      a.weight += b.weight;
      a.size += b.size;
    }
  }
  std::vector<double> out;
  for (const Block& b : blocks) out.insert(out.end(), b.size, b.mean);
  return out;
}

} // namespace

Thermometer::Thermometer(std::vector<CalibrationPoint> points, ThermometerFit fit, double fitLow, double fitHigh)
    : fit_(fit) {
  for (const auto& p : points)
    if (!std::isfinite(p.beta) || !std::isfinite(p.value) || !std::isfinite(p.error) || p.error < 0)
      throw std::invalid_argument("thermometer calibration points must be finite with errors >= 0");
  std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.beta < b.beta; });
  for (std::size_t i = 1; i < points.size(); ++i)
    if (points[i].beta == points[i - 1].beta)
      throw std::invalid_argument("thermometer calibration has two points at the same beta");
  points_ = points;
  if (fit == ThermometerFit::Linear && fitHigh > fitLow)
    std::erase_if(points, [&](const auto& p) { return p.beta < fitLow || p.beta > fitHigh; });
  if (points.size() < 2) throw std::invalid_argument("a thermometer needs at least two calibration temperatures");

  // Direction from a weighted straight line, robust to noise at single points.
  double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& p : points) {
    const double w = weightOf(p.error);
    sw += w, sx += w * p.beta, sy += w * p.value, sxx += w * p.beta * p.beta, sxy += w * p.beta * p.value;
  }
  const double det = sw * sxx - sx * sx;
  lineSlope_ = (sw * sxy - sx * sy) / det;
  lineIntercept_ = (sxx * sy - sx * sxy) / det;
  lineCov_[0] = sxx / det;
  lineCov_[1] = -sx / det;
  lineCov_[2] = sw / det;
  double largest = 0;
  for (const auto& p : points) largest = std::max(largest, std::abs(p.value));
  if (std::abs(lineSlope_) * (points.back().beta - points.front().beta) <= 1e-12 * (1 + largest))
    throw std::invalid_argument("the thermometer does not change with beta");
  increasing_ = lineSlope_ > 0;

  for (const auto& p : points) {
    betas_.push_back(p.beta);
    values_.push_back(p.value);
    errors_.push_back(p.error);
  }
  if (fit_ == ThermometerFit::Linear) return;

  // Monotone fit in the increasing frame, then Fritsch–Carlson slopes.
  std::vector<double> y = values_, w;
  for (double e : errors_) w.push_back(weightOf(e));
  if (!increasing_)
    for (double& v : y) v = -v;
  y = isotonicIncreasing(y, w);
  if (!increasing_)
    for (double& v : y) v = -v;
  values_ = y;
  // Shape-preserving slopes as in Fritsch & Butland (1984), the scheme SciPy's PCHIP uses:
  // weighted harmonic means of the neighbouring secants inside, a one-sided three-point
  // formula at the ends; zero where the data are flat or change direction.
  const std::size_t n = betas_.size();
  std::vector<double> h(n - 1), secant(n - 1);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    h[i] = betas_[i + 1] - betas_[i];
    secant[i] = (values_[i + 1] - values_[i]) / h[i];
  }
  slopes_.assign(n, 0.0);
  if (n == 2) {
    slopes_[0] = slopes_[1] = secant[0];
    return;
  }
  for (std::size_t k = 1; k + 1 < n; ++k) {
    if (secant[k - 1] * secant[k] <= 0) continue;
    const double w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1];
    slopes_[k] = (w1 + w2) / (w1 / secant[k - 1] + w2 / secant[k]);
  }
  auto endSlope = [](double h0, double h1, double d0, double d1) {
    double d = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
    if (d * d0 <= 0) return 0.0;
    if (d0 * d1 <= 0 && std::abs(d) > 3 * std::abs(d0)) return 3 * d0;
    return d;
  };
  slopes_[0] = endSlope(h[0], h[1], secant[0], secant[1]);
  slopes_[n - 1] = endSlope(h[n - 2], h[n - 3], secant[n - 2], secant[n - 3]);
}

double Thermometer::value(double beta) const {
  if (fit_ == ThermometerFit::Linear) return lineIntercept_ + lineSlope_ * beta;
  const std::size_t n = betas_.size();
  // Outside the grid: continue along the end tangent (used only to report out-of-range readings).
  if (beta <= betas_[0]) return values_[0] + slopes_[0] * (beta - betas_[0]);
  if (beta >= betas_[n - 1]) return values_[n - 1] + slopes_[n - 1] * (beta - betas_[n - 1]);
  const std::size_t i = static_cast<std::size_t>(std::upper_bound(betas_.begin(), betas_.end(), beta) - betas_.begin()) - 1;
  const double h = betas_[i + 1] - betas_[i], t = (beta - betas_[i]) / h;
  const double h00 = (1 + 2 * t) * (1 - t) * (1 - t), h10 = t * (1 - t) * (1 - t);
  const double h01 = t * t * (3 - 2 * t), h11 = t * t * (t - 1);
  return h00 * values_[i] + h10 * h * slopes_[i] + h01 * values_[i + 1] + h11 * h * slopes_[i + 1];
}

double Thermometer::slope(double beta) const {
  if (fit_ == ThermometerFit::Linear) return lineSlope_;
  const double h = 1e-6 * std::max(1.0, std::abs(beta));
  return (value(beta + h) - value(beta - h)) / (2 * h);
}

double Thermometer::valueError(double beta) const {
  if (fit_ == ThermometerFit::Linear)
    return std::sqrt(std::max(0.0, lineCov_[0] + 2 * beta * lineCov_[1] + beta * beta * lineCov_[2]));
  const std::size_t n = betas_.size();
  if (beta <= betas_[0]) return errors_[0];
  if (beta >= betas_[n - 1]) return errors_[n - 1];
  const std::size_t i = static_cast<std::size_t>(std::upper_bound(betas_.begin(), betas_.end(), beta) - betas_.begin()) - 1;
  const double t = (beta - betas_[i]) / (betas_[i + 1] - betas_[i]);
  return (1 - t) * errors_[i] + t * errors_[i + 1];
}

ThermometerReading Thermometer::read(double v, double vError) const {
  ThermometerReading r;
  const double lo = value(betaMin()), hi = value(betaMax());
  const double vmin = std::min(lo, hi), vmax = std::max(lo, hi);
  if (fit_ == ThermometerFit::Linear) {
    r.beta = (v - lineIntercept_) / lineSlope_;
  } else if (v < vmin || v > vmax) {
    r.outOfRange = true;
    r.beta = (v <= vmin) == increasing_ ? betaMin() : betaMax();
  } else {
    // Bisection on the monotone interpolant (strictly monotone between distinct pooled levels).
    double a = betaMin(), b = betaMax();
    for (int it = 0; it < 200 && b - a > 1e-15 * std::max(1.0, b); ++it) {
      const double m = 0.5 * (a + b);
      ((value(m) < v) == increasing_ ? a : b) = m;
    }
    r.beta = 0.5 * (a + b);
  }
  if (fit_ == ThermometerFit::Linear && (r.beta < betaMin() || r.beta > betaMax())) r.outOfRange = true;
  const double s = std::abs(slope(r.beta));
  const double combined = std::hypot(vError, valueError(r.beta));
  r.error = s > 0 ? combined / s : std::numeric_limits<double>::infinity();
  return r;
}

} // namespace rsmi
