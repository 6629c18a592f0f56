#include "ui/observable_trace_chart.h"

#include <QChart>
#include <QMargins>
#include <QLegend>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/exact/ising1d.h"
#include "core/exact/kaufman.h"
#include "core/exact/onsager.h"
#include "ui/figure_style.h"

namespace rsmi::ui {

namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

QColor energyColour() { return figure::style().dark ? QColor(0xF0, 0x8A, 0x3C) : QColor(0xD5, 0x5E, 0x00); }
QColor magnetizationColour() { return figure::style().dark ? QColor(0x5A, 0xA9, 0xE6) : QColor(0x00, 0x5A, 0x9C); }

QLineSeries* addSeries(QChart* chart, QValueAxis* x, QValueAxis* y, const QPen& pen) {
  auto* s = new QLineSeries;
  s->setPen(pen);
  chart->addSeries(s);
  s->attachAxis(x);
  s->attachAxis(y);
  return s;
}

} // namespace

ObservableTraceChart::ObservableTraceChart(QWidget* parent) : ChartFigure(parent) {
  // Compact: it shares a narrow column with the lattice. Short axis titles in the curves' colours
  // instead of a legend; the dashed lines are the exact values (tooltip).
  xAxis_ = figure::makeValueAxis(tr("updates"));
  energyAxis_ = figure::makeValueAxis(tr("E / N"));
  magnetizationAxis_ = figure::makeValueAxis(tr("|m|"));
  chart_->addAxis(xAxis_, Qt::AlignBottom);
  chart_->addAxis(energyAxis_, Qt::AlignLeft);
  chart_->addAxis(magnetizationAxis_, Qt::AlignRight);
  energy_ = addSeries(chart_, xAxis_, energyAxis_, QPen());
  magnetization_ = addSeries(chart_, xAxis_, magnetizationAxis_, QPen());
  energyExactLine_ = addSeries(chart_, xAxis_, energyAxis_, QPen());
  magnetizationExactLine_ = addSeries(chart_, xAxis_, magnetizationAxis_, QPen());
  energy_->setName(tr("energy"));
  magnetization_->setName(tr("|m|"));
  chart_->legend()->hide();
  chart_->setMargins(QMargins(2, 2, 2, 2));
  restyle();
  setSpec(SamplingSpec{});
}

void ObservableTraceChart::restyle() {
  ChartFigure::restyle();
  energyAxis_->setTitleBrush(energyColour());
  magnetizationAxis_->setTitleBrush(magnetizationColour());
  // The exact values: the curves' colours, darker on white and lighter on the dark theme.
  const auto exact = [](QColor c) { return figure::style().dark ? c.lighter(130) : c.darker(140); };
  energy_->setPen(QPen(energyColour(), figure::px(1.8)));
  magnetization_->setPen(QPen(magnetizationColour(), figure::px(1.8)));
  energyExactLine_->setPen(QPen(exact(energyColour()), figure::px(1.4), Qt::DashLine));
  magnetizationExactLine_->setPen(QPen(exact(magnetizationColour()), figure::px(1.4), Qt::DashLine));
}

void ObservableTraceChart::setSpec(const SamplingSpec& spec) {
  const bool valid = spec.beta > 0 && std::isfinite(spec.beta) && spec.coupling != 0 && std::isfinite(spec.coupling);
  exactEnergy_ = exactMagnetization_ = kNone;
  QString energyName, magnetizationName;
  if (valid && spec.model == ModelKind::Ising2D && spec.coupling > 0 && spec.size >= 2) {
    exactEnergy_ = exact::kaufmanTorus(spec.size, spec.beta, spec.coupling).energyPerSite;
    exactMagnetization_ = exact::yangMagnetization(spec.beta, spec.coupling);
    energyName = tr("exact, %1 × %1 torus (Kaufman)").arg(spec.size);
    magnetizationName = tr("exact, L → ∞ (Yang)");
  } else if (valid && spec.model == ModelKind::Ising1D) {
    // The readout measures the open chain's energy per bond, whose mean is −J tanh βJ.
    exactEnergy_ = -spec.coupling * exact::ising1DChainCorrelation(1, spec.beta, spec.coupling);
    exactMagnetization_ = 0;
    energyName = tr("exact −J tanh βJ");
    magnetizationName = tr("exact, L → ∞: 0");
  }
  energyExactLine_->setName(energyName);
  magnetizationExactLine_->setName(magnetizationName);
  figure::hideFromLegend(chart_, energyExactLine_, !std::isfinite(exactEnergy_));
  figure::hideFromLegend(chart_, magnetizationExactLine_, !std::isfinite(exactMagnetization_));
  setToolTip(spec.model == ModelKind::Dimer
                 ? tr("Dimers have no energy: no trace")
                 : tr("Energy per site (orange, left axis) and |m| (blue, right axis) of the live chain; dashed: %1; %2")
                       .arg(energyName, magnetizationName));
  clear();
}

void ObservableTraceChart::addPoint(std::uint64_t updates, double energyPerSite, double absMagnetization) {
  if (!std::isfinite(energyPerSite) || !std::isfinite(absMagnetization)) return;
  points_.push_back({static_cast<double>(updates), energyPerSite, absMagnetization});
  while (points_.size() > kMaxPoints) points_.pop_front();
  redraw();
}

void ObservableTraceChart::clear() {
  points_.clear();
  redraw();
}

void ObservableTraceChart::redraw() {
  QList<QPointF> e, m;
  e.reserve(static_cast<qsizetype>(points_.size()));
  m.reserve(static_cast<qsizetype>(points_.size()));
  double eLo = std::isfinite(exactEnergy_) ? exactEnergy_ : 0, eHi = eLo;
  for (const Point& p : points_) {
    e.append({p.updates, p.energy});
    m.append({p.updates, p.magnetization});
    eLo = std::min(eLo, p.energy), eHi = std::max(eHi, p.energy);
  }
  energy_->replace(e);
  magnetization_->replace(m);
  const double x0 = points_.empty() ? 0 : points_.front().updates;
  const double x1 = points_.empty() ? 1 : std::max(points_.back().updates, x0 + 1);
  const figure::AxisRange x = figure::niceRange(x0, x1, 3, 0.0, false);
  // setAxisTicks sets the ranges too, in the order that keeps Qt Charts from laying out a tick per
  // old interval across a new range.
  figure::setAxisTicks(xAxis_, x0, x1, x.step);
  xAxis_->setLabelFormat(QStringLiteral("%.3g"));  // millions of updates: 2e+06, not 2000000
  // Energy axis: the data and the exact line, with room; |m| always on [0, 1].
  const figure::AxisRange y = figure::niceRange(std::max(eLo, -2.0), std::min(eHi, 0.0) + 1e-9, 3, 0.1);
  figure::setAxisTicks(energyAxis_, y.lo, y.hi, y.step);
  figure::setAxisTicks(magnetizationAxis_, 0, 1, 0.5);
  const auto flat = [&](QLineSeries* s, double v) {
    if (std::isfinite(v)) s->replace(QList<QPointF>{{x0, v}, {x1, v}});
    else s->clear();
  };
  flat(energyExactLine_, exactEnergy_);
  flat(magnetizationExactLine_, exactMagnetization_);
}

} // namespace rsmi::ui
