#include "ui/dimer_filter_view.h"

#include <algorithm>
#include <cmath>

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPaintEvent>

#include "ui/colour_map.h"
#include "ui/figure_style.h"

namespace rsmi::ui {
namespace {

constexpr double kMargin = 12, kGap = 28, kBarGap = 20, kMaxUnit = 180;
constexpr double kBarLength = 0.58, kBarThickness = 0.22, kDotRadius = 0.12;  // in lattice spacings

int floorDiv2(int v) { return v >= 0 ? v / 2 : -((1 - v) / 2); }

QColor outlineColour() { return figure::style().dark ? QColor(0xC8, 0xCD, 0xD3) : QColor(0x33, 0x3A, 0x42); }
QColor skeletonColour() { return figure::style().dark ? QColor(0x55, 0x5C, 0x66) : QColor(0xB4, 0xBB, 0xC4); }
QColor panelColour() { return figure::style().dark ? QColor(0x2A, 0x2E, 0x35) : QColor(0xF1, 0xF3, 0xF6); }

} // namespace

DimerFilterView::DimerFilterView(QWidget* parent) : QWidget(parent), placeholder_(tr("No filter yet")) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  // A new zoom or theme: lay out and paint again with the new fonts and colours.
  connect(figure::notifier(), &figure::StyleNotifier::changed, this, [this] {
    updateGeometry();
    update();
  });
}

QSize DimerFilterView::sizeHint() const { return {720, 420}; }
QSize DimerFilterView::minimumSizeHint() const { return {240, 180}; }

void DimerFilterView::setPlaceholderText(const QString& text) {
  placeholder_ = text;
  update();
}

void DimerFilterView::setFilter(const Filter& filter, int blockWidth, int blockHeight, int row0, int col0, int step) {
  entries_.clear();
  hidden_.clear();
  cellsX_ = cellsY_ = 0;
  step_ = step;
  if (blockWidth <= 0 || blockHeight <= 0 || filter.visibleCount() != blockWidth * blockHeight) {
    recomputeLimit();
    return;
  }
  // SCIENCE.md §1: entry [2y][2x] is the vertex noise of cell (x, y), [2y][2x+1] its horizontal
  // link, [2y+1][2x] its vertical link, [2y+1][2x+1] its face noise — by global position.
  const int firstX = floorDiv2(col0), firstY = floorDiv2(row0);
  for (int r = 0; r < blockHeight; ++r)
    for (int c = 0; c < blockWidth; ++c) {
      const int gr = row0 + r, gc = col0 + c;
      entries_.push_back({dimerEntryKind(gr, gc), floorDiv2(gc) - firstX, floorDiv2(gr) - firstY, r * blockWidth + c});
    }
  cellsX_ = floorDiv2(col0 + blockWidth - 1) - firstX + 1;
  cellsY_ = floorDiv2(row0 + blockHeight - 1) - firstY + 1;
  for (int j = 0; j < filter.hiddenCount(); ++j) {
    std::vector<double> w(static_cast<std::size_t>(filter.visibleCount()));
    for (int i = 0; i < filter.visibleCount(); ++i) w[i] = filter.weights(j, i);
    hidden_.push_back(std::move(w));
  }
  recomputeLimit();
}

void DimerFilterView::clear() {
  entries_.clear();
  hidden_.clear();
  cellsX_ = cellsY_ = 0;
  update();
}

void DimerFilterView::setScaleLimit(std::optional<double> limit) {
  fixedLimit_ = limit && *limit > 0 && std::isfinite(*limit) ? limit : std::nullopt;
  recomputeLimit();
}

void DimerFilterView::recomputeLimit() {
  if (fixedLimit_) {
    limit_ = *fixedLimit_;
  } else {
    std::vector<double> all;
    for (const auto& w : hidden_) all.insert(all.end(), w.begin(), w.end());
    limit_ = DivergingColourMap::symmetricLimit(all);
  }
  update();
}

