#include "ui/lattice_view.h"

#include <algorithm>
#include <cmath>

#include <QPainter>
#include <QPaintEvent>
#include <QResizeEvent>

#include "ui/lattice_snapshot.h"
#include "ui/figure_style.h"

namespace rsmi::ui {
namespace {

constexpr int kMargin = 12;
constexpr int kMaxChainColumns = 4096;  // wider 1D configurations are subsampled for display
constexpr double kMinDimerCell = 4.0;   // below this many pixels per site, dimers become an image

// A colour table indexed by the spin value itself reinterpreted as a byte: +1 → 1, −1 → 255,
// 0 → 0. The configuration buffer can then be drawn as an Indexed8 image without any conversion.
QList<QRgb> spinColorTable() {
  QList<QRgb> table(256, LatticeView::boardColor().rgb());
  table[1] = LatticeView::spinColor(+1).rgb();
  table[255] = LatticeView::spinColor(-1).rgb();
  return table;
}

// Dimer image mode: 0 empty, 1 + 2·vertical + evenSite.
QList<QRgb> dimerColorTable() {
  return {LatticeView::boardColor().rgb(), LatticeView::dimerColor(true, false).rgb(),
          LatticeView::dimerColor(true, true).rgb(), LatticeView::dimerColor(false, false).rgb(),
          LatticeView::dimerColor(false, true).rgb()};
}

std::size_t siteCount(const std::vector<int>& shape) {
  if (shape.empty()) return 0;
  std::size_t n = 1;
  for (int d : shape) n *= static_cast<std::size_t>(std::max(d, 0));
  return n;
}

} // namespace

LatticeView::LatticeView(QWidget* parent) : QWidget(parent), placeholder_(tr("No configuration yet")) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  connect(figure::notifier(), &figure::StyleNotifier::changed, this, qOverload<>(&QWidget::update));
}

void LatticeView::setPlaceholderText(const QString& text) {
  placeholder_ = text;
  if (!spins_) update();
}

// Blue and orange stay distinct under every common colour-vision deficiency and on a projector.
QColor LatticeView::spinColor(int spin) {
  if (spin > 0) return QColor(0xF2, 0xA5, 0x41);  // amber
  if (spin < 0) return QColor(0x1F, 0x3A, 0x5F);  // deep blue
  return boardColor();
}

// Okabe–Ito colours: orientation × sublattice, so columnar and staggered domains stand out.
QColor LatticeView::dimerColor(bool horizontal, bool evenSite) {
  if (horizontal) return evenSite ? QColor(0x00, 0x72, 0xB2) : QColor(0x56, 0xB4, 0xE9);
  return evenSite ? QColor(0xD5, 0x5E, 0x00) : QColor(0xE6, 0x9F, 0x00);
}

// The surround follows the theme; the board and the spins keep their colours (the physics' code).
QColor LatticeView::surroundColor() {
  return figure::style().dark ? QColor(0x26, 0x2A, 0x30) : QColor(0xE4, 0xE7, 0xEB);
}
QColor LatticeView::boardColor() { return QColor(0xFB, 0xFA, 0xF6); }

QSize LatticeView::sizeHint() const { return {720, 720}; }
QSize LatticeView::minimumSizeHint() const { return {160, 160}; }

void LatticeView::setModel(ModelKind model) {
  if (model == model_) return;
  model_ = model;
  clear();
}

void LatticeView::clear() {
  spins_.reset();
  shape_.clear();
  history_.clear();
  pixmap_ = {};
  dirty_ = true;
  update();
}

void LatticeView::setHistoryDepth(int rows) {
  historyDepth_ = std::max(rows, 1);
  while (static_cast<int>(history_.size()) > historyDepth_) history_.pop_front();
  dirty_ = true;
  update();
}

void LatticeView::setSnapshot(const LatticeSnapshot& snapshot) {
  if (snapshot.model != model_) setModel(snapshot.model);
  setConfiguration(snapshot.spins, snapshot.shape);
}

