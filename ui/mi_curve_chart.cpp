#include "ui/mi_curve_chart.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <QChart>
#include <QFontMetricsF>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QValueAxis>

#include "ui/figure_style.h"
#include "ui/wrapping_legend.h"

namespace rsmi::ui {
namespace {
// A reference label's whole text (item data key): what it shows may be split over two lines.
constexpr int kFullText = 0;

constexpr double kBitsPerNat = 1.0 / std::numbers::ln2;

QColor heldOutColour() { return figure::style().dark ? QColor(0x5A, 0xA9, 0xE6) : QColor(0x00, 0x5A, 0x9C); }
QColor trainingColour() { return figure::style().dark ? QColor(0xF0, 0x8A, 0x3C) : QColor(0xD5, 0x5E, 0x00); }
QColor otherRestartColour() { return figure::style().dark ? QColor(0x5C, 0x63, 0x6B) : QColor(0xA3, 0xAB, 0xB5); }
// Reference lines: Okabe–Ito colours not used by the curves.
QColor baselineColour(int i) {
  static const QColor colours[] = {QColor(0x00, 0x8A, 0x63), QColor(0xB0, 0x4A, 0x8C), QColor(0x7A, 0x5C, 0x2E),
                                   QColor(0x3D, 0x8E, 0xC4)};
  // Lighter on the dark theme: the brown and green would sink into the background.
  return figure::style().dark ? colours[i % 4].lighter(165) : colours[i % 4];
}

} // namespace

MiCurveChart::MiCurveChart(QWidget* parent) : ChartFigure(parent) {
  xAxis_ = figure::makeValueAxis(tr("epoch"));
  yAxis_ = figure::makeValueAxis(tr("I(H:E)  [bits]"));
  chart_->addAxis(xAxis_, Qt::AlignBottom);
  chart_->addAxis(yAxis_, Qt::AlignLeft);
  // Qt Charts elides an epoch label wider than its share of the axis (the last one, "100", once the
  // reference labels take the right margin); epochStep() spaces the ticks so that each shows whole.
  xAxis_->setTruncateLabels(false);
  ceiling_ = new QLineSeries;
  chart_->addSeries(ceiling_);
  ceiling_->attachAxis(xAxis_);
  ceiling_->attachAxis(yAxis_);
  ceiling_->setVisible(false);
  figure::hideFromLegend(chart_, ceiling_);
  labels_.push_back(new QGraphicsSimpleTextItem(chart_));  // the ceiling's label
  chart_->legend()->hide();  // WrappingLegend: never an elided "held-…" in a narrow panel
  legend_ = new WrappingLegend(chart_);
  connect(chart_, &QChart::plotAreaChanged, this, &MiCurveChart::placeLabels);
  connect(yAxis_, &QValueAxis::rangeChanged, this, &MiCurveChart::placeLabels);
  restyle();
}

void MiCurveChart::restyle() {
  ChartFigure::restyle();
  ceiling_->setPen(QPen(figure::textColour(), figure::px(1.6), Qt::DotLine));
  styleRestarts();
  styleBaselines();
  updateRanges();
}

QLineSeries* MiCurveChart::heldOutSeries(int restart) const {
  if (restart < 0 || restart >= restarts_) return nullptr;
  // The best restart lives in the last slot (drawn last, on top); the others keep their order.
  const int slot = restart == best_ ? restarts_ - 1 : (restart < best_ ? restart : restart - 1);
  return heldOut_[static_cast<std::size_t>(slot)];
}

QLineSeries* MiCurveChart::trainingSeries(int restart) const {
  if (restart < 0 || restart >= restarts_) return nullptr;
  const int slot = restart == best_ ? restarts_ - 1 : (restart < best_ ? restart : restart - 1);
  return training_[static_cast<std::size_t>(slot)];
}

QString MiCurveChart::referenceLabel(int i) const {
  if (i < 0 || i >= static_cast<int>(labels_.size())) return {};
  // labels_[0] is the ceiling's; baselines follow it.
  const QGraphicsSimpleTextItem* item = i < baselineCount() ? labels_[static_cast<std::size_t>(i) + 1] : labels_[0];
  return item->data(kFullText).toString();
}

// One held-out and one training series per restart, created once and reused.
void MiCurveChart::ensureSeries(int restarts) {
  const bool changed = static_cast<int>(heldOut_.size()) != restarts;
  while (static_cast<int>(heldOut_.size()) < restarts) {
    for (auto* pool : {&training_, &heldOut_}) {
      auto* s = new QLineSeries;
      chart_->addSeries(s);
      s->attachAxis(xAxis_);
      s->attachAxis(yAxis_);
      pool->push_back(s);
    }
  }
  while (static_cast<int>(heldOut_.size()) > restarts) {
    for (auto* pool : {&training_, &heldOut_}) {
      chart_->removeSeries(pool->back());
      delete pool->back();
      pool->pop_back();
    }
  }
  if (changed) styleRestarts();
}

void MiCurveChart::styleRestarts() {
  const int n = static_cast<int>(heldOut_.size());
  for (int slot = 0; slot < n; ++slot) {
    const bool best = slot == n - 1;
    heldOut_[slot]->setPen(QPen(best ? heldOutColour() : otherRestartColour(), figure::px(best ? 3.2 : 1.6)));
    training_[slot]->setPen(
        QPen(best ? trainingColour() : otherRestartColour(), figure::px(best ? 2.0 : 1.2), Qt::DashLine));
    figure::hideFromLegend(chart_, heldOut_[slot], !best);
    figure::hideFromLegend(chart_, training_[slot], !best);
  }
}

void MiCurveChart::setCurve(std::vector<EpochRecord> curve) {
  int restarts = 0;
  for (const EpochRecord& r : curve) restarts = std::max(restarts, r.restart + 1);
  std::vector<QList<QPointF>> held(static_cast<std::size_t>(restarts)), train(static_cast<std::size_t>(restarts));
  std::vector<double> bestHeld(static_cast<std::size_t>(restarts), -INFINITY);
  maxEpoch_ = 0;
  dataMin_ = INFINITY;
  dataMax_ = -INFINITY;
  for (const EpochRecord& r : curve) {
    if (r.restart < 0) continue;
    const double h = r.heldOutNats * kBitsPerNat, t = r.trainingNats * kBitsPerNat;
    held[r.restart].append(QPointF(r.epoch, h));
    train[r.restart].append(QPointF(r.epoch, t));
    if (std::isfinite(h)) bestHeld[r.restart] = std::max(bestHeld[r.restart], h);
    for (double v : {h, t})
      if (std::isfinite(v)) {
        dataMin_ = std::min(dataMin_, v);
        dataMax_ = std::max(dataMax_, v);
      }
    maxEpoch_ = std::max(maxEpoch_, r.epoch);
  }
  best_ = restarts ? static_cast<int>(std::max_element(bestHeld.begin(), bestHeld.end()) - bestHeld.begin()) : 0;
  restarts_ = restarts;
  ensureSeries(restarts);
  auto byEpoch = [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); };
  for (int r = 0; r < restarts; ++r) {
    if (!std::is_sorted(held[r].begin(), held[r].end(), byEpoch)) {
      std::stable_sort(held[r].begin(), held[r].end(), byEpoch);
      std::stable_sort(train[r].begin(), train[r].end(), byEpoch);
    }
    heldOutSeries(r)->replace(held[r]);
    trainingSeries(r)->replace(train[r]);
  }
  const QString bestNote = restarts > 1 ? tr(" (best of %1 restarts)").arg(restarts) : QString();
  if (restarts > 0) {
    heldOut_.back()->setName(tr("held-out") + bestNote);
    training_.back()->setName(tr("training"));
  }
  updateRanges();
}

