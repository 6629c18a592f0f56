#include "ui/window_diagram.h"

#include <algorithm>
#include <cmath>

#include <QFontMetricsF>
#include <QPainter>
#include <QPaintEvent>

#include "ui/figure_style.h"

namespace rsmi::ui {
namespace {

constexpr double kMargin = 8, kLegendGap = 16, kSwatch = 18, kMaxCell = 48;
constexpr WindowDiagram::Region kRegions[] = {WindowDiagram::Region::Visible, WindowDiagram::Region::Buffer,
                               WindowDiagram::Region::Environment};

} // namespace

WindowDiagram::WindowDiagram(QWidget* parent) : QWidget(parent) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
  // A new zoom or theme: lay out and paint again with the new fonts and colours.
  connect(figure::notifier(), &figure::StyleNotifier::changed, this, [this] {
    updateGeometry();
    update();
  });
}

QSize WindowDiagram::sizeHint() const { return {420, 220}; }
QSize WindowDiagram::minimumSizeHint() const { return {200, 120}; }

void WindowDiagram::setWindowGeometry(const WindowGeometry& geometry, bool oneDimensional) {
  geometry_ = geometry;
  geometry_.blockWidth = std::max(1, geometry_.blockWidth);
  geometry_.blockHeight = std::max(1, geometry_.blockHeight);
  geometry_.buffer = std::max(0, geometry_.buffer);
  geometry_.environment = std::max(0, geometry_.environment);
  oneDimensional_ = oneDimensional;
  update();
}

int WindowDiagram::windowWidth() const {
  return geometry_.blockWidth + 2 * (geometry_.buffer + geometry_.environment);
}

int WindowDiagram::windowHeight() const {
  return oneDimensional_ ? 1 : geometry_.blockHeight + 2 * (geometry_.buffer + geometry_.environment);
}

WindowDiagram::Region WindowDiagram::regionAt(int x, int y) const {
  // Distance (in rings) of the cell from the block; in 1D only along the chain.
  const int margin = geometry_.buffer + geometry_.environment;
  const int h = oneDimensional_ ? 1 : geometry_.blockHeight;
  const int dx = std::max({margin - x, x - (margin + geometry_.blockWidth - 1), 0});
  const int dy = oneDimensional_ ? 0 : std::max({margin - y, y - (margin + h - 1), 0});
  const int ring = std::max(dx, dy);
  if (ring == 0) return Region::Visible;
  return ring <= geometry_.buffer ? Region::Buffer : Region::Environment;
}

int WindowDiagram::siteCount(Region region) const {
  const int h = oneDimensional_ ? 1 : geometry_.blockHeight;
  const int visible = geometry_.blockWidth * h;
  const int inner = oneDimensional_ ? geometry_.blockWidth + 2 * geometry_.buffer
                                    : (geometry_.blockWidth + 2 * geometry_.buffer) * (h + 2 * geometry_.buffer);
  switch (region) {
  case Region::Visible: return visible;
  case Region::Buffer: return inner - visible;
  case Region::Environment: return windowWidth() * windowHeight() - inner;
  }
  return 0;
}

// Okabe–Ito orange for what the filter sees, a pale grey for what is skipped, a deep blue for what
// it must predict: apart in hue for every common colour-vision deficiency, and the skipped buffer
// much paler than both.
QColor WindowDiagram::regionColour(Region region) {
  switch (region) {
  case Region::Visible: return QColor(0xE6, 0x9F, 0x00);
  case Region::Buffer: return QColor(0xDA, 0xDE, 0xE3);
  case Region::Environment: return QColor(0x1F, 0x62, 0xA8);
  }
  return {};
}

QString WindowDiagram::legendText(Region region) const {
  const int n = siteCount(region);
  switch (region) {
  case Region::Visible:
    return oneDimensional_ ? tr("V  visible block, %1 sites").arg(geometry_.blockWidth)
                           : tr("V  visible block %1×%2  (%3 sites)").arg(geometry_.blockWidth).arg(geometry_.blockHeight).arg(n);
  case Region::Buffer: return tr("B  buffer, L_B = %1  (%2 sites)").arg(geometry_.buffer).arg(n);
  case Region::Environment: return tr("E  environment, L_E = %1  (%2 sites)").arg(geometry_.environment).arg(n);
  }
  return {};
}