void LatticeView::setConfiguration(std::shared_ptr<const std::vector<std::int8_t>> spins,
                                   std::vector<int> shape) {
  if (!spins || spins->size() != siteCount(shape) || spins->empty()) {
    clear();
    return;
  }
  if (shape != shape_) history_.clear();  // a new chain: the space-time picture starts over
  spins_ = std::move(spins);
  shape_ = std::move(shape);
  if (shape_.size() == 1) appendHistoryRow();
  dirty_ = true;
  update();
}

void LatticeView::appendHistoryRow() {
  const int L = shape_[0];
  const int cols = std::min(L, kMaxChainColumns);
  std::vector<std::uint8_t> row(static_cast<std::size_t>(cols));
  const std::int8_t* s = spins_->data();
  for (int c = 0; c < cols; ++c)
    row[c] = static_cast<std::uint8_t>(s[cols == L ? c : static_cast<std::size_t>(c) * L / cols]);
  history_.push_back(std::move(row));
  while (static_cast<int>(history_.size()) > historyDepth_) history_.pop_front();
}

void LatticeView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  dirty_ = true;  // rebuilt at the next paint, once, whatever the number of resize events
}

QRectF LatticeView::latticeRect() {
  ensureCache();
  return pixmapRect_;
}

QPointF LatticeView::siteCentre(int x, int y) {
  ensureCache();
  if (pixmapRect_.isEmpty()) return {};
  return pixmapRect_.topLeft() + QPointF((x + 0.5) * cellWidth_, (y + 0.5) * cellHeight_);
}

// The largest scale at which cols × rows cells fit in `area`, centred. An integer number of pixels
// per cell when that loses little (< 15 %): every cell then has the same size on screen.
QRectF LatticeView::fitRect(const QRectF& area, double cols, double rows) const {
  double s = std::min(area.width() / cols, area.height() / rows);
  if (s >= 1.0 && std::floor(s) >= 0.85 * s) s = std::floor(s);
  const QSizeF size(std::max(1.0, std::round(cols * s)), std::max(1.0, std::round(rows * s)));
  const QPointF topLeft(std::round(area.center().x() - size.width() / 2),
                        std::round(area.center().y() - size.height() / 2));
  return {topLeft, size};
}

// Nearest-neighbour scaling (no smoothing: a spin is a crisp square).
QPixmap LatticeView::scaledPixmap(const QImage& image, const QRectF& target) const {
  const qreal dpr = devicePixelRatioF();
  const QSize device(std::max(1, qRound(target.width() * dpr)), std::max(1, qRound(target.height() * dpr)));
  QPixmap pixmap = QPixmap::fromImage(image.scaled(device, Qt::IgnoreAspectRatio, Qt::FastTransformation));
  pixmap.setDevicePixelRatio(dpr);
  return pixmap;
}

void LatticeView::ensureCache() {
  if (!dirty_ && cachedFor_ == size()) return;
  dirty_ = false;
  cachedFor_ = size();
  pixmap_ = {};
  pixmapRect_ = {};
  cellWidth_ = cellHeight_ = 0;
  if (!spins_) return;
  const QRectF area = QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin);
  if (area.width() < 1 || area.height() < 1) return;
  if (model_ == ModelKind::Dimer && shape_.size() == 2 && shape_[0] == shape_[1] && shape_[0] % 2 == 0)
    renderDimers(area);
  else if (shape_.size() == 1)
    renderChain(area);
  else if (shape_.size() == 2)
    renderSpins(area);
}

void LatticeView::renderSpins(const QRectF& area) {
  const int rows = shape_[0], cols = shape_[1];
  // Zero-copy: the shared buffer is read as an 8-bit indexed image for the duration of the scaling.
  QImage image(reinterpret_cast<const uchar*>(spins_->data()), cols, rows, cols, QImage::Format_Indexed8);
  image.setColorTable(spinColorTable());
  pixmapRect_ = fitRect(area, cols, rows);
  cellWidth_ = pixmapRect_.width() / cols;
  cellHeight_ = pixmapRect_.height() / rows;
  pixmap_ = scaledPixmap(image, pixmapRect_);
}

