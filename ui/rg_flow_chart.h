#pragma once
// RgFlowChart: the RG flow (SCIENCE.md §6) — the effective coupling β_eff (or temperature
// T_eff = 1/β_eff) read by the thermometer at every RG step, one curve per initial β0, coloured
// from hot (red, small β0) to cold (blue, large β0), with error bars; the fixed point β* of the
// step map as a horizontal band ± its error, and, for the 2D Ising model, the exact
// β_c = ln(1+√2)/2 as a dashed line. Above β_c the flows run to order, below it to disorder.
//
// Points whose reading fell outside the calibrated range (β clamped to the range's end) are ringed.
//
// The legend (one entry per β0, then the references) sits under the plot in as many columns as the
// width allows (WrappingLegend): in a narrow panel no label is cut short.
#include <optional>
#include <vector>

#include "core/rg/flow_analysis.h"
#include "core/rg/rg_flow.h"
#include "ui/chart_figure.h"

class QAreaSeries;
class QLineSeries;
class QScatterSeries;

namespace rsmi::ui {

class ErrorBarOverlay;
class WrappingLegend;

class RgFlowChart : public ChartFigure {
  Q_OBJECT

public:
  explicit RgFlowChart(QWidget* parent = nullptr);

  void setFlow(const std::vector<FlowPoint>& points);
  void setFixedPoint(const FixedPointEstimate& estimate);
  void setExactCritical(std::optional<double> betaC);
  // T_eff = 1/β_eff on the vertical axis (errors σ_T = σ_β/β²), and T0 in the legend.
  void setShowTemperature(bool temperature);
  bool showsTemperature() const { return temperature_; }
  void clear();

  int curveCount() const { return static_cast<int>(beta0_.size()); }
  double curveBeta0(int i) const { return beta0_.at(static_cast<std::size_t>(i)); }
  QLineSeries* curve(int i) const;  // in ascending β0
  QValueAxis* stepAxis() const { return xAxis_; }
  QValueAxis* valueAxis() const { return yAxis_; }
  QLineSeries* criticalSeries() const { return critical_; }
  QAreaSeries* fixedPointBand() const { return band_; }
  QScatterSeries* clampedSeries() const { return clamped_; }
  const ErrorBarOverlay* errorBars() const { return bars_; }
  const WrappingLegend* legend() const { return legend_; }

protected:
  void restyle() override;

private:
  void rebuild();
  int slotOf(int i) const;
  double toShown(double beta) const;

  QValueAxis* xAxis_ = nullptr;
  QValueAxis* yAxis_ = nullptr;
  std::vector<QLineSeries*> curves_;
  QLineSeries* critical_ = nullptr;
  QAreaSeries* band_ = nullptr;
  QLineSeries* bandUpper_ = nullptr;
  QLineSeries* bandLower_ = nullptr;
  QScatterSeries* clamped_ = nullptr;
  ErrorBarOverlay* bars_ = nullptr;
  WrappingLegend* legend_ = nullptr;

  std::vector<FlowPoint> points_;  // sorted by (β0, level)
  std::vector<double> beta0_;
  FixedPointEstimate fixedPoint_;
  std::optional<double> betaC_;
  bool temperature_ = false;
};

} // namespace rsmi::ui
