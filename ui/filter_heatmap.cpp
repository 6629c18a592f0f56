#include "ui/filter_heatmap.h"

#include <algorithm>
#include <cmath>

#include <QFontMetricsF>
#include <QPaintEngine>
#include <QPainter>
#include <QPaintEvent>

#include "ui/colour_map.h"
#include "ui/figure_style.h"

namespace rsmi::ui {
namespace {

constexpr double kMargin = 12, kGapX = 22, kGapY = 14, kBarGap = 20, kMaxCell = 200;

// Nearest-neighbour enlargement of an indexed image, exact: device pixel X shows source column
// ⌊X·w/W⌋, so every cell boundary falls where the layout puts it. (QImage::scaled shifts the
// boundaries of a few-pixel image by several device pixels.)
QImage scaleNearest(const QImage& image, QSize size) {
  QImage out(size, QImage::Format_Indexed8);
  out.setColorTable(image.colorTable());
  const int w = image.width(), h = image.height(), W = size.width(), H = size.height();
  std::vector<int> column(static_cast<std::size_t>(W));
  for (int X = 0; X < W; ++X) column[X] = std::min(w - 1, static_cast<int>(static_cast<long long>(X) * w / W));
  for (int Y = 0; Y < H; ++Y) {
    const uchar* src = image.constScanLine(std::min(h - 1, static_cast<int>(static_cast<long long>(Y) * h / H)));
    uchar* dst = out.scanLine(Y);
    for (int X = 0; X < W; ++X) dst[X] = src[column[X]];
  }
  return out;
}

// An indexed image over `target`: on a raster device, scaled nearest-neighbour to exactly the
// device pixels it covers (so it is blitted 1:1, crisp at any DPI); elsewhere (SVG, PDF) one
// rectangle per cell, which every viewer draws sharply.
void drawCells(QPainter& painter, const QImage& image, const QRectF& target) {
  const QTransform t = painter.deviceTransform();
  const bool raster = painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::Raster &&
                      t.type() <= QTransform::TxScale;
  if (raster) {
    const QRect pixels = t.mapRect(target).toRect();
    if (pixels.isEmpty()) return;
    painter.drawImage(t.inverted().mapRect(QRectF(pixels)), scaleNearest(image, pixels.size()));
    return;
  }
  const double cw = target.width() / image.width(), ch = target.height() / image.height();
  const QList<QRgb> table = image.colorTable();
  painter.save();
  painter.setPen(Qt::NoPen);
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x)
      painter.fillRect(QRectF(target.left() + x * cw, target.top() + y * ch, cw, ch),
                       QColor::fromRgb(table[image.scanLine(y)[x]]));
  painter.restore();
}

QString cellText(double w, double limit) {
  const int decimals = limit < 10 ? 2 : limit < 100 ? 1 : 0;
  return figure::number(w, decimals);
}

} // namespace

FilterHeatmap::FilterHeatmap(QWidget* parent) : QWidget(parent), placeholder_(tr("No filter yet")) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  // A new zoom or theme: lay out and paint again with the new fonts and colours.
  connect(figure::notifier(), &figure::StyleNotifier::changed, this, [this] {
    updateGeometry();
    update();
  });
}

QSize FilterHeatmap::sizeHint() const { return {640, 420}; }
QSize FilterHeatmap::minimumSizeHint() const { return {220, 160}; }

void FilterHeatmap::setPlaceholderText(const QString& text) {
  placeholder_ = text;
  update();
}

void FilterHeatmap::setFilter(const Filter& filter, int blockWidth, int blockHeight, int step) {
  setFilters(std::vector<Filter>{filter}, blockWidth, blockHeight, step);
}

void FilterHeatmap::setFilters(const std::vector<Filter>& steps, int blockWidth, int blockHeight, int firstStep) {
  panels_.clear();
  rows_ = columns_ = 0;
  blockWidth_ = blockWidth;
  blockHeight_ = blockHeight;
  const bool shapeOk = blockWidth > 0 && blockHeight > 0;
  for (std::size_t k = 0; k < steps.size() && shapeOk; ++k) {
    const Filter& f = steps[k];
    if (f.visibleCount() != blockWidth * blockHeight) {
      panels_.clear();
      break;
    }
    for (int j = 0; j < f.hiddenCount(); ++j) {
      Panel p;
      p.row = static_cast<int>(k);
      p.hidden = j;
      p.step = firstStep + static_cast<int>(k);
      p.weights.resize(static_cast<std::size_t>(f.visibleCount()));
      for (int i = 0; i < f.visibleCount(); ++i) p.weights[i] = f.weights(j, i);
      panels_.push_back(std::move(p));
    }
    columns_ = std::max(columns_, f.hiddenCount());
  }
  if (panels_.empty()) {
    rows_ = columns_ = 0;
  } else {
    rows_ = panels_.back().row + 1;
  }
  rebuildImages();
}

