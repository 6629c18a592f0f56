#include "ui/colour_map.h"

#include "ui/figure_style.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <QFontMetricsF>
#include <QLinearGradient>
#include <QPainter>

namespace rsmi::ui {
namespace {

// ColorBrewer RdBu (11 classes), from −limit to +limit, with the centre #f7f7f7 replaced by white
// so that a zero weight is exactly the background of an empty cell.
constexpr std::array<QRgb, 11> kAnchors = {0xff053061, 0xff2166ac, 0xff4393c3, 0xff92c5de,
                                           0xffd1e5f0, 0xffffffff, 0xfffddbc7, 0xfff4a582,
                                           0xffd6604d, 0xffb2182b, 0xff67001f};

// Piecewise-linear in sRGB between the anchors (as matplotlib builds RdBu), t ∈ [0, 1].
QRgb rampColour(double t) {
  const double u = std::clamp(t, 0.0, 1.0) * (kAnchors.size() - 1);
  const int i = std::min(static_cast<int>(u), static_cast<int>(kAnchors.size()) - 2);
  const double f = u - i;
  auto mix = [f](int a, int b) { return static_cast<int>(std::lround(a + f * (b - a))); };
  const QRgb a = kAnchors[i], b = kAnchors[i + 1];
  return qRgb(mix(qRed(a), qRed(b)), mix(qGreen(a), qGreen(b)), mix(qBlue(a), qBlue(b)));
}

QList<QRgb> buildTable() {
  QList<QRgb> table(256);
  for (int i = 0; i < DivergingColourMap::kRampSize; ++i)
    table[i] = rampColour(i / double(DivergingColourMap::kRampSize - 1));
  table[DivergingColourMap::kNoData] = DivergingColourMap::noDataColour().rgb();
  return table;
}

constexpr double kBarWidth = 22, kTickLength = 6, kLabelGap = 5;

} // namespace

const QList<QRgb>& DivergingColourMap::table() {
  static const QList<QRgb> t = buildTable();
  return t;
}

QColor DivergingColourMap::noDataColour() { return QColor(0xDD, 0xE0, 0xE5); }

std::uint8_t DivergingColourMap::index(double w, double limit) {
  if (std::isnan(w)) return kNoData;
  if (!(limit > 0) || !std::isfinite(limit)) limit = 1;
  // Round the magnitude, then apply the sign: −w lands exactly as far below the centre as w above.
  const double offset = std::min(std::round(kCentre * std::abs(w) / limit), double(kCentre));
  return static_cast<std::uint8_t>(w < 0 ? kCentre - offset : kCentre + offset);
}

double DivergingColourMap::symmetricLimit(std::span<const double> weights) {
  double m = 0;
  for (double w : weights)
    if (std::isfinite(w)) m = std::max(m, std::abs(w));
  return m > 0 ? m : 1.0;
}

// WCAG relative luminance: white text on the dark ends of the ramp, black on the pale middle.
QColor DivergingColourMap::textColourOn(const QColor& background) {
  auto linear = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
  const double y = 0.2126 * linear(background.redF()) + 0.7152 * linear(background.greenF()) +
                   0.0722 * linear(background.blueF());
  return y > 0.22 ? QColor(0x11, 0x11, 0x11) : QColor(Qt::white);
}

QVector<double> ColourBar::ticks() const {
  const double limit = limit_ > 0 && std::isfinite(limit_) ? limit_ : 1.0;
  // The smallest 1–2–2.5–5 step that leaves at most three ticks on each side of zero.
  double step = std::pow(10.0, std::floor(std::log10(limit)) - 1);
  for (int guard = 0; guard < 64; ++guard) {
    bool found = false;
    for (double m : {1.0, 2.0, 2.5, 5.0}) {
      if (std::floor(limit / (m * step) + 1e-9) <= 3) {
        step *= m;
        found = true;
        break;
      }
    }
    if (found) break;
    step *= 10;
  }
  QVector<double> out;
  const int n = static_cast<int>(std::floor(limit / step + 1e-9));
  for (int k = -n; k <= n; ++k) out.push_back(k * step);
  return out;
}

QString ColourBar::tickLabel(double value, double step) {
  int decimals = 0;
  while (decimals < 6 && std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6)
    ++decimals;
  QString s = QString::number(std::abs(value), 'f', decimals);
  if (value < 0 && std::abs(value) > 0.5 * step) s.prepend(QChar(0x2212));  // a true minus sign
  return s;
}

double ColourBar::preferredWidth(const QFont& tickFont) const {
  const QFontMetricsF fm(tickFont);
  const QVector<double> t = ticks();
  const double step = t.size() > 1 ? t[1] - t[0] : 1;
  double label = 0;
  for (double v : t) label = std::max(label, fm.horizontalAdvance(tickLabel(v, step)));
  return kBarWidth + kTickLength + kLabelGap + label + 2;
}

void ColourBar::paint(QPainter& painter, const QRectF& area, const QFont& tickFont, const QFont& titleFont) const {
  const double limit = limit_ > 0 && std::isfinite(limit_) ? limit_ : 1.0;
  const QFontMetricsF tickMetrics(tickFont), titleMetrics(titleFont);
  painter.save();
  double top = area.top();
  if (!title_.isEmpty()) {
    painter.setFont(titleFont);
    painter.setPen(figure::textColour());
    painter.drawText(QRectF(area.left(), top, area.width(), titleMetrics.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, title_);
    top += titleMetrics.height() + 4;
  }
  // Half a label of room above and below, so that the end ticks' labels stay inside the area.
  const double half = tickMetrics.height() / 2;
  const QRectF bar(area.left(), top + half, kBarWidth, std::max(1.0, area.bottom() - half - (top + half)));

  // A gradient through the same anchors as the table: smooth on screen, a vector in SVG and PDF.
  QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
  for (std::size_t i = 0; i < kAnchors.size(); ++i)
    gradient.setColorAt(i / double(kAnchors.size() - 1), QColor::fromRgb(kAnchors[i]));
  painter.setPen(QPen(figure::axisLineColour(), figure::px(1)));
  painter.setBrush(gradient);
  painter.drawRect(bar);

  const QVector<double> t = ticks();
  const double step = t.size() > 1 ? t[1] - t[0] : 1;
  painter.setFont(tickFont);
  painter.setPen(QPen(figure::textColour(), figure::px(1)));
  for (double v : t) {
    const double y = bar.bottom() - (v + limit) / (2 * limit) * bar.height();
    painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + kTickLength, y));
    const QRectF label(bar.right() + kTickLength + kLabelGap, y - half, area.right() - bar.right(), 2 * half);
    painter.drawText(label, Qt::AlignLeft | Qt::AlignVCenter, tickLabel(v, step));
  }
  painter.restore();
}

} // namespace rsmi::ui