// Space-time picture: columns are sites, rows are successive configurations, oldest at the top.
// Cells are square when there is room; a chain longer than the widget is wide gets one pixel row per
// configuration instead (the time axis has no natural aspect ratio).
void LatticeView::renderChain(const QRectF& area) {
  if (history_.empty()) return;
  const int cols = static_cast<int>(history_.back().size());
  double cell = area.width() / cols;
  if (cell >= 1.0 && std::floor(cell) >= 0.85 * cell) cell = std::floor(cell);
  const double rowHeight = std::max(cell, 1.0);
  const int rows = std::clamp(static_cast<int>(area.height() / rowHeight), 1, historyDepth_);
  QImage image(cols, rows, QImage::Format_Indexed8);
  image.setColorTable(spinColorTable());
  image.fill(0);
  const int shown = std::min(rows, static_cast<int>(history_.size()));
  const auto first = history_.end() - shown;
  for (int r = 0; r < shown; ++r) {
    const auto& row = *(first + r);
    if (static_cast<int>(row.size()) == cols) std::copy(row.begin(), row.end(), image.scanLine(r));
  }
  const QSizeF size(std::round(cols * cell), std::round(rows * rowHeight));
  pixmapRect_ = QRectF(QPointF(std::round(area.center().x() - size.width() / 2),
                               std::round(area.center().y() - size.height() / 2)),
                       size);
  cellWidth_ = size.width() / cols;
  cellHeight_ = size.height() / rows;
  pixmap_ = scaledPixmap(image, pixmapRect_);
}