WindowDiagram::Layout WindowDiagram::layout(const QRectF& area) const {
  Layout out;
  const QRectF inner = area.adjusted(kMargin, kMargin, -kMargin, -kMargin);
  const QFontMetricsF fm(figure::font(figure::TextRole::Annotation));
  double legendW = 0;
  for (WindowDiagram::Region r : kRegions) legendW = std::max(legendW, fm.horizontalAdvance(legendText(r)));
  legendW += kSwatch + 8;
  const double lineH = std::max(fm.height(), kSwatch) + 6;
  const double legendH = 3 * lineH;
  const int W = windowWidth(), H = windowHeight();
  // Side by side when that leaves the larger cells, otherwise the legend below the grid.
  const double side = std::min((inner.width() - legendW - kLegendGap) / W, inner.height() / H);
  const double below = std::min(inner.width() / W, (inner.height() - legendH - kLegendGap) / H);
  out.legendBelow = below > side;
  out.cell = std::min(std::max(side, below), kMaxCell);
  if (out.cell >= 4) out.cell = std::floor(out.cell);
  if (out.cell <= 0) return out;
  const QSizeF grid(W * out.cell, H * out.cell);
  if (out.legendBelow) {
    const double h = grid.height() + kLegendGap + legendH;
    const double top = std::round(inner.center().y() - h / 2);
    out.grid = QRectF(QPointF(std::round(inner.center().x() - grid.width() / 2), top), grid);
    out.legend = QRectF(inner.center().x() - legendW / 2, top + grid.height() + kLegendGap, legendW, legendH);
  } else {
    const double w = grid.width() + kLegendGap + legendW;
    const double left = std::round(inner.center().x() - w / 2);
    out.grid = QRectF(QPointF(left, std::round(inner.center().y() - grid.height() / 2)), grid);
    out.legend = QRectF(left + grid.width() + kLegendGap, inner.center().y() - legendH / 2, legendW, legendH);
  }
  return out;
}

QRectF WindowDiagram::cellRect(int x, int y) const {
  if (x < 0 || y < 0 || x >= windowWidth() || y >= windowHeight()) return {};
  const Layout l = layout(QRectF(rect()));
  return QRectF(l.grid.left() + x * l.cell, l.grid.top() + y * l.cell, l.cell, l.cell);
}

void WindowDiagram::paintFigure(QPainter& painter, const QRectF& area) {
  painter.save();
  painter.fillRect(area, figure::backgroundColour());
  const Layout l = layout(area);
  if (l.cell <= 0) {
    painter.restore();
    return;
  }
  const double c = l.cell, gap = c >= 10 ? std::max(1.0, c * 0.08) : 0;
  painter.setPen(Qt::NoPen);
  for (int y = 0; y < windowHeight(); ++y)
    for (int x = 0; x < windowWidth(); ++x)
      painter.fillRect(QRectF(l.grid.left() + x * c + gap / 2, l.grid.top() + y * c + gap / 2, c - gap, c - gap),
                       regionColour(regionAt(x, y)));

  // Outlines of the block and of the buffer's outer edge make the rings countable.
  const int m = geometry_.buffer + geometry_.environment;
  const int h = oneDimensional_ ? 1 : geometry_.blockHeight;
  auto ring = [&](int inset, int w, int hh) {
    return QRectF(l.grid.left() + inset * c, l.grid.top() + (oneDimensional_ ? 0 : inset) * c, w * c, hh * c);
  };
  painter.setRenderHint(QPainter::Antialiasing, true);
  painter.setBrush(Qt::NoBrush);
  painter.setPen(QPen(figure::textColour(), std::max(1.5, c * 0.07)));
  painter.drawRect(ring(m, geometry_.blockWidth, h));
  if (geometry_.buffer > 0) {
    painter.setPen(QPen(figure::mutedTextColour(), std::max(1.0, c * 0.04), Qt::DashLine));
    const int b = geometry_.environment;
    painter.drawRect(ring(b, geometry_.blockWidth + 2 * geometry_.buffer,
                          oneDimensional_ ? 1 : h + 2 * geometry_.buffer));
  }

  const QFont f = figure::font(figure::TextRole::Annotation);
  painter.setFont(f);
  const double lineH = l.legend.height() / 3;
  int i = 0;
  for (WindowDiagram::Region r : kRegions) {
    const double y = l.legend.top() + i++ * lineH;
    const QRectF swatch(l.legend.left(), y + (lineH - kSwatch) / 2, kSwatch, kSwatch);
    painter.setPen(QPen(figure::axisLineColour(), figure::px(1)));
    painter.setBrush(regionColour(r));
    painter.drawRect(swatch);
    painter.setPen(figure::textColour());
    painter.drawText(QRectF(swatch.right() + 8, y, l.legend.width() - kSwatch - 8, lineH),
                     Qt::AlignLeft | Qt::AlignVCenter, legendText(r));
  }
  painter.restore();
}

void WindowDiagram::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  paintFigure(painter, QRectF(rect()));
}

} // namespace rsmi::ui