void MiCurveChart::clear() { setCurve({}); }

void MiCurveChart::setHiddenCount(int hiddenCount) {
  hiddenCount_ = std::max(0, hiddenCount);
  labels_[0]->setData(kFullText, hiddenCount_ == 0   ? QString()
                                 : hiddenCount_ == 1 ? tr("ceiling nₕ ln 2 = 1 bit")
                                                     : tr("ceiling nₕ ln 2 = %1 bits").arg(hiddenCount_));
  updateRanges();
}

void MiCurveChart::setBaselines(std::vector<MiBaseline> baselines) {
  baselines_ = std::move(baselines);
  while (baselineSeries_.size() < baselines_.size()) {
    auto* s = new QLineSeries;
    chart_->addSeries(s);
    s->attachAxis(xAxis_);
    s->attachAxis(yAxis_);
    figure::hideFromLegend(chart_, s);
    baselineSeries_.push_back(s);
    labels_.push_back(new QGraphicsSimpleTextItem(chart_));
  }
  while (baselineSeries_.size() > baselines_.size()) {
    chart_->removeSeries(baselineSeries_.back());
    delete baselineSeries_.back();
    baselineSeries_.pop_back();
    delete labels_.back();
    labels_.pop_back();
  }
  styleBaselines();
  updateRanges();
}

