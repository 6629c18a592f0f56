#pragma once
// A thermometer (SCIENCE.md §6): a monotone function τ(β) measured at step 0 over a grid of
// temperatures — the learned MI, or a nearest / next-nearest neighbour correlation — inverted at
// later RG steps: β_eff = τ⁻¹(value measured on the coarse samples).
//
// Two calibrations: a monotone cubic interpolation through the grid (Fritsch–Carlson PCHIP, after a
// weighted isotonic fit so that noisy points cannot break monotonicity), or the paper's straight
// line fitted over a window of β (weighted least squares).
#include <optional>
#include <string>
#include <vector>

namespace rsmi {

struct CalibrationPoint {
  double beta = 0;
  double value = 0;
  double error = 0;  // one standard error; 0 means exact (weights use max(error, tiny))
};

enum class ThermometerFit { MonotoneInterpolation, Linear };

struct ThermometerReading {
  double beta = 0;
  double error = 0;        // from the reading's error and the calibration's, via 1/|τ'(β)|
  bool outOfRange = false;  // the value lies outside the calibrated range: β is clamped to its end
};

class Thermometer {
public:
  // Points need distinct β (sorted internally); at least 2 (3 recommended). Throws
  // std::invalid_argument naming the problem. For Linear, only points with β in [fitLow, fitHigh]
  // are used (all points when the window is empty).
  explicit Thermometer(std::vector<CalibrationPoint> points,
                       ThermometerFit fit = ThermometerFit::MonotoneInterpolation, double fitLow = 0,
                       double fitHigh = 0);

  ThermometerFit fit() const { return fit_; }
  bool increasing() const { return increasing_; }
  double betaMin() const { return betas_.front(); }
  double betaMax() const { return betas_.back(); }
  const std::vector<CalibrationPoint>& points() const { return points_; }

  double value(double beta) const;       // τ(β)
  double slope(double beta) const;       // τ'(β)
  double valueError(double beta) const;  // calibration uncertainty of τ(β), interpolated
  ThermometerReading read(double value, double valueError = 0) const;

private:
  std::vector<CalibrationPoint> points_;
  ThermometerFit fit_;
  bool increasing_ = true;
  std::vector<double> betas_, values_, errors_, slopes_;  // monotone interpolation knots
  double lineIntercept_ = 0, lineSlope_ = 0, lineCov_[3] = {0, 0, 0};  // var(a), cov(a,b), var(b)
};

} // namespace rsmi
