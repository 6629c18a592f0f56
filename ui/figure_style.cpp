#include "ui/figure_style.h"

#include <algorithm>
#include <cmath>

#include <QChart>
#include <QAbstractSeries>
#include <QPen>
#include <QLegend>
#include <QLegendMarker>
#include <QValueAxis>

namespace rsmi::ui::figure {
namespace {

Style screen;
const Style* override = nullptr;  // the innermost StyleScope's

} // namespace

Style style() { return override ? *override : screen; }
Style screenStyle() { return screen; }

void setScreenStyle(Style s) {
  if (s == screen) return;
  screen = s;
  Q_EMIT notifier()->changed();
}

StyleScope::StyleScope(Style style) : previous_(override), style_(style) { override = &style_; }
StyleScope::~StyleScope() { override = previous_; }

StyleNotifier* notifier() {
  static StyleNotifier instance;
  return &instance;
}

double nextZoom(double from, int direction) {
  if (direction > 0) {
    for (double z : kZoomSteps)
      if (z > from + 1e-6) return z;
    return std::max(from, std::end(kZoomSteps)[-1]);
  }
  for (auto it = std::rbegin(kZoomSteps); it != std::rend(kZoomSteps); ++it)
    if (*it < from - 1e-6) return *it;
  return std::min(from, kZoomSteps[0]);
}

double px(double length) { return length * style().scale; }

QFont font(TextRole role) {
  QFont f(QStringLiteral("DejaVu Sans"));
  f.setStyleHint(QFont::SansSerif);
  int px = 16;
  switch (role) {
  case TextRole::Title: px = 21; f.setWeight(QFont::DemiBold); break;
  case TextRole::PanelTitle: px = 17; f.setWeight(QFont::DemiBold); break;
  case TextRole::AxisTitle: px = 18; break;
  case TextRole::Tick: px = 15; break;
  case TextRole::Legend: px = 15; break;
  case TextRole::Annotation: px = 15; break;
  case TextRole::CellValue: px = 15; f.setWeight(QFont::DemiBold); break;
  }
  f.setPixelSize(std::max(1, static_cast<int>(std::lround(px * style().scale))));
  return f;
}

// The dark theme: light grey text on a near-black blue-grey, never pure white on pure black (glare
// on a projector).
QColor textColour() { return style().dark ? QColor(0xE8, 0xEA, 0xED) : QColor(0x11, 0x11, 0x11); }
QColor mutedTextColour() { return style().dark ? QColor(0xAE, 0xB4, 0xBC) : QColor(0x4B, 0x52, 0x5C); }
QColor gridColour() { return style().dark ? QColor(0x3A, 0x40, 0x48) : QColor(0xDD, 0xE1, 0xE6); }
QColor backgroundColour() { return style().dark ? QColor(0x1E, 0x21, 0x26) : QColor(Qt::white); }
QColor axisLineColour() { return style().dark ? QColor(0x9A, 0xA1, 0xAA) : QColor(0x55, 0x5B, 0x63); }

void styleChart(QChart* chart) {
  // Once: setTheme() would reset the colours of every series added later.
  chart->setTheme(QChart::ChartThemeLight);
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->setDropShadowEnabled(false);
  chart->setBackgroundRoundness(0);
  chart->setBackgroundPen(Qt::NoPen);
  chart->setPlotAreaBackgroundVisible(false);
  chart->setMargins(QMargins(6, 6, 10, 6));
  QLegend* legend = chart->legend();
  legend->setAlignment(Qt::AlignBottom);
  legend->setBackgroundVisible(false);
  legend->setMarkerShape(QLegend::MarkerShapeFromSeries);
  applyChartStyle(chart);
}

void applyChartStyle(QChart* chart) {
  chart->setBackgroundBrush(backgroundColour());
  chart->setTitleFont(font(TextRole::Title));
  chart->setTitleBrush(textColour());
  QLegend* legend = chart->legend();
  legend->setFont(font(TextRole::Legend));
  legend->setLabelColor(textColour());
  for (QAbstractAxis* axis : chart->axes()) styleAxis(axis);
}

void styleAxis(QAbstractAxis* axis) {
  axis->setTitleFont(font(TextRole::AxisTitle));
  axis->setTitleBrush(textColour());
  axis->setLabelsFont(font(TextRole::Tick));
  axis->setLabelsColor(textColour());
  axis->setGridLineColor(gridColour());
  axis->setMinorGridLineVisible(false);
  axis->setLinePen(QPen(axisLineColour(), px(1)));
}

QValueAxis* makeValueAxis(const QString& title) {
  auto* axis = new QValueAxis;
  axis->setTitleText(title);
  styleAxis(axis);
  return axis;
}

int decimalsFor(double step) {
  int d = 0;
  while (d < 6 && std::abs(step * std::pow(10.0, d) - std::round(step * std::pow(10.0, d))) > 1e-6) ++d;
  return d;
}

void setAxisTicks(QValueAxis* axis, double lo, double hi, double step) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(step > 0) || !std::isfinite(step) || (hi - lo) / step > 1000) {
    lo = 0, hi = 1, step = 0.2;  // never ask Qt Charts for a million tick items
  }
  // Every change of range or interval lays the axis out at once: with a small old interval and a
  // large new range (or the reverse) Qt Charts would create one item per tick in between. A coarse
  // interval first keeps each intermediate layout to a few ticks.
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0);
  const double coarse = std::max({std::abs(axis->max() - axis->min()), hi - lo, step});
  axis->setTickInterval(coarse);
  // A hair wider than asked: ticks computed as anchor + k·step must not fall outside by rounding.
  axis->setRange(lo - 1e-7 * step, hi + 1e-7 * step);
  axis->setTickInterval(step);
  axis->setLabelFormat(QStringLiteral("%.%1f").arg(decimalsFor(step)));
}