// Sites 0 … cellsX (the links of the last column reach one site beyond the block), half a lattice
// spacing of margin all round: (cellsX + 1) × (cellsY + 1) spacings per panel.
DimerFilterView::Layout DimerFilterView::layout(const QRectF& area) const {
  Layout out;
  const int n = hiddenCount();
  if (n == 0 || cellsX_ <= 0 || cellsY_ <= 0) return out;
  const QRectF inner = area.adjusted(kMargin, kMargin, -kMargin, -kMargin);
  const double titleHeight = QFontMetricsF(figure::font(figure::TextRole::PanelTitle)).height() + 8;
  const double legendHeight = QFontMetricsF(figure::font(figure::TextRole::Annotation)).height() + 10;
  const double barWidth = ColourBar(limit_).preferredWidth(figure::font(figure::TextRole::Tick)) + 8;
  const double spanX = cellsX_ + 1, spanY = cellsY_ + 1;
  double unit = std::min((inner.width() - barWidth - kBarGap - (n - 1) * kGap) / n / spanX,
                         (inner.height() - titleHeight - legendHeight) / spanY);
  unit = std::min(unit, kMaxUnit);
  if (unit <= 2) return out;
  out.unit = unit;
  const double panelW = spanX * unit, panelH = spanY * unit;
  const double contentW = n * panelW + (n - 1) * kGap + kBarGap + barWidth;
  const double contentH = titleHeight + panelH + legendHeight;
  const QPointF origin(std::round(inner.center().x() - contentW / 2), std::round(inner.center().y() - contentH / 2));
  for (int j = 0; j < n; ++j) {
    const double x = origin.x() + j * (panelW + kGap);
    out.titles.emplace_back(x - kGap / 2, origin.y(), panelW + kGap, titleHeight);
    out.panels.emplace_back(x, origin.y() + titleHeight, panelW, panelH);
  }
  const double barHeight = std::max(panelH + titleHeight, std::min(240.0, inner.height() - legendHeight));
  out.colourBar = QRectF(origin.x() + n * panelW + (n - 1) * kGap + kBarGap,
                         std::max(inner.top(), origin.y() + (titleHeight + panelH) / 2 - barHeight / 2), barWidth, barHeight);
  out.legend = QRectF(inner.left(), origin.y() + titleHeight + panelH + 2, inner.width(), legendHeight);
  return out;
}

QPointF DimerFilterView::at(const Layout& l, int hidden, double x, double y) const {
  const QRectF& p = l.panels[static_cast<std::size_t>(hidden)];
  return p.topLeft() + QPointF((x + 0.5) * l.unit, (y + 0.5) * l.unit);
}

QPointF DimerFilterView::linkCentre(int hidden, int x, int y, bool horizontal) const {
  const Layout l = layout(QRectF(rect()));
  if (hidden < 0 || hidden >= static_cast<int>(l.panels.size()) || x < 0 || y < 0 || x >= cellsX_ || y >= cellsY_) return {};
  return horizontal ? at(l, hidden, x + 0.5, y) : at(l, hidden, x, y + 0.5);
}

QPointF DimerFilterView::siteCentre(int hidden, int x, int y) const {
  const Layout l = layout(QRectF(rect()));
  if (hidden < 0 || hidden >= static_cast<int>(l.panels.size()) || x < 0 || y < 0 || x > cellsX_ || y > cellsY_) return {};
  return at(l, hidden, x, y);
}

QPointF DimerFilterView::faceCentre(int hidden, int x, int y) const {
  const Layout l = layout(QRectF(rect()));
  if (hidden < 0 || hidden >= static_cast<int>(l.panels.size()) || x < 0 || y < 0 || x >= cellsX_ || y >= cellsY_) return {};
  return at(l, hidden, x + 0.5, y + 0.5);
}