// Dimers (SCIENCE.md §1): cell (x, y) holds [2y][2x+1] the horizontal link (x,y)–(x+1,y) and
// [2y+1][2x] the vertical link (x,y)–(x,y+1); +1 means a dimer. [2y][2x] and [2y+1][2x+1] are the
// vertex and face noise spins, 0 when noise is off.
void LatticeView::renderDimers(const QRectF& area) {
  const int side = shape_[0], L = side / 2;
  const std::int8_t* s = spins_->data();
  auto at = [&](int row, int col) { return s[static_cast<std::size_t>(row) * side + col]; };
  pixmapRect_ = fitRect(area, L, L);
  const double c = pixmapRect_.width() / L;
  cellWidth_ = cellHeight_ = c;

  if (c < kMinDimerCell) {
    // Too small for bars: colour each site by the dimer that covers it.
    QImage image(L, L, QImage::Format_Indexed8);
    image.setColorTable(dimerColorTable());
    image.fill(0);
    for (int y = 0; y < L; ++y)
      for (int x = 0; x < L; ++x) {
        const std::uint8_t even = (x + y) % 2 == 0 ? 1 : 0;
        if (at(2 * y, 2 * x + 1) > 0) {
          const std::uint8_t index = 1 + even;
          image.scanLine(y)[x] = index;
          image.scanLine(y)[(x + 1) % L] = index;
        }
        if (at(2 * y + 1, 2 * x) > 0) {
          const std::uint8_t index = 3 + even;
          image.scanLine(y)[x] = index;
          image.scanLine((y + 1) % L)[x] = index;
        }
      }
    pixmap_ = scaledPixmap(image, pixmapRect_);
    return;
  }

  // Bars and dots are drawn once, antialiased, as small sprites, then stamped at every link and site:
  // thousands of blits instead of thousands of stroked paths (about ten times faster for L ≳ 64).
  // In device pixels, so that the cell size is an integer whenever fitRect() chose one.
  const qreal dpr = devicePixelRatioF();
  const int width = std::max(1, qRound(pixmapRect_.width() * dpr));
  const double cd = width / static_cast<double>(L);  // cell size in device pixels
  QImage canvas(width, width, QImage::Format_RGB32);
  canvas.fill(boardColor());
  QPainter p(&canvas);
  auto origin = [cd](double x, double y) { return QPoint(qRound(x * cd), qRound(y * cd)); };

  if (cd >= 10) {  // the square lattice underneath, faint
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(QColor(0xD9, 0xDC, 0xE1), std::max(1.0, cd * 0.04)));
    for (int i = 0; i < L; ++i) {
      p.drawLine(QPointF(0, (i + 0.5) * cd), QPointF(width, (i + 0.5) * cd));
      p.drawLine(QPointF((i + 0.5) * cd, 0), QPointF((i + 0.5) * cd, width));
    }
  }

  // bar[h][e]: a dimer from the centre of cell (0,0) to the centre of its right (h) or lower
  // neighbour, in a sprite of 2×1 (or 1×2) cells placed at the cell's corner.
  const int cell = static_cast<int>(std::ceil(cd));
  QImage bar[2][2];
  for (int h = 0; h < 2; ++h)
    for (int e = 0; e < 2; ++e) {
      QImage& sprite = bar[h][e];
      sprite = QImage(h ? 2 * cell + 1 : cell + 1, h ? cell + 1 : 2 * cell + 1, QImage::Format_ARGB32_Premultiplied);
      sprite.fill(Qt::transparent);
      QPainter sp(&sprite);
      sp.setRenderHint(QPainter::Antialiasing);
      sp.setPen(QPen(dimerColor(h == 1, e == 1), 0.44 * cd, Qt::SolidLine, Qt::RoundCap));
      const QPointF a(0.5 * cd, 0.5 * cd);
      sp.drawLine(a, a + (h ? QPointF(cd, 0) : QPointF(0, cd)));
    }
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x) {
      const bool even = (x + y) % 2 == 0;
      if (at(2 * y, 2 * x + 1) > 0) {
        p.drawImage(origin(x, y), bar[1][even]);
        if (x == L - 1) p.drawImage(origin(-1, y), bar[1][even]);  // across the periodic boundary
      }
      if (at(2 * y + 1, 2 * x) > 0) {
        p.drawImage(origin(x, y), bar[0][even]);
        if (y == L - 1) p.drawImage(origin(x, -1), bar[0][even]);
      }
    }

  // Noise spins: white (+1) and near-black (−1) dots, readable on every bar colour. The sprite's
  // dot is centred on its middle pixel corner; vertex dots sit on sites, face dots on plaquettes.
  const double radius = std::max(1.5, 0.13 * cd);
  const int half = static_cast<int>(std::ceil(radius + 1.5));
  QImage dot[2];
  for (int plus = 0; plus < 2; ++plus) {
    dot[plus] = QImage(2 * half, 2 * half, QImage::Format_ARGB32_Premultiplied);
    dot[plus].fill(Qt::transparent);
    QPainter dp(&dot[plus]);
    dp.setRenderHint(QPainter::Antialiasing);
    dp.setPen(QPen(QColor(0x22, 0x22, 0x22), std::max(0.75, 0.03 * cd)));
    dp.setBrush(plus ? QColor(Qt::white) : QColor(0x22, 0x22, 0x22));
    dp.drawEllipse(QPointF(half, half), radius, radius);
  }
  auto stamp = [&](double cx, double cy, std::int8_t v) {
    p.drawImage(QPoint(qRound(cx * cd) - half, qRound(cy * cd) - half), dot[v > 0 ? 1 : 0]);
  };
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x) {
      if (const std::int8_t vertex = at(2 * y, 2 * x)) stamp(x + 0.5, y + 0.5, vertex);
      if (const std::int8_t face = at(2 * y + 1, 2 * x + 1)) stamp(x + 1.0, y + 1.0, face);
    }
  p.end();
  pixmap_ = QPixmap::fromImage(std::move(canvas));
  pixmap_.setDevicePixelRatio(dpr);
}

void LatticeView::paintEvent(QPaintEvent* event) {
  ensureCache();
  QPainter p(this);
  p.fillRect(event->rect(), surroundColor());
  if (!pixmap_.isNull()) {
    p.drawPixmap(pixmapRect_.topLeft(), pixmap_);
  } else if (!spins_) {
    p.setPen(figure::mutedTextColour());
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    p.setFont(f);
    p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
  }
  paintWindowOverlay(p);
}

void LatticeView::setWindowOverlay(std::optional<WindowGeometry> window) {
  window_ = window;
  update();
}

QColor LatticeView::visibleColor() { return QColor(0x22, 0xC5, 0x5E); }
QColor LatticeView::environmentColor() { return QColor(0xEC, 0x48, 0x99); }

