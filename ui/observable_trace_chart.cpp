#include "ui/observable_trace_chart.h"

#include <QChart>
#include <QFontMetricsF>
#include <QGraphicsSimpleTextItem>
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

// Along the axes, the value axes' titles need the plot's whole height and two of its narrow width's
// text lines; from 150 % on Qt Charts elides them to "…". Above the plot, horizontal and each over
// its axis, they fit at any zoom.
bool titlesAboveThePlot() { return figure::style().scale > 1.3; }

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
  // Qt Charts elides a tick label ("…") that is wider than its share of the axis, as in a narrow
  // chart at a large zoom; updateTicks() asks for no more ticks than there is room for instead.
  for (QValueAxis* axis : {xAxis_, energyAxis_, magnetizationAxis_}) axis->setTruncateLabels(false);
  energyTitle_ = new QGraphicsSimpleTextItem(energyAxis_->titleText(), chart_);
  magnetizationTitle_ = new QGraphicsSimpleTextItem(magnetizationAxis_->titleText(), chart_);
  connect(chart_, &QChart::plotAreaChanged, this, [this] {
    updateTicks();
    placeTitles();
  });
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
  titlesAbove_ = titlesAboveThePlot();
  energyAxis_->setTitleVisible(!titlesAbove_);
  magnetizationAxis_->setTitleVisible(!titlesAbove_);
  for (QGraphicsSimpleTextItem* title : {energyTitle_, magnetizationTitle_}) {
    title->setFont(figure::font(figure::TextRole::AxisTitle));
    title->setVisible(titlesAbove_);
  }
  energyTitle_->setBrush(energyColour());
  magnetizationTitle_->setBrush(magnetizationColour());
  updateTicks();
  placeTitles();
}

// Larger at a large zoom. Qt Charts gives the axes at most 40 % of the chart's height (the time
// axis: its labels and title, with about 30 px of paddings and text margins) and of its width (the
// labels of both value axes), and elides what does not fit; the lattice above, no wider than the
// column, has height to spare.
QSize ObservableTraceChart::minimumSizeHint() const {
  const QSize base = ChartFigure::minimumSizeHint();
  const double tick = QFontMetricsF(figure::font(figure::TextRole::Tick)).height();
  const double title = QFontMetricsF(figure::font(figure::TextRole::AxisTitle)).height();
  const double top = titlesAboveThePlot() ? title + tick / 2 + 2 : 2;
  const double height = (tick + title + 30) / 0.4 + top + 2;
  return {std::max(base.width(), static_cast<int>(std::lround(130 * figure::style().scale))),
          std::max(base.height(), static_cast<int>(std::ceil(height)))};
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
  for (const Point& p : points_) {
    e.append({p.updates, p.energy});
    m.append({p.updates, p.magnetization});
  }
  energy_->replace(e);
  magnetization_->replace(m);
  const double x0 = points_.empty() ? 0 : points_.front().updates;
  const double x1 = points_.empty() ? 1 : std::max(points_.back().updates, x0 + 1);
  updateTicks();
  const auto flat = [&](QLineSeries* s, double v) {
    if (std::isfinite(v)) s->replace(QList<QPointF>{{x0, v}, {x1, v}});
    else s->clear();
  };
  flat(energyExactLine_, exactEnergy_);
  flat(magnetizationExactLine_, exactMagnetization_);
}

// The axes' ranges and ticks: as many ticks as the plot has room for unelided labels (at most the
// three or four of a roomy chart; the first layout, with no plot area yet, gets those).
void ObservableTraceChart::updateTicks() {
  if (updatingTicks_) return;
  updatingTicks_ = true;
  double eLo = std::isfinite(exactEnergy_) ? exactEnergy_ : 0, eHi = eLo;
  for (const Point& p : points_) eLo = std::min(eLo, p.energy), eHi = std::max(eHi, p.energy);
  const double x0 = points_.empty() ? 0 : points_.front().updates;
  const double x1 = points_.empty() ? 1 : std::max(points_.back().updates, x0 + 1);
  const QRectF plot = chart_->plotArea();
  const QFontMetricsF fm(figure::font(figure::TextRole::Tick));
  // Labels `extent` long, one every `step` over `span`, with half a digit between them along `length`.
  const auto fit = [&](double step, double span, double extent, double length) {
    return plot.isEmpty() || length * step / span >= extent + fm.horizontalAdvance(QLatin1Char('0')) / 2;
  };
  figure::AxisRange x{};
  for (int ticks = 3; ticks >= 1; --ticks) {
    x = figure::niceRange(x0, x1, ticks, 0.0, false);
    double widest = 0;
    int labels = 0;
    for (double v = std::ceil(x0 / x.step - 1e-9) * x.step; v <= x1 * (1 + 1e-12); v += x.step, ++labels)
      widest = std::max(widest, fm.horizontalAdvance(QString::asprintf("%.3g", v)));
    if (labels >= 2 && fit(x.step, x1 - x0, widest, plot.width())) break;
    if (ticks == 1) {
      // Not even two labels fit: a step of one significant digit ("4e+04", not "2.5e+04") over half
      // the span, one or two labels, rather than a lone "0" that leaves the scale unknown.
      const double decade = std::pow(10.0, std::floor(std::log10(x1 - x0)));
      x.step = std::floor((x1 - x0) / decade * (1 + 1e-12)) * decade;
    }
  }
  // setAxisTicks sets the ranges too, in the order that keeps Qt Charts from laying out a tick per
  // old interval across a new range.
  figure::setAxisTicks(xAxis_, x0, x1, x.step);
  xAxis_->setLabelFormat(QStringLiteral("%.3g"));  // millions of updates: 2e+06, not 2000000
  // Energy axis: the data and the exact line, with room; |m| always on [0, 1].
  figure::AxisRange y{};
  for (int ticks = 3; ticks >= 1; --ticks) {
    y = figure::niceRange(std::max(eLo, -2.0), std::min(eHi, 0.0) + 1e-9, ticks, 0.1);
    if (fit(y.step, y.hi - y.lo, fm.height(), plot.height())) break;
  }
  figure::setAxisTicks(energyAxis_, y.lo, y.hi, y.step);
  figure::setAxisTicks(magnetizationAxis_, 0, 1, fit(0.5, 1, fm.height(), plot.height()) ? 0.5 : 1);
  updatingTicks_ = false;
}

// At a large zoom the titles stand above the plot, each centred over its axis line and clear of
// the axis' top label, in a top margin made for them.
void ObservableTraceChart::placeTitles() {
  const double line = QFontMetricsF(energyTitle_->font()).height();
  const double tick = QFontMetricsF(figure::font(figure::TextRole::Tick)).height();
  const int top = titlesAbove_ ? static_cast<int>(std::ceil(line + tick / 2)) + 2 : 2;
  if (chart_->margins().top() != top) {
    QMargins m = chart_->margins();
    m.setTop(top);
    chart_->setMargins(m);  // moves the plot area, which calls this again
    return;
  }
  if (!titlesAbove_) return;
  const QRectF plot = chart_->plotArea();
  const double width = chart_->size().width();
  const auto place = [&](QGraphicsSimpleTextItem* title, double centre) {
    const double w = title->boundingRect().width();
    title->setPos(std::clamp(centre - w / 2, 2.0, std::max(2.0, width - w - 2)), std::max(0.0, plot.top() - tick / 2 - line));
  };
  place(energyTitle_, plot.left());
  place(magnetizationTitle_, plot.right());
}

} // namespace rsmi::ui
