#pragma once
// The diverging colour map for filter weights λ (SCIENCE.md §3): blue for negative, white for zero,
// red for positive, on symmetric limits ±max|λ| so that equal magnitudes get equal saturation and
// the sign is read from the hue alone. The ramp follows ColorBrewer's RdBu anchors (designed for
// even perceptual steps and safe for red–green colour blindness), with the centre made pure white.
//
// Weights become indices of an 8-bit colour table (QImage::Format_Indexed8): 0 … 254 is the ramp,
// 127 is exactly white (λ = 0), and 255 is reserved for "no weight" (outside the block).
#include <cstdint>
#include <span>
#include <utility>

#include <QColor>
#include <QFont>
#include <QList>
#include <QRectF>
#include <QString>
#include <QVector>

class QPainter;

namespace rsmi::ui {

class DivergingColourMap {
public:
  static constexpr int kRampSize = 255;  // indices 0 … 254
  static constexpr std::uint8_t kCentre = 127;
  static constexpr std::uint8_t kNoData = 255;

  // The 256-entry table for Indexed8 images (entry 255: the no-data grey).
  static const QList<QRgb>& table();
  static QColor noDataColour();

  // The index of weight w on the scale ±limit: 0 ↦ 127, ±limit ↦ 254 / 0, clamped beyond;
  // NaN ↦ kNoData. limit ≤ 0 is treated as 1.
  static std::uint8_t index(double w, double limit);
  static QColor colour(double w, double limit) { return QColor::fromRgb(table()[index(w, limit)]); }

  // max|w| over the finite values, or 1 when there are none or all are zero: the shared scale.
  static double symmetricLimit(std::span<const double> weights);
  // Text that stays readable on top of a cell of this colour (black or white).
  static QColor textColourOn(const QColor& background);
};

// A vertical colour bar for the map: the ramp from −limit (bottom) to +limit (top), ticks at round
// values (always including 0) and a title above. A painter, not a widget, so that heatmaps draw it
// inside their own figure and it is exported with them.
class ColourBar {
public:
  ColourBar(double limit = 1.0, QString title = {}) : limit_(limit), title_(std::move(title)) {}

  double limit() const { return limit_; }
  // Tick values in [−limit, limit]: multiples of a 1–2–2.5–5 step giving 2–3 ticks on each side.
  QVector<double> ticks() const;
  static QString tickLabel(double value, double step);

  // The width the bar and its labels need at this height (title excluded), for layout.
  double preferredWidth(const QFont& tickFont) const;
  // Paints into `area`: the title on top, the ramp below it, the tick labels to its right.
  void paint(QPainter& painter, const QRectF& area, const QFont& tickFont, const QFont& titleFont) const;

private:
  double limit_;
  QString title_;
};

} // namespace rsmi::ui
