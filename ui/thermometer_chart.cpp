#include "ui/thermometer_chart.h"

#include <algorithm>
#include <cmath>

#include <QChart>
#include <QFontMetricsF>
#include <QLegend>
#include <QLineSeries>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QValueAxis>

#include "ui/error_bar_overlay.h"
#include "ui/figure_style.h"

namespace rsmi::ui {
namespace {

QColor fitColour() { return figure::style().dark ? QColor(0x5A, 0xA9, 0xE6) : QColor(0x00, 0x5A, 0x9C); }
QColor calibrationColour() { return figure::style().dark ? QColor(0xDD, 0xDF, 0xE2) : QColor(0x22, 0x22, 0x22); }

// Per RG step: Okabe–Ito colours and distinct shapes, so steps differ without colour vision too.
QColor levelColour(int level) {
  static const QColor colours[] = {QColor(0xE6, 0x9F, 0x00), QColor(0x00, 0x9E, 0x73), QColor(0xCC, 0x79, 0xA7),
                                   QColor(0xD5, 0x5E, 0x00), QColor(0x56, 0xB4, 0xE9)};
  return colours[(level - 1) % 5];
}
QScatterSeries::MarkerShape levelShape(int level) {
  static const QScatterSeries::MarkerShape shapes[] = {
      QScatterSeries::MarkerShapeTriangle, QScatterSeries::MarkerShapeRotatedRectangle,
      QScatterSeries::MarkerShapePentagon, QScatterSeries::MarkerShapeStar, QScatterSeries::MarkerShapeRectangle};
  return shapes[(level - 1) % 5];
}

} // namespace

ThermometerChart::ThermometerChart(QWidget* parent) : ChartFigure(parent) {
  xAxis_ = figure::makeValueAxis(QStringLiteral("β"));
  yAxis_ = figure::makeValueAxis(QStringLiteral("τ(β)"));
  chart_->addAxis(xAxis_, Qt::AlignBottom);
  chart_->addAxis(yAxis_, Qt::AlignLeft);
  critical_ = new QLineSeries;
  fit_ = new QLineSeries;
  calibration_ = new QScatterSeries;
  // Short legend labels: the legend sits inside the plot, which is narrow in the 2 × 2 view grid.
  calibration_->setName(tr("step 0, calibration"));
  calibration_->setMarkerShape(QScatterSeries::MarkerShapeCircle);
  for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{critical_, fit_, calibration_}) {
    chart_->addSeries(s);
    s->attachAxis(xAxis_);
    s->attachAxis(yAxis_);
  }
  bars_ = new ErrorBarOverlay(chart_, xAxis_, yAxis_);
  bars_->setCapLength(8);
  // The legend goes inside the plot, in the corner a monotone curve leaves empty: the plot keeps
  // the full width and no label is cut short.
  QLegend* legend = chart_->legend();
  legend->setAlignment(Qt::AlignLeft);
  legend->detachFromChart();
  legend->setBackgroundVisible(true);
  legend->setZValue(20);
  connect(chart_, &QChart::plotAreaChanged, this, &ThermometerChart::placeLegend);
  restyle();
}

void ThermometerChart::restyle() {
  ChartFigure::restyle();
  critical_->setPen(QPen(figure::textColour(), figure::px(1.8), Qt::DashLine));
  fit_->setPen(QPen(fitColour(), figure::px(2.6)));
  calibration_->setMarkerSize(figure::px(10));
  calibration_->setBrush(calibrationColour());
  calibration_->setPen(QPen(figure::backgroundColour(), figure::px(1)));
  for (QScatterSeries* s : readings_) {
    s->setMarkerSize(figure::px(15));
    s->setPen(QPen(calibrationColour(), figure::px(1.2)));
  }
  QColor legendBackground = figure::backgroundColour();
  legendBackground.setAlpha(235);
  chart_->legend()->setBrush(legendBackground);
  chart_->legend()->setPen(QPen(figure::gridColour(), figure::px(1)));
  rebuild();
}

