#include "ui/figure_style.h"

#include <algorithm>
#include <cmath>

#include <QChart>
#include <QAbstractSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QValueAxis>

namespace rsmi::ui::figure {

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
  f.setPixelSize(px);
  return f;
}

QColor textColour() { return QColor(0x11, 0x11, 0x11); }
QColor mutedTextColour() { return QColor(0x4B, 0x52, 0x5C); }
QColor gridColour() { return QColor(0xDD, 0xE1, 0xE6); }
QColor backgroundColour() { return QColor(Qt::white); }

void styleChart(QChart* chart) {
  chart->setTheme(QChart::ChartThemeLight);
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->setDropShadowEnabled(false);
  chart->setBackgroundRoundness(0);
  chart->setBackgroundBrush(backgroundColour());
  chart->setBackgroundPen(Qt::NoPen);
  chart->setPlotAreaBackgroundVisible(false);
  chart->setMargins(QMargins(6, 6, 10, 6));
  chart->setTitleFont(font(TextRole::Title));
  chart->setTitleBrush(textColour());
  QLegend* legend = chart->legend();
  legend->setFont(font(TextRole::Legend));
  legend->setLabelColor(textColour());
  legend->setAlignment(Qt::AlignBottom);
  legend->setBackgroundVisible(false);
  legend->setMarkerShape(QLegend::MarkerShapeFromSeries);
}

QValueAxis* makeValueAxis(const QString& title) {
  auto* axis = new QValueAxis;
  axis->setTitleText(title);
  axis->setTitleFont(font(TextRole::AxisTitle));
  axis->setTitleBrush(textColour());
  axis->setLabelsFont(font(TextRole::Tick));
  axis->setLabelsColor(textColour());
  axis->setGridLineColor(gridColour());
  axis->setMinorGridLineVisible(false);
  axis->setLinePenColor(QColor(0x55, 0x5B, 0x63));
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
  static const QColor anchors[3] = {QColor(0xC6, 0x2A, 0x25), QColor(0x7B, 0x3F, 0x98), QColor(0x1F, 0x5A, 0xA8)};
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