AxisRange niceRange(double lo, double hi, int ticks, double pad, bool snap) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (hi < lo) std::swap(lo, hi);
  if (hi - lo < 1e-12 * std::max(1.0, std::abs(hi))) {
    const double half = std::max(0.05 * std::abs(hi), 1e-3);
    lo -= half;
    hi += half;
  }
  const double span = hi - lo;
  lo -= pad * span;
  hi += pad * span;
  const double step = niceCeil((hi - lo) / std::max(ticks, 1));
  if (!snap) return {lo, hi, step};
  return {std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step, step};
}

void hideFromLegend(QChart* chart, QAbstractSeries* series, bool hide) {
  for (QLegendMarker* m : chart->legend()->markers(series)) m->setVisible(!hide);
}

QColor coldHotColour(double t) {
  // Red → purple → blue, interpolated in sRGB between three anchors of similar darkness.
  static const QColor light[3] = {QColor(0xC6, 0x2A, 0x25), QColor(0x7B, 0x3F, 0x98), QColor(0x1F, 0x5A, 0xA8)};
  static const QColor dark[3] = {QColor(0xFF, 0x7A, 0x6E), QColor(0xC7, 0x92, 0xEA), QColor(0x6F, 0xA8, 0xFF)};
  const QColor* anchors = style().dark ? dark : light;
  t = std::clamp(std::isfinite(t) ? t : 0.5, 0.0, 1.0) * 2;
  const int i = std::min(static_cast<int>(t), 1);
  const double f = t - i;
  const QColor& a = anchors[i];
  const QColor& b = anchors[i + 1];
  return QColor::fromRgbF(a.redF() + f * (b.redF() - a.redF()), a.greenF() + f * (b.greenF() - a.greenF()),
                          a.blueF() + f * (b.blueF() - a.blueF()));
}

double niceCeil(double v) {
  if (!(v > 0) || !std::isfinite(v)) return 1;
  const double decade = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * decade >= v * (1 - 1e-12)) return m * decade;
  return 10 * decade;
}

QString number(double v, int decimals) {
  if (!std::isfinite(v)) return QStringLiteral("—");
  QString s = QString::number(std::abs(v), 'f', decimals);
  if (v < 0 && s.toDouble() != 0.0) s.prepend(QChar(0x2212));
  return s;
}

} // namespace rsmi::ui::figure