// A detached legend lays its entries out in whatever rectangle it is given (top to bottom for
// AlignLeft) but reports a one-row size hint; so the column's size is measured from the labels.
void ThermometerChart::placeLegend() {
  QLegend* legend = chart_->legend();
  const QFontMetricsF fm(legend->font());
  double width = 0;
  int rows = 0;
  // The entries shown (the same choice as the hideFromLegend() calls in rebuild()).
  std::vector<QString> labels;
  if (betaC_) labels.push_back(critical_->name());
  if (!fitted_.isEmpty()) labels.push_back(fit_->name());
  if (!points_.empty()) labels.push_back(calibration_->name());
  for (QScatterSeries* r : readings_) labels.push_back(r->name());
  for (QString text : labels) {
    text.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
    width = std::max(width, fm.horizontalAdvance(text));
    ++rows;
  }
  const QRectF plot = chart_->plotArea();
  const QSizeF size =
      QSizeF(width + figure::px(60), rows * (std::max(fm.height(), figure::px(16)) + figure::px(10)) + figure::px(20))
          .boundedTo(plot.size());
  // The corner that hides the fewest points: for a rising curve the top left is empty of
  // calibration points, but in a narrow plot the legend spans most of the width and would cover the
  // high readings at the right; then a bottom corner may be freer.
  std::vector<QPointF> shown;
  for (const QScatterSeries* s : readings_)
    for (const QPointF& p : s->points()) shown.push_back(chart_->mapToPosition(p, const_cast<QScatterSeries*>(s)));
  for (const QPointF& p : calibration_->points()) shown.push_back(chart_->mapToPosition(p, calibration_));
  const double left = plot.left() + 12, right = plot.right() - 12 - size.width();
  const double top = plot.top() + 10, bottom = plot.bottom() - 10 - size.height();
  // In order of preference: the side the curve leaves empty first.
  const QPointF corners[] = {{increasing_ ? left : right, top},
                             {increasing_ ? right : left, bottom},
                             {increasing_ ? right : left, top},
                             {increasing_ ? left : right, bottom}};
  QPointF best = corners[0];
  std::size_t fewest = SIZE_MAX;
  for (const QPointF& corner : corners) {
    const QRectF area(corner, size);
    const std::size_t covered =
        std::count_if(shown.begin(), shown.end(), [&](const QPointF& p) { return area.adjusted(-6, -6, 6, 6).contains(p); });
    if (covered < fewest) fewest = covered, best = corner;
  }
  legend->setGeometry(QRectF(best, size));
  legend->setBackgroundVisible(rows > 0);  // no empty frame before the first calibration
  legend->update();
}

QScatterSeries* ThermometerChart::readingSeries(int level) const {
  return level >= 1 && level <= readingLevels() ? readings_[static_cast<std::size_t>(level - 1)] : nullptr;
}

void ThermometerChart::setThermometer(const Thermometer& thermometer) {
  points_ = thermometer.points();
  fitted_.clear();
  // τ(β) on a fine grid over the calibrated range: the curve the readings are inverted through.
  const double a = thermometer.betaMin(), b = thermometer.betaMax();
  fitted_.reserve(kFitSamples);
  for (int i = 0; i < kFitSamples; ++i) {
    const double beta = a + (b - a) * i / double(kFitSamples - 1);
    fitted_.append(QPointF(beta, thermometer.value(beta)));
  }
  fitName_ = thermometer.fit() == ThermometerFit::Linear ? tr("linear fit") : tr("monotone fit");
  increasing_ = thermometer.increasing();
  rebuild();
}

void ThermometerChart::clearThermometer() {
  points_.clear();
  fitted_.clear();
  rebuild();
}

void ThermometerChart::setReadings(const std::vector<FlowPoint>& points) {
  flow_.clear();
  for (const FlowPoint& p : points)
    if (p.level >= 1) flow_.push_back(p);
  rebuild();
}

void ThermometerChart::setQuantityLabel(const QString& label) { yAxis_->setTitleText(label); }

void ThermometerChart::setExactCritical(std::optional<double> betaC) {
  betaC_ = betaC && std::isfinite(*betaC) ? betaC : std::nullopt;
  rebuild();
}