void MiCurveChart::styleBaselines() {
  for (std::size_t i = 0; i < baselines_.size(); ++i) {
    const QColor c = baselineColour(static_cast<int>(i));
    baselineSeries_[i]->setPen(QPen(c, figure::px(2.0), Qt::DashDotLine));
    labels_[i + 1]->setData(kFullText, tr("%1  %2 bits").arg(baselines_[i].name, figure::number(baselines_[i].bits, 3)));
    labels_[i + 1]->setBrush(c);
  }
}

// The epoch axis grows in 1–2–2.5–5 steps (at least 10 epochs); the MI axis spans the data, the
// reference lines and zero, with a little headroom, on round ticks.
void MiCurveChart::updateRanges() {
  const double xMax = epochMax_ = std::max(10.0, figure::niceCeil(maxEpoch_));
  setEpochTicks(epochStep(xMax));

  double top = std::isfinite(dataMax_) ? dataMax_ : 0, bottom = std::isfinite(dataMin_) ? std::min(0.0, dataMin_) : 0;
  for (const MiBaseline& b : baselines_)
    if (std::isfinite(b.bits)) top = std::max(top, b.bits), bottom = std::min(bottom, b.bits);
  if (hiddenCount_ > 0) top = std::max(top, double(hiddenCount_));
  if (!(top > bottom)) top = bottom + 1;
  const double step = figure::niceCeil((top - bottom) * 1.08 / 6);
  figure::setAxisTicks(yAxis_, std::floor(bottom / step + 1e-9) * step, std::ceil(top * 1.08 / step - 1e-9) * step, step);

  ceiling_->replace({QPointF(0, hiddenCount_), QPointF(xMax, hiddenCount_)});
  ceiling_->setVisible(hiddenCount_ > 0);
  figure::hideFromLegend(chart_, ceiling_);  // showing a series shows its marker again
  std::vector<WrappingLegend::Entry> entries;
  if (!heldOut_.empty()) {
    entries.push_back({training_.back()->name(), WrappingLegend::Swatch::Line, training_.back()->pen(), {}});
    entries.push_back({heldOut_.back()->name(), WrappingLegend::Swatch::Line, heldOut_.back()->pen(), {}});
  }
  legend_->setEntries(std::move(entries));
  for (std::size_t i = 0; i < baselines_.size(); ++i)
    baselineSeries_[i]->replace({QPointF(0, baselines_[i].bits), QPointF(xMax, baselines_[i].bits)});
  placeLabels();
}

// About six epoch ticks, fewer at a large zoom; fewer still if the plot is too narrow for their
// labels side by side (the widest, the last, with a digit's room to spare on either side). The step
// divides the axis, so that its end, the number of epochs, is labelled (20 of 100, 10 of 50).
double MiCurveChart::epochStep(double xMax) const {
  double step = figure::niceCeil(xMax / std::max(2.0, 6 / figure::style().scale));
  const auto divides = [&](double s) { return std::abs(xMax / s - std::round(xMax / s)) < 1e-9; };
  while (step < xMax && !divides(step)) step = figure::niceCeil(step * 1.0001);
  const double width = chart_->plotArea().width();
  if (!(width > 0)) return step;  // not laid out yet: placeLabels() comes back
  const QFontMetricsF fm(figure::font(figure::TextRole::Tick));
  const auto fits = [&](double s) {
    const double label = fm.horizontalAdvance(QString::number(xMax, 'f', figure::decimalsFor(s)));
    return width * s / xMax >= label + 2 * fm.horizontalAdvance(QLatin1Char('0'));
  };
  while (step < xMax && !(fits(step) && divides(step))) step = figure::niceCeil(step * 1.0001);
  // Not even the first and the last epoch side by side: the last alone (setEpochTicks).
  return fits(step) ? step : 2 * xMax;
}