std::vector<QRectF> LatticeView::windowOverlayRects() {
  ensureCache();
  // Below two pixels a site, the outlines would cover the window they outline.
  if (!window_ || model_ == ModelKind::Dimer || !spins_ || pixmapRect_.isEmpty() || cellWidth_ < 2) return {};
  const WindowGeometry& g = *window_;
  const bool chain = model_ == ModelKind::Ising1D;
  const int width = shape_.empty() ? 0 : shape_.back();
  const int height = chain ? 1 : (shape_.size() == 2 ? shape_[0] : 0);
  const int reach = g.buffer + g.environment;
  const int blockHeight = chain ? 1 : g.blockHeight;
  if (g.blockWidth + 2 * reach > width || (!chain && blockHeight + 2 * reach > height)) return {};
  // The block at the lattice's centre, on the block grid (where the coarse-graining puts blocks).
  const int x0 = (width / 2 / g.blockWidth) * g.blockWidth;
  const int y0 = chain ? 0 : (height / 2 / blockHeight) * blockHeight;
  std::vector<QRectF> rects;
  for (int grow : {0, g.buffer, reach}) {
    QRectF r(pixmapRect_.left() + (x0 - grow) * cellWidth_, pixmapRect_.top() + (y0 - grow) * cellHeight_,
             (g.blockWidth + 2 * grow) * cellWidth_, (blockHeight + 2 * grow) * cellHeight_);
    // 1D: the window is a set of columns of the space-time picture, for every time shown.
    if (chain) r = QRectF(r.left(), pixmapRect_.top(), r.width(), pixmapRect_.height());
    rects.push_back(r);
  }
  return rects;
}

// Outlines only, each with a dark halo under it, so that V, B and E read on either spin colour.
void LatticeView::paintWindowOverlay(QPainter& p) {
  const std::vector<QRectF> rects = windowOverlayRects();
  if (rects.empty()) return;
  const double line = std::max(2.0, font().pointSizeF() / 5);
  const QColor colours[] = {visibleColor(), QColor(0xE5, 0xE7, 0xEB), environmentColor()};
  const char* names[] = {"V", "B", "E"};
  p.setRenderHint(QPainter::Antialiasing, false);
  QFont f = font();
  f.setBold(true);
  p.setFont(f);
  const QFontMetricsF fm(f);
  // A key under the lattice when there is room: which outline is which, in words.
  if (rect().bottom() - pixmapRect_.bottom() >= fm.height() + 4) {
    const QString words[] = {tr("V block"), tr("B buffer"), tr("E environment")};
    double total = 0;
    for (const QString& w : words) total += fm.horizontalAdvance(w) + fm.horizontalAdvance(QStringLiteral("   "));
    double x = rect().center().x() - total / 2;
    const double y = pixmapRect_.bottom() + 2;
    for (int i = 0; i < 3; ++i) {
      p.setPen(colours[i] == QColor(0xE5, 0xE7, 0xEB) ? figure::mutedTextColour() : colours[i]);
      const QRectF box(x, y, fm.horizontalAdvance(words[i]) + 2, fm.height());
      p.drawText(box, Qt::AlignLeft | Qt::AlignVCenter, words[i]);
      x += box.width() + fm.horizontalAdvance(QStringLiteral("   "));
    }
  }
  for (int i = 2; i >= 0; --i) {
    const QRectF& r = rects[i];
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(0, 0, 0, 150), line + 2));
    p.drawRect(r);
    QPen pen(colours[i], line);
    if (i == 1) pen.setStyle(Qt::DashLine);
    p.setPen(pen);
    p.drawRect(r);
    // The letter outside the top-left corner of its rectangle (V inside), when the rings are wide
    // enough to hold the letters apart.
    const QString name = QString::fromLatin1(names[i]);
    const QSizeF size(fm.horizontalAdvance(name) + 4, fm.height());
    if (rects[1].top() - rects[2].top() < size.height() + line || rects[0].width() < size.width() + 2 * line) continue;
    const QPointF at = i == 0 ? r.topLeft() + QPointF(line, line) : r.topLeft() - QPointF(0, size.height() + line);
    const QRectF label(at, size);
    p.fillRect(label, QColor(0, 0, 0, 170));
    p.setPen(colours[i]);
    p.drawText(label, Qt::AlignCenter, name);
  }
}

} // namespace rsmi::ui
