#include "ui/rg_flow_chart.h"

#include <algorithm>
#include <cmath>

#include <QAreaSeries>
#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include "ui/error_bar_overlay.h"
#include "ui/figure_style.h"
#include "ui/wrapping_legend.h"

namespace rsmi::ui {
namespace {

QColor bandColour() { return figure::style().dark ? QColor(0x2B, 0xC4, 0x8F) : QColor(0x00, 0x8A, 0x63); }

} // namespace

RgFlowChart::RgFlowChart(QWidget* parent) : ChartFigure(parent) {
  chart_->legend()->hide();  // WrappingLegend instead
  xAxis_ = figure::makeValueAxis(tr("RG step"));
  yAxis_ = figure::makeValueAxis(QStringLiteral("β<sub>eff</sub>"));
  chart_->addAxis(xAxis_, Qt::AlignBottom);
  chart_->addAxis(yAxis_, Qt::AlignLeft);

  // Added first, so drawn under the flows: the band, then the exact line.
  bandUpper_ = new QLineSeries(this);
  bandLower_ = new QLineSeries(this);
  band_ = new QAreaSeries(bandUpper_, bandLower_);
  critical_ = new QLineSeries;
  clamped_ = new QScatterSeries;
  clamped_->setMarkerShape(QScatterSeries::MarkerShapeCircle);
  clamped_->setBrush(Qt::NoBrush);
  clamped_->setName(tr("outside the calibrated range"));
  for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{band_, critical_, clamped_}) {
    chart_->addSeries(s);
    s->attachAxis(xAxis_);
    s->attachAxis(yAxis_);
  }
  bars_ = new ErrorBarOverlay(chart_, xAxis_, yAxis_);
  legend_ = new WrappingLegend(chart_);
  restyle();
}

void RgFlowChart::restyle() {
  ChartFigure::restyle();
  QColor fill = bandColour();
  fill.setAlpha(figure::style().dark ? 80 : 55);
  band_->setBrush(fill);
  band_->setPen(QPen(bandColour(), figure::px(1.4)));
  critical_->setPen(QPen(figure::textColour(), figure::px(2.0), Qt::DashLine));
  clamped_->setMarkerSize(figure::px(20));
  clamped_->setPen(QPen(figure::textColour(), figure::px(1.6)));
  rebuild();  // the curves' pens, markers and legend
}

// The legend lists the curves top to bottom as they lie on the plot: cold first for β_eff, hot
// first for T_eff. Series slot s (legend order) holds curve slotOf(s).
int RgFlowChart::slotOf(int i) const { return temperature_ ? i : curveCount() - 1 - i; }

QLineSeries* RgFlowChart::curve(int i) const {
  return i >= 0 && i < curveCount() ? curves_[static_cast<std::size_t>(slotOf(i))] : nullptr;
}

void RgFlowChart::setFlow(const std::vector<FlowPoint>& points) {
  points_ = points;
  std::stable_sort(points_.begin(), points_.end(), [](const FlowPoint& a, const FlowPoint& b) {
    return a.beta0 != b.beta0 ? a.beta0 < b.beta0 : a.level < b.level;
  });
  rebuild();
}

void RgFlowChart::setFixedPoint(const FixedPointEstimate& estimate) {
  fixedPoint_ = estimate;
  rebuild();
}

void RgFlowChart::setExactCritical(std::optional<double> betaC) {
  betaC_ = betaC && *betaC > 0 && std::isfinite(*betaC) ? betaC : std::nullopt;
  rebuild();
}

void RgFlowChart::setShowTemperature(bool temperature) {
  temperature_ = temperature;
  rebuild();
}

void RgFlowChart::clear() {
  points_.clear();
  fixedPoint_ = {};
  rebuild();
}

double RgFlowChart::toShown(double beta) const { return temperature_ ? 1.0 / beta : beta; }

