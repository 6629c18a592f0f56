#include "ui/rg_cascade_view.h"

#include <QPainter>
#include <algorithm>

#include "ui/lattice_view.h"
#include "ui/figure_style.h"

namespace rsmi::ui {

namespace {

constexpr double kMargin = 8;

bool isChain(const SampleSet& s) { return s.shape.size() == 1; }

QString sizeText(const SampleSet& s) {
  if (isChain(s)) return QString::number(s.shape[0]) + QStringLiteral(" spins");
  return QString::number(s.shape[1]) + QStringLiteral(" × ") + QString::number(s.shape[0]);
}

} // namespace

RgCascadeView::RgCascadeView(QWidget* parent) : QWidget(parent) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setPlaceholderText(tr("The coarse lattices of the RG steps appear here as they are made"));
  connect(figure::notifier(), &figure::StyleNotifier::changed, this, qOverload<>(&QWidget::update));
}

void RgCascadeView::setLevels(std::vector<SampleSet> levels, const QString& caption, bool dimersFirst) {
  dimersFirst_ = dimersFirst && !levels.empty() && !levels.front().values.empty();
  levels.erase(std::remove_if(levels.begin(), levels.end(), [](const SampleSet& s) { return s.values.empty(); }),
               levels.end());
  levels_ = std::move(levels);
  caption_ = caption;
  update();
}

void RgCascadeView::clear() {
  levels_.clear();
  caption_.clear();
  dimersFirst_ = false;
  update();
}

void RgCascadeView::setPlaceholderText(const QString& text) {
  placeholder_ = text;
  update();
}

QImage RgCascadeView::imageOf(const SampleSet& configuration) {
  const int width = configuration.shape.empty() ? 0 : configuration.shape.back();
  const int height = configuration.shape.size() == 2 ? configuration.shape[0] : 1;
  QImage image(width, height, QImage::Format_RGB32);
  const QRgb up = LatticeView::spinColor(1).rgb(), down = LatticeView::spinColor(-1).rgb();
  for (int y = 0; y < height; ++y) {
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < width; ++x)
      line[x] = configuration.values[static_cast<std::size_t>(y) * width + x] > 0 ? up : down;
  }
  return image;
}

QImage RgCascadeView::dimerImageOf(const SampleSet& encoding) {
  const int side = encoding.shape.size() == 2 ? encoding.shape[0] : 0, L = side / 2;
  QImage image(std::max(L, 1), std::max(L, 1), QImage::Format_RGB32);
  image.fill(LatticeView::boardColor());
  if (L == 0 || encoding.shape[1] != side) return image;
  // Cell (x, y): [2y][2x+1] the horizontal link to (x+1, y), [2y+1][2x] the vertical one to (x, y+1).
  auto at = [&](int row, int col) { return encoding.values[static_cast<std::size_t>(row) * side + col]; };
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x) {
      const bool even = (x + y) % 2 == 0;
      if (at(2 * y, 2 * x + 1) > 0) {
        const QRgb c = LatticeView::dimerColor(true, even).rgb();
        image.setPixel(x, y, c);
        image.setPixel((x + 1) % L, y, c);
      }
      if (at(2 * y + 1, 2 * x) > 0) {
        const QRgb c = LatticeView::dimerColor(false, even).rgb();
        image.setPixel(x, y, c);
        image.setPixel(x, (y + 1) % L, c);
      }
    }
  return image;
}

std::vector<QRectF> RgCascadeView::panelRects() const {
  std::vector<QRectF> rects;
  const int n = levelCount();
  if (n == 0) return rects;
  const double captionHeight = fontMetrics().height() * (caption_.count('\n') + 1.6), labelHeight = fontMetrics().height() * 1.4;
  const QRectF area(kMargin, kMargin + captionHeight, width() - 2 * kMargin, height() - 2 * kMargin - captionHeight);
  for (int k = 0; k < n; ++k) {
    // Cells of equal size along the long side; every panel gets the same size, so that blocks grow.
    const QRectF cell = vertical() ? QRectF(area.left(), area.top() + k * area.height() / n, area.width(), area.height() / n)
                                   : QRectF(area.left() + k * area.width() / n, area.top(), area.width() / n, area.height());
    const double side = std::max(0.0, std::min(cell.width() - kMargin, cell.height() - labelHeight - kMargin));
    const double tall = isChain(levels_[k]) ? std::max(6.0, side / 8) : side;
    rects.emplace_back(cell.center().x() - side / 2, cell.top() + (cell.height() - labelHeight - tall) / 2, side, tall);
  }
  return rects;
}

void RgCascadeView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), LatticeView::surroundColor());
  p.setPen(figure::textColour());
  if (levels_.empty()) {
    p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
    return;
  }
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  p.drawText(QRectF(kMargin, kMargin, width() - 2 * kMargin, fontMetrics().height() * (caption_.count('\n') + 1.6)),
             Qt::AlignCenter, caption_);
  p.setFont(font());
  // One pixel per site, scaled without smoothing: spins stay crisp squares at every size.
  p.setRenderHint(QPainter::SmoothPixmapTransform, false);
  const std::vector<QRectF> rects = panelRects();
  for (std::size_t k = 0; k < rects.size(); ++k) {
    const bool dimers = dimersFirst_ && k == 0;
    p.drawImage(rects[k], dimers ? dimerImageOf(levels_[k]) : imageOf(levels_[k]));
    p.setPen(figure::mutedTextColour());
    p.drawRect(rects[k]);
    p.setPen(figure::textColour());
    const QRectF label(rects[k].left() - kMargin, rects[k].bottom() + 2, rects[k].width() + 2 * kMargin,
                       fontMetrics().height() * 1.3);
    p.drawText(label, Qt::AlignCenter,
               dimers ? tr("step 0 · %1 × %1 dimers").arg(levels_[k].shape[0] / 2)
                      : tr("step %1 · %2").arg(k).arg(sizeText(levels_[k])));
  }
}

} // namespace rsmi::ui
