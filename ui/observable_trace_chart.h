#pragma once
// The live chain's energy per site and |m| against the number of updates, beside their exact values
// where known (SCIENCE.md §7): Kaufman's finite torus for the energy of Ising 2D, Yang's infinite-
// lattice magnetisation (|m| of a finite torus lies above it near and above T_c), −J tanh βJ for the
// energy per bond of the chain. A student sees the chain thermalise and then fluctuate about the exact
// line. Energy on the left axis, |m| on the right; the last kMaxPoints snapshots are kept.
#include <cstdint>
#include <deque>

#include "core/mc/sampling_spec.h"
#include "ui/chart_figure.h"

class QGraphicsSimpleTextItem;
class QLineSeries;
class QValueAxis;

namespace rsmi::ui {

class ObservableTraceChart : public ChartFigure {
  Q_OBJECT

public:
  static constexpr std::size_t kMaxPoints = 600;

  explicit ObservableTraceChart(QWidget* parent = nullptr);

  // What is sampled: sets the exact references (none for dimers) and clears the traces.
  void setSpec(const SamplingSpec& spec);
  // One measured snapshot (NaN values are skipped: dimer snapshots have no energy).
  void addPoint(std::uint64_t updates, double energyPerSite, double absMagnetization);
  void clear();

  int pointCount() const { return static_cast<int>(points_.size()); }
  // The exact references shown (NaN when none), for tests.
  double exactEnergy() const { return exactEnergy_; }
  double exactMagnetization() const { return exactMagnetization_; }
  // Whether the energy and |m| titles sit above the plot (large zoom) instead of along the axes.
  bool titlesAbove() const { return titlesAbove_; }

  QSize minimumSizeHint() const override;

protected:
  void restyle() override;

private:
  struct Point {
    double updates, energy, magnetization;
  };
  void redraw();
  void updateTicks();
  void placeTitles();

  QValueAxis* xAxis_ = nullptr;
  QValueAxis* energyAxis_ = nullptr;
  QValueAxis* magnetizationAxis_ = nullptr;
  QLineSeries* energy_ = nullptr;
  QLineSeries* magnetization_ = nullptr;
  QLineSeries* energyExactLine_ = nullptr;
  QLineSeries* magnetizationExactLine_ = nullptr;
  QGraphicsSimpleTextItem* energyTitle_ = nullptr;  // above the plot: at a large zoom
  QGraphicsSimpleTextItem* magnetizationTitle_ = nullptr;
  std::deque<Point> points_;
  double exactEnergy_ = 0, exactMagnetization_ = 0;
  bool titlesAbove_ = false;
  bool updatingTicks_ = false;  // new ticks move the plot area, which asks for ticks again
};

} // namespace rsmi::ui