// Everything is recomputed from the stored values: a few dozen points, far below a millisecond.
void RgFlowChart::rebuild() {
  beta0_.clear();
  for (const FlowPoint& p : points_)
    if (beta0_.empty() || p.beta0 != beta0_.back()) beta0_.push_back(p.beta0);
  const int n = static_cast<int>(beta0_.size());

  // One series per β0, created once and reused; only a change in their number adds or removes.
  while (static_cast<int>(curves_.size()) < n) {
    auto* s = new QLineSeries;
    s->setPointsVisible(true);
    chart_->addSeries(s);
    s->attachAxis(xAxis_);
    s->attachAxis(yAxis_);
    curves_.push_back(s);
    // Keep the rings of clamped readings on top of the curves' markers: re-adding moves it last.
    chart_->removeSeries(clamped_);
    chart_->addSeries(clamped_);
    clamped_->attachAxis(xAxis_);
    clamped_->attachAxis(yAxis_);
  }
  while (static_cast<int>(curves_.size()) > n) {
    chart_->removeSeries(curves_.back());
    delete curves_.back();
    curves_.pop_back();
  }

  double lo = INFINITY, hi = -INFINITY;
  int maxLevel = 1;
  double gridSpan = 0;
  if (!beta0_.empty()) {
    const auto [lowest, highest] = std::minmax_element(beta0_.begin(), beta0_.end());
    gridSpan = std::max(*highest - *lowest, 0.05 * std::abs(*highest));
  }
  auto include = [&](double v) {
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  };
  std::vector<ErrorBarOverlay::Bar> bars;
  QList<QPointF> clamped;
  std::size_t k = 0;
  for (int i = 0; i < n; ++i) {
    const QColor colour = figure::coldHotColour(n > 1 ? i / double(n - 1) : 0.5);
    QList<QPointF> line;
    for (; k < points_.size() && points_[k].beta0 == beta0_[i]; ++k) {
      const FlowPoint& p = points_[k];
      // Step 0 is the simulated β itself (no error); a clamped reading (beyond the calibrated grid) has
      // no meaningful error bar: it is ringed. An error wider than the whole grid (a thermometer flat
      // at its end) would only squash the plot: it is drawn up to that width.
      const double b = p.betaEff.beta;
      const double e = p.level == 0 || p.betaEff.outOfRange ? 0.0 : std::min(std::abs(p.betaEff.error), gridSpan);
      if (!(b > 0) || !std::isfinite(b)) continue;
      const double y = toShown(b);
      // σ_T = σ_β / β², shown as the image of [β − σ, β + σ] to stay honest for large errors.
      const double y1 = toShown(b + e), y2 = b - e > 0 ? toShown(b - e) : y + (temperature_ ? e / (b * b) : -e);
      line.append(QPointF(p.level, y));
      if (e > 0) bars.push_back({QPointF(p.level, y1), QPointF(p.level, y2), colour});
      if (p.betaEff.outOfRange) clamped.append(QPointF(p.level, y));
      include(y1);
      include(y2);
      maxLevel = std::max(maxLevel, p.level);
    }
    QLineSeries* s = curves_[static_cast<std::size_t>(slotOf(i))];
    s->setPen(QPen(colour, figure::px(2.6)));
    s->setMarkerSize(figure::px(7));
    s->setBrush(colour);  // the point markers
    s->setName(temperature_ ? tr("T₀ = %1").arg(figure::number(1.0 / beta0_[i], 3))
                            : tr("β₀ = %1").arg(figure::number(beta0_[i], 3)));
    s->replace(line);
  }
  clamped_->replace(clamped);
  figure::hideFromLegend(chart_, clamped_, clamped.isEmpty());
  bars_->setBars(std::move(bars));

  const double x0 = -0.3, x1 = maxLevel + 0.3;
  xAxis_->setRange(x0, x1);
  xAxis_->setTickType(QValueAxis::TicksDynamic);
  xAxis_->setTickAnchor(0);
  xAxis_->setTickInterval(1);
  xAxis_->setLabelFormat(QStringLiteral("%d"));

  const QString symbol = temperature_ ? QStringLiteral("T") : QStringLiteral("β");
  if (betaC_) {
    const double c = toShown(*betaC_);
    critical_->replace({QPointF(x0, c), QPointF(x1, c)});
    critical_->setName(tr("exact %1<sub>c</sub> = %2").arg(symbol, figure::number(c, 4)));
    include(c);
  }
  critical_->setVisible(betaC_.has_value());
  figure::hideFromLegend(chart_, critical_, !betaC_);

  const bool band = fixedPoint_.found && fixedPoint_.betaStar > 0 && std::isfinite(fixedPoint_.betaStar);
  if (band) {
    const double b = fixedPoint_.betaStar, e = std::abs(fixedPoint_.betaStarError);
    const double a1 = toShown(b + e), a2 = b - e > 0 ? toShown(b - e) : toShown(b) + e / (b * b);
    bandUpper_->replace({QPointF(x0, std::max(a1, a2)), QPointF(x1, std::max(a1, a2))});
    bandLower_->replace({QPointF(x0, std::min(a1, a2)), QPointF(x1, std::min(a1, a2))});
    const double shown = toShown(b), shownError = temperature_ ? e / (b * b) : e;
    // Two significant digits of the error, and the value to the same decimal.
    const int decimals = std::clamp(1 - static_cast<int>(std::floor(std::log10(std::max(shownError, 1e-9)))), 3, 6);
    band_->setName(tr("fixed point %1* = %2 ± %3")
                       .arg(symbol, figure::number(shown, decimals), figure::number(shownError, decimals)));
    include(a1);
    include(a2);
  }
  band_->setVisible(band);
  figure::hideFromLegend(chart_, band_, !band);

  yAxis_->setTitleText(temperature_ ? QStringLiteral("T<sub>eff</sub>") : QStringLiteral("β<sub>eff</sub>"));
  if (!(hi >= lo)) lo = temperature_ ? 2.0 : 0.4, hi = temperature_ ? 2.5 : 0.5;
  const figure::AxisRange r = figure::niceRange(lo, hi, 6, 0.05, false);
  figure::setAxisTicks(yAxis_, r.lo, r.hi, r.step);

  // The legend in the order of the curves on the plot, then the references.
  std::vector<WrappingLegend::Entry> entries;
  for (int slot = 0; slot < n; ++slot) {
    QLineSeries* s = curves_[static_cast<std::size_t>(slot)];
    const double b0 = beta0_[static_cast<std::size_t>(slotOf(slot))];
    entries.push_back({s->name(), WrappingLegend::Swatch::LineWithMarker, s->pen(), s->brush(), 0,
                       figure::number(temperature_ ? 1.0 / b0 : b0, 3)});
  }
  if (betaC_) entries.push_back({critical_->name(), WrappingLegend::Swatch::Line, critical_->pen(), {}, 1});
  if (band) entries.push_back({band_->name(), WrappingLegend::Swatch::Band, band_->pen(), band_->brush(), 1});
  if (!clamped.isEmpty()) entries.push_back({clamped_->name(), WrappingLegend::Swatch::Ring, clamped_->pen(), {}, 1});
  legend_->setEntries(std::move(entries), temperature_ ? tr("T₀") : tr("β₀"));
}

} // namespace rsmi::ui