void ThermometerChart::clear() {
  points_.clear();
  fitted_.clear();
  flow_.clear();
  rebuild();
}

void ThermometerChart::rebuild() {
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  auto include = [&](double x, double y) {
    if (std::isfinite(x)) xlo = std::min(xlo, x), xhi = std::max(xhi, x);
    if (std::isfinite(y)) ylo = std::min(ylo, y), yhi = std::max(yhi, y);
  };
  std::vector<ErrorBarOverlay::Bar> bars;
  QList<QPointF> calibration;
  for (const CalibrationPoint& c : points_) {
    calibration.append(QPointF(c.beta, c.value));
    include(c.beta, c.value - c.error);
    include(c.beta, c.value + c.error);
    if (c.error > 0)
      bars.push_back({QPointF(c.beta, c.value - c.error), QPointF(c.beta, c.value + c.error), calibrationColour()});
  }
  calibration_->replace(calibration);
  fit_->replace(fitted_);
  fit_->setName(fitName_);
  figure::hideFromLegend(chart_, fit_, fitted_.isEmpty());
  figure::hideFromLegend(chart_, calibration_, calibration.isEmpty());

  int levels = 0;
  for (const FlowPoint& p : flow_) levels = std::max(levels, p.level);
  while (readingLevels() < levels) {
    const int level = readingLevels() + 1;
    auto* s = new QScatterSeries;
    s->setMarkerShape(levelShape(level));
    s->setMarkerSize(figure::px(15));
    s->setBrush(levelColour(level));
    s->setPen(QPen(calibrationColour(), figure::px(1.2)));
    s->setName(tr("step %1, read").arg(level));
    chart_->addSeries(s);
    s->attachAxis(xAxis_);
    s->attachAxis(yAxis_);
    readings_.push_back(s);
  }
  while (readingLevels() > levels) {
    chart_->removeSeries(readings_.back());
    delete readings_.back();
    readings_.pop_back();
  }
  std::vector<QList<QPointF>> markers(static_cast<std::size_t>(levels));
  for (const FlowPoint& p : flow_) {
    const double b = p.betaEff.beta, v = p.reading;
    // Readings beyond the calibrated grid are clamped to its end: not a temperature reading at all.
    if (!std::isfinite(b) || !std::isfinite(v) || p.betaEff.outOfRange) continue;
    markers[static_cast<std::size_t>(p.level - 1)].append(QPointF(b, v));
    const QColor c = levelColour(p.level).darker(130);
    if (p.betaEff.error > 0) bars.push_back({QPointF(b - p.betaEff.error, v), QPointF(b + p.betaEff.error, v), c});
    if (p.readingError > 0) bars.push_back({QPointF(b, v - p.readingError), QPointF(b, v + p.readingError), c});
    include(b - p.betaEff.error, v);
    include(b + p.betaEff.error, v);
  }
  for (int l = 0; l < levels; ++l) readings_[static_cast<std::size_t>(l)]->replace(markers[static_cast<std::size_t>(l)]);
  bars_->setBars(std::move(bars));

  if (!(xhi >= xlo)) xlo = 0.3, xhi = 0.6;
  if (!(yhi >= ylo)) ylo = 0, yhi = 1;
  if (betaC_) include(*betaC_, NAN);
  const figure::AxisRange rx = figure::niceRange(xlo, xhi, 6, 0.04, false);
  const figure::AxisRange ry = figure::niceRange(ylo, yhi, 6, 0.06, false);
  figure::setAxisTicks(xAxis_, rx.lo, rx.hi, rx.step);
  figure::setAxisTicks(yAxis_, ry.lo, ry.hi, ry.step);
  if (betaC_) {
    critical_->replace({QPointF(*betaC_, ry.lo), QPointF(*betaC_, ry.hi)});
    critical_->setName(tr("exact β<sub>c</sub> = %1").arg(figure::number(*betaC_, 4)));
  }
  critical_->setVisible(betaC_.has_value());
  figure::hideFromLegend(chart_, critical_, !betaC_);
  placeLegend();
}

} // namespace rsmi::ui