// A step beyond the end of the axis labels the last epoch only, the one that tells how long
// training ran: the ticks are anchored there instead of at 0.
void MiCurveChart::setEpochTicks(double step) {
  figure::setAxisTicks(xAxis_, 0, epochMax_, step);
  xAxis_->setTickAnchor(step > epochMax_ ? epochMax_ : 0);
}

// Labels sit in the right margin, each level with the end of its line (direct labelling: no
// legend look-up, and no clash with the curves, which approach these very lines); labels that
// would overlap are spread apart symmetrically.
void MiCurveChart::placeLabels() {
  struct Placed {
    QGraphicsSimpleTextItem* item;
    double y;  // the line's position
    double height;
  };
  std::vector<Placed> placed;
  const QFont f = figure::font(figure::TextRole::Annotation);
  const QFontMetricsF fm(f);
  const double h = fm.height();
  // In a narrow chart the labels go on two lines ("majority" over "0.562 bits"), so that the margin
  // they need leaves the plot most of the width.
  double fullWidth = 0;
  for (const QGraphicsSimpleTextItem* item : labels_)
    fullWidth = std::max(fullWidth, fm.horizontalAdvance(item->data(kFullText).toString()));
  const bool twoLines = fullWidth + figure::px(18) > 0.3 * chart_->size().width();
  double width = 0;
  auto add = [&](QGraphicsSimpleTextItem* item, double bits, bool visible) {
    item->setFont(f);
    QString text = item->data(kFullText).toString();
    if (twoLines) text.replace(QStringLiteral("  "), QStringLiteral("\n")).replace(QStringLiteral(" = "), QStringLiteral("\n= "));
    item->setText(text);
    item->setVisible(visible && !item->text().isEmpty());
    if (!item->isVisible()) return;
    placed.push_back({item, toChart(chart_, xAxis_, yAxis_, QPointF(0, bits)).y(), h * (item->text().count(QLatin1Char('\n')) + 1)});
    for (const QString& line : item->text().split(QLatin1Char('\n'))) width = std::max(width, fm.horizontalAdvance(line));
  };
  labels_[0]->setBrush(figure::textColour());
  add(labels_[0], hiddenCount_, hiddenCount_ > 0);
  for (std::size_t i = 0; i < baselines_.size(); ++i) add(labels_[i + 1], baselines_[i].bits, std::isfinite(baselines_[i].bits));

  // Room for the labels; changing the margins moves the plot area and calls this again.
  const int right = static_cast<int>(std::ceil(placed.empty() ? 12 : width + figure::px(18)));
  if (chart_->margins().right() != right) {
    QMargins m = chart_->margins();
    m.setRight(right);
    chart_->setMargins(m);
  }
  // The margin and the plot's width decide how many epoch ticks fit.
  if (!placing_) {
    placing_ = true;
    if (const double step = epochStep(epochMax_); step != xAxis_->tickInterval()) setEpochTicks(step);
    placing_ = false;
  }
  // Top to bottom; push each label below the previous one, then shift the whole group back up if
  // it ran past the bottom of the plot.
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) { return a.y < b.y; });
  const QRectF plot = chart_->plotArea();
  std::vector<double> tops;
  double next = -INFINITY;
  for (const Placed& p : placed) {
    const double top = std::max(p.y - p.height / 2, next);
    tops.push_back(top);
    next = top + p.height;
  }
  const double overflow = tops.empty() ? 0 : std::max(0.0, next - (plot.bottom() + h / 2));
  for (std::size_t i = 0; i < placed.size(); ++i) placed[i].item->setPos(plot.right() + 8, tops[i] - overflow);
}

} // namespace rsmi::ui