void FilterHeatmap::clear() {
  panels_.clear();
  rows_ = columns_ = 0;
  update();
}

void FilterHeatmap::setShowValues(bool show) {
  showValues_ = show;
  update();
}

void FilterHeatmap::setScaleLimit(std::optional<double> limit) {
  fixedLimit_ = limit && *limit > 0 && std::isfinite(*limit) ? limit : std::nullopt;
  rebuildImages();
}

// One shared scale for every panel, so that colours compare across hiddens and steps.
void FilterHeatmap::rebuildImages() {
  if (fixedLimit_) {
    limit_ = *fixedLimit_;
  } else {
    std::vector<double> all;
    for (const Panel& p : panels_) all.insert(all.end(), p.weights.begin(), p.weights.end());
    limit_ = DivergingColourMap::symmetricLimit(all);
  }
  for (Panel& p : panels_) {
    p.indices = QImage(blockWidth_, blockHeight_, QImage::Format_Indexed8);
    p.indices.setColorTable(DivergingColourMap::table());
    for (int y = 0; y < blockHeight_; ++y)
      for (int x = 0; x < blockWidth_; ++x)
        p.indices.scanLine(y)[x] = DivergingColourMap::index(p.weights[static_cast<std::size_t>(y) * blockWidth_ + x], limit_);
  }
  update();
}

QString FilterHeatmap::panelTitle(int row, int hidden) const {
  for (const Panel& p : panels_)
    if (p.row == row && p.hidden == hidden) return tr("step %1 · hidden %2").arg(p.step).arg(p.hidden + 1);
  return {};
}

FilterHeatmap::Layout FilterHeatmap::layout(const QRectF& area) const {
  Layout out;
  if (panels_.empty() || blockWidth_ <= 0 || blockHeight_ <= 0) return out;
  const QRectF inner = area.adjusted(kMargin, kMargin, -kMargin, -kMargin);
  const QFontMetricsF titleMetrics(figure::font(figure::TextRole::PanelTitle));
  const double titleHeight = titleMetrics.height() + 6;
  double titleWidth = 0;
  for (const Panel& p : panels_) titleWidth = std::max(titleWidth, titleMetrics.horizontalAdvance(panelTitle(p.row, p.hidden)));
  const double barWidth = ColourBar(limit_).preferredWidth(figure::font(figure::TextRole::Tick)) + 8;

  // Panels on a grid of `cols` × `rows` slots: one row per step; a single step's hiddens wrap onto
  // as many rows as give the largest cells (four hiddens in a wide widget: one row; tall: 2×2).
  auto cellFor = [&](int cols, int rows) {
    const double room = inner.width() - barWidth - kBarGap - (cols - 1) * kGapX;
    return std::min(room / cols / blockWidth_, (inner.height() - rows * titleHeight - (rows - 1) * kGapY) / rows / blockHeight_);
  };
  int cols = columns_, rows = rows_;
  if (rows_ == 1) {
    // Empty slots cost a little: 3 + 1 panels look ragged next to 2 × 2 of nearly the same size.
    auto score = [&](int c, int r) { return cellFor(c, r) * (1 - 0.2 * (c * r - columns_) / double(c * r)); };
    for (int c = columns_ - 1; c >= 1; --c) {
      const int r = (columns_ + c - 1) / c;
      if (score(c, r) > score(cols, rows) * 1.02) cols = c, rows = r;
    }
  }
  const double room = inner.width() - barWidth - kBarGap - (cols - 1) * kGapX;
  double cell = std::min(cellFor(cols, rows), kMaxCell);
  if (cell >= 1 && std::floor(cell) >= 0.85 * cell) cell = std::floor(cell);  // equal cells on screen
  if (cell <= 0) return out;
  out.cell = cell;

  const double gridW = blockWidth_ * cell, gridH = blockHeight_ * cell;
  const double pitchX = std::max(gridW, std::min(titleWidth, room / cols)) + kGapX;
  const double pitchY = titleHeight + gridH + kGapY;
  const double contentW = cols * pitchX - kGapX + kBarGap + barWidth;
  const double contentH = rows * pitchY - kGapY;
  const QPointF origin(std::round(inner.center().x() - contentW / 2), std::round(inner.center().y() - contentH / 2));
  for (const Panel& p : panels_) {
    const int slotRow = rows_ == 1 ? p.hidden / cols : p.row, slotColumn = rows_ == 1 ? p.hidden % cols : p.hidden;
    const QPointF slot = origin + QPointF(slotColumn * pitchX, slotRow * pitchY);
    const double x = std::round(slot.x() + (pitchX - kGapX - gridW) / 2);
    out.titles.emplace_back(slot.x(), slot.y(), pitchX - kGapX, titleHeight);
    out.grids.emplace_back(x, slot.y() + titleHeight, gridW, gridH);
  }
  // The colour bar spans the grids, but never less than a readable height.
  const double barHeight = std::max(contentH, std::min(240.0, inner.height()));
  const double barTop = std::max(inner.top(), origin.y() + contentH / 2 - barHeight / 2);
  out.colourBar = QRectF(origin.x() + cols * pitchX - kGapX + kBarGap, barTop, barWidth, barHeight);
  return out;
}

