#pragma once
// ThermometerChart: the calibration of the thermometer (SCIENCE.md §6) — the quantity τ measured
// at step 0 on a grid of β, with error bars, and the fitted τ(β) (monotone interpolation or the
// paper's straight line) drawn from Thermometer::value on a fine grid — and the readings of later
// RG steps as markers at (β_eff, measured value), one marker style per step, with their β error
// bars: the inversion β_eff = τ⁻¹(value) made visible.
#include <optional>
#include <vector>

#include <QString>

#include "core/rg/rg_flow.h"
#include "core/rg/thermometer.h"
#include "ui/chart_figure.h"

class QLineSeries;
class QScatterSeries;

namespace rsmi::ui {

class ErrorBarOverlay;

class ThermometerChart : public ChartFigure {
  Q_OBJECT

public:
  static constexpr int kFitSamples = 240;

  explicit ThermometerChart(QWidget* parent = nullptr);

  void setThermometer(const Thermometer& thermometer);
  void clearThermometer();
  // The readings: every point with level ≥ 1 becomes a marker (level 0 is the calibration itself).
  void setReadings(const std::vector<FlowPoint>& points);
  // The vertical axis' title: what τ is ("⟨s₀s₁⟩", "I(H:E) [nats]", …).
  void setQuantityLabel(const QString& label);
  void setExactCritical(std::optional<double> betaC);
  void clear();

  QScatterSeries* calibrationSeries() const { return calibration_; }
  QLineSeries* fitSeries() const { return fit_; }
  QLineSeries* criticalSeries() const { return critical_; }
  int readingLevels() const { return static_cast<int>(readings_.size()); }
  QScatterSeries* readingSeries(int level) const;  // level ≥ 1; null if there is none
  QValueAxis* betaAxis() const { return xAxis_; }
  QValueAxis* valueAxis() const { return yAxis_; }
  const ErrorBarOverlay* errorBars() const { return bars_; }

protected:
  void restyle() override;

private:
  void rebuild();
  void placeLegend();

  QValueAxis* xAxis_ = nullptr;
  QValueAxis* yAxis_ = nullptr;
  QLineSeries* fit_ = nullptr;
  QLineSeries* critical_ = nullptr;
  QScatterSeries* calibration_ = nullptr;
  std::vector<QScatterSeries*> readings_;  // index level − 1
  ErrorBarOverlay* bars_ = nullptr;

  std::vector<CalibrationPoint> points_;
  QList<QPointF> fitted_;
  QString fitName_;
  std::vector<FlowPoint> flow_;
  std::optional<double> betaC_;
  bool increasing_ = true;
};

} // namespace rsmi::ui