void DimerFilterView::paintPanel(QPainter& painter, const Layout& l, int hidden) const {
  const QRectF& panel = l.panels[static_cast<std::size_t>(hidden)];
  const double u = l.unit;
  painter.setPen(Qt::NoPen);
  painter.setBrush(panelColour());
  painter.drawRoundedRect(panel, 0.12 * u, 0.12 * u);

  // The square lattice under the block: every link the block's sites touch.
  painter.setPen(QPen(skeletonColour(), std::max(1.0, 0.035 * u)));
  for (int y = 0; y <= cellsY_; ++y) painter.drawLine(at(l, hidden, 0, y), at(l, hidden, cellsX_, y));
  for (int x = 0; x <= cellsX_; ++x) painter.drawLine(at(l, hidden, x, 0), at(l, hidden, x, cellsY_));
  // Sites; those beyond the block (where its last links end) hollow.
  for (int y = 0; y <= cellsY_; ++y)
    for (int x = 0; x <= cellsX_; ++x) {
      const bool outside = x == cellsX_ || y == cellsY_;
      painter.setPen(outside ? QPen(skeletonColour(), std::max(1.0, 0.03 * u)) : Qt::NoPen);
      painter.setBrush(outside ? panelColour() : skeletonColour());
      painter.drawEllipse(at(l, hidden, x, y), 0.07 * u, 0.07 * u);
    }

  const std::vector<double>& w = hidden_[static_cast<std::size_t>(hidden)];
  const QPen outline(outlineColour(), std::max(1.0, 0.022 * u));
  // Bars first, dots on top: a vertex dot sits where four links meet.
  for (const Entry& e : entries_) {
    if (e.kind != DimerEntry::HorizontalLink && e.kind != DimerEntry::VerticalLink) continue;
    const bool h = e.kind == DimerEntry::HorizontalLink;
    const QPointF mid = h ? at(l, hidden, e.x + 0.5, e.y) : at(l, hidden, e.x, e.y + 0.5);
    const QSizeF size = h ? QSizeF(kBarLength * u, kBarThickness * u) : QSizeF(kBarThickness * u, kBarLength * u);
    painter.setPen(outline);
    painter.setBrush(DivergingColourMap::colour(w[e.index], limit_));
    painter.drawRoundedRect(QRectF(mid - QPointF(size.width() / 2, size.height() / 2), size), 0.07 * u, 0.07 * u);
  }
  for (const Entry& e : entries_) {
    if (e.kind != DimerEntry::VertexNoise && e.kind != DimerEntry::FaceNoise) continue;
    const double off = e.kind == DimerEntry::FaceNoise ? 0.5 : 0.0;
    painter.setPen(outline);
    painter.setBrush(DivergingColourMap::colour(w[e.index], limit_));
    painter.drawEllipse(at(l, hidden, e.x + off, e.y + off), kDotRadius * u, kDotRadius * u);
  }
}

void DimerFilterView::paintFigure(QPainter& painter, const QRectF& area) {
  painter.save();
  painter.fillRect(area, figure::backgroundColour());
  const Layout l = layout(area);
  if (l.panels.empty()) {
    painter.setFont(figure::font(figure::TextRole::Annotation));
    painter.setPen(figure::mutedTextColour());
    painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
    painter.restore();
    return;
  }
  painter.setRenderHint(QPainter::Antialiasing, true);
  for (int j = 0; j < hiddenCount(); ++j) {
    painter.setFont(figure::font(figure::TextRole::PanelTitle));
    painter.setPen(figure::textColour());
    painter.drawText(l.titles[static_cast<std::size_t>(j)], Qt::AlignCenter, tr("step %1 · hidden %2").arg(step_).arg(j + 1));
    paintPanel(painter, l, j);
  }
  ColourBar(limit_, QStringLiteral("λ")).paint(painter, l.colourBar, figure::font(figure::TextRole::Tick),
                                               figure::font(figure::TextRole::AxisTitle));
  painter.setFont(figure::font(figure::TextRole::Annotation));
  painter.setPen(figure::mutedTextColour());
  painter.drawText(l.legend, Qt::AlignHCenter | Qt::AlignVCenter,
                   tr("bars: links   ·   dots on sites: vertex noise   ·   dots in plaquettes: face noise"));
  painter.restore();
}

void DimerFilterView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  paintFigure(painter, QRectF(rect()));
}

} // namespace rsmi::ui