QRectF FilterHeatmap::cellRect(int row, int hidden, int x, int y) const {
  if (x < 0 || y < 0 || x >= blockWidth_ || y >= blockHeight_) return {};
  const Layout l = layout(QRectF(rect()));
  for (std::size_t i = 0; i < panels_.size() && i < l.grids.size(); ++i)
    if (panels_[i].row == row && panels_[i].hidden == hidden)
      return QRectF(l.grids[i].left() + x * l.cell, l.grids[i].top() + y * l.cell, l.cell, l.cell);
  return {};
}

void FilterHeatmap::paintPanel(QPainter& painter, const Panel& panel, const QRectF& grid, const QRectF& title,
                               double cell) const {
  painter.setFont(figure::font(figure::TextRole::PanelTitle));
  painter.setPen(figure::textColour());
  painter.drawText(title, Qt::AlignHCenter | Qt::AlignVCenter, panelTitle(panel.row, panel.hidden));

  drawCells(painter, panel.indices, grid);

  // Thin separators where cells are large enough to need them, and a frame round the block.
  if (cell >= 10) {
    painter.setPen(QPen(figure::mutedTextColour(), std::max(1.0, std::round(cell * 0.015))));
    for (int x = 1; x < blockWidth_; ++x)
      painter.drawLine(QPointF(grid.left() + x * cell, grid.top()), QPointF(grid.left() + x * cell, grid.bottom()));
    for (int y = 1; y < blockHeight_; ++y)
      painter.drawLine(QPointF(grid.left(), grid.top() + y * cell), QPointF(grid.right(), grid.top() + y * cell));
  }
  painter.setPen(QPen(figure::axisLineColour(), figure::px(1.2)));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(grid);

  if (!showValues_) return;
  QFont valueFont = figure::font(figure::TextRole::CellValue);
  const QString widest = cellText(-limit_, limit_);
  for (int px : {valueFont.pixelSize(), 13, 11}) {
    valueFont.setPixelSize(px);
    const QFontMetricsF fm(valueFont);
    if (fm.horizontalAdvance(widest) + 8 <= cell && fm.height() + 4 <= cell) {
      painter.setFont(valueFont);
      for (int y = 0; y < blockHeight_; ++y)
        for (int x = 0; x < blockWidth_; ++x) {
          const double w = panel.weights[static_cast<std::size_t>(y) * blockWidth_ + x];
          const QColor background = QColor::fromRgb(DivergingColourMap::table()[panel.indices.scanLine(y)[x]]);
          painter.setPen(DivergingColourMap::textColourOn(background));
          painter.drawText(QRectF(grid.left() + x * cell, grid.top() + y * cell, cell, cell), Qt::AlignCenter,
                           cellText(w, limit_));
        }
      return;
    }
  }
}

void FilterHeatmap::paintFigure(QPainter& painter, const QRectF& area) {
  painter.save();
  painter.fillRect(area, figure::backgroundColour());
  const Layout l = layout(area);
  if (l.grids.empty()) {
    painter.setFont(figure::font(figure::TextRole::Annotation));
    painter.setPen(figure::mutedTextColour());
    painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
    painter.restore();
    return;
  }
  painter.setRenderHint(QPainter::Antialiasing, false);  // crisp cell edges and separators
  for (std::size_t i = 0; i < panels_.size(); ++i) paintPanel(painter, panels_[i], l.grids[i], l.titles[i], l.cell);
  painter.setRenderHint(QPainter::Antialiasing, true);
  ColourBar(limit_, QStringLiteral("λ")).paint(painter, l.colourBar, figure::font(figure::TextRole::Tick),
                                               figure::font(figure::TextRole::AxisTitle));
  painter.restore();
}

void FilterHeatmap::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  paintFigure(painter, QRectF(rect()));
}

} // namespace rsmi::ui
