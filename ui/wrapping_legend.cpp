#include "ui/wrapping_legend.h"

#include <algorithm>
#include <cmath>

#include <QAbstractTextDocumentLayout>
#include <QChart>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QPainter>
#include <QTextDocument>

#include "ui/figure_style.h"

namespace rsmi::ui {
namespace {

void prepare(QTextDocument& doc, const QString& html, double width) {
  doc.setDefaultFont(figure::font(figure::TextRole::Legend));
  doc.setDocumentMargin(0);
  doc.setHtml(html);
  doc.setTextWidth(width);
}

} // namespace

WrappingLegend::WrappingLegend(QChart* chart) : QGraphicsObject(chart), chart_(chart) {
  setZValue(20);
  baseBottomMargin_ = chart->margins().bottom();
  connect(chart, &QChart::geometryChanged, this, &WrappingLegend::relayout);
  // A chart held at its minimum size does not change when its view shrinks further: watch the view.
  if (const QGraphicsScene* scene = chart->scene())
    for (QGraphicsView* view : scene->views()) view->installEventFilter(this);
}

bool WrappingLegend::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::Resize) relayout();
  return QGraphicsObject::eventFilter(watched, event);
}

double WrappingLegend::swatchWidth() const { return figure::px(compact_ ? 20 : 30); }

const QString& WrappingLegend::shownLabel(int i) const {
  const Entry& e = entries_.at(static_cast<std::size_t>(i));
  return compact_ && !e.shortLabel.isEmpty() ? e.shortLabel : e.label;
}

QString WrappingLegend::plainLabel(int i) const {
  QTextDocument doc;
  doc.setHtml(entries_.at(static_cast<std::size_t>(i)).label);
  return doc.toPlainText();
}

QRectF WrappingLegend::entryRect(int i) const {
  return mapRectToParent(rects_.at(static_cast<std::size_t>(i)));
}

QRectF WrappingLegend::labelRect(int i) const {
  QRectF r = entryRect(i);
  r.setLeft(r.left() + swatchWidth());
  r.setWidth(textWidths_.at(static_cast<std::size_t>(i)));
  return r;
}

double WrappingLegend::labelWidthNeeded(int i) const { return needed_.at(static_cast<std::size_t>(i)); }

void WrappingLegend::setEntries(std::vector<Entry> entries, const QString& compactTitle) {
  // Charts hand their entries again at every redraw of a running experiment; laying out rich-text
  // labels is the costliest part of a frame, so only a change does it.
  if (entries == entries_ && compactTitle == compactTitle_) return;
  entries_ = std::move(entries);
  compactTitle_ = compactTitle;
  relayout();
}

// Lays the entries out in `available` width from y = 0; returns (width used, height).
QSizeF WrappingLegend::arrange(double available) {
  const int n = entryCount();
  const double gap = figure::px(compact_ ? 12 : 18), swatch = swatchWidth();
  needed_.assign(static_cast<std::size_t>(n), 0);
  for (int i = 0; i < n; ++i) {
    QTextDocument doc;
    prepare(doc, shownLabel(i), -1);
    needed_[static_cast<std::size_t>(i)] = std::ceil(doc.idealWidth()) + 1;
  }
  textWidths_.assign(static_cast<std::size_t>(n), 0);
  rects_.assign(static_cast<std::size_t>(n), QRectF());
  titleRect_ = QRectF();
  columns_ = 1;
  double y = 0, used = 0;
  // Each group (a run of entries with the same group number) is a grid of its own, with columns as
  // wide as its widest label: the short per-temperature labels share rows even when a reference's
  // label is long. In compact mode the first group's title stands to the left of its grid.
  for (int first = 0; first < n;) {
    int last = first;
    double widest = 0;
    while (last < n &&
           entries_[static_cast<std::size_t>(last)].group == entries_[static_cast<std::size_t>(first)].group)
      widest = std::max(widest, needed_[static_cast<std::size_t>(last++)]);
    double left = 0;
    if (first == 0 && compact_ && !compactTitle_.isEmpty()) {
      QTextDocument doc;
      prepare(doc, compactTitle_, -1);
      titleRect_ = QRectF(0, 0, std::ceil(doc.idealWidth()) + 1, doc.size().height());
      left = titleRect_.width() + gap / 2;
    }
    const int count = last - first;
    // Equal columns, as many as fit; a label wider than the chart wraps within one column.
    const double column = swatch + widest;
    const double room = std::max(swatch + 40, available - left);
    const int columns = std::clamp(static_cast<int>((room + gap) / (column + gap)), 1, count);
    const int rows = (count + columns - 1) / columns;
    const double columnWidth = std::min(column, room);
    columns_ = std::max(columns_, columns);
    used = std::max(used, left + columns * columnWidth + (columns - 1) * gap);
    for (int r = 0; r < rows; ++r) {
      double rowHeight = 0;
      for (int c = 0; c < columns; ++c) {
        const int k = c * rows + r;  // down the columns
        if (k >= count) continue;
        const auto i = static_cast<std::size_t>(first + k);
        const double textWidth = std::min(needed_[i], columnWidth - swatch);
        QTextDocument doc;
        prepare(doc, shownLabel(int(i)), textWidth);
        textWidths_[i] = textWidth;
        rects_[i] = QRectF(left + c * (columnWidth + gap), y, columnWidth, doc.size().height());
        rowHeight = std::max(rowHeight, doc.size().height());
      }
      for (int c = 0; c < columns; ++c)
        if (const int k = c * rows + r; k < count)
          rects_[static_cast<std::size_t>(first + k)].setHeight(rowHeight);
      y += rowHeight + figure::px(compact_ ? 0 : 2);
    }
    first = last;
  }
  return {used, y};
}

void WrappingLegend::relayout() {
  const int n = entryCount();
  const QRectF area = chart_->rect();
  const double pad = figure::px(6);
  // A chart not laid out yet (hidden, size 0) would wrap every label to a letter a line: wait for
  // its real size (geometryChanged calls this again). Labels wrap only in a sensible width.
  if (area.width() < 1 || area.height() < 1) return;
  // What the view shows of the chart: a chart held at its minimum size can be larger than its view.
  double viewWidth = area.width(), viewHeight = area.height();
  if (const QGraphicsScene* scene = chart_->scene(); scene && !scene->views().isEmpty()) {
    viewWidth = std::min(viewWidth, double(scene->views().front()->width()));
    viewHeight = std::min(viewHeight, double(scene->views().front()->height()));
  }
  const double available = std::max(160.0, viewWidth - 2 * pad);

  // The margin counts in the chart's minimum size: a legend taller than the view leaves room for
  // would grow the chart past its view (cut off) instead of sharing it. So at most half the view's
  // height, and never more than the axes leave.
  const double others =
      chart_->effectiveSizeHint(Qt::MinimumSize).height() - chart_->margins().bottom() + baseBottomMargin_;
  const double room = std::max(0.0, std::min(0.5 * viewHeight, viewHeight - others - figure::px(60)));

  // Full labels if they take at most about a third of the height; else the compact form (short labels, small
  // swatches, a title); if even that does not fit, it overlaps the plot's bottom, on its own background.
  compact_ = false;
  QSizeF size = arrange(available);
  if (size.height() + pad > std::min(room, 0.35 * viewHeight)) {
    compact_ = true;
    size = arrange(available);
  }
  prepareGeometryChange();
  size_ = n == 0 ? QSizeF() : size;
  overlaps_ = size_.height() + (n ? pad : 0) > room;
  // Centred under the plot, at the bottom of what the view shows of the chart.
  setPos(area.left() + std::max(pad, (viewWidth - size_.width()) / 2),
         std::min(area.bottom(), viewHeight) - size_.height() - pad);
  const int bottom =
      baseBottomMargin_ + static_cast<int>(std::ceil(std::min(size_.height() + (n ? pad : 0), room)));
  if (chart_->margins().bottom() != bottom) {
    QMargins m = chart_->margins();
    m.setBottom(bottom);
    chart_->setMargins(m);
  }
  update();
}

QRectF WrappingLegend::boundingRect() const { return QRectF(QPointF(0, 0), size_); }

void WrappingLegend::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  painter->save();
  painter->setRenderHint(QPainter::Antialiasing, true);
  if (overlaps_) {  // over the plot's bottom: keep the labels readable
    QColor background = figure::backgroundColour();
    background.setAlpha(225);
    painter->fillRect(boundingRect(), background);
  }
  const double swatch = swatchWidth();
  QAbstractTextDocumentLayout::PaintContext context;
  context.palette.setColor(QPalette::Text, figure::textColour());
  if (!titleRect_.isEmpty()) {
    QTextDocument doc;
    prepare(doc, compactTitle_, -1);
    painter->save();
    painter->translate(titleRect_.topLeft());
    doc.documentLayout()->draw(painter, context);
    painter->restore();
  }
  for (int i = 0; i < entryCount(); ++i) {
    const Entry& e = entries_[static_cast<std::size_t>(i)];
    const QRectF r = rects_[static_cast<std::size_t>(i)];
    const double lineHeight = QFontMetricsF(figure::font(figure::TextRole::Legend)).height();
    const double cy = r.top() + lineHeight / 2;
    const QRectF box(r.left() + figure::px(2), cy - figure::px(6), swatch - figure::px(10), figure::px(12));
    switch (e.swatch) {
      case Swatch::Band:
        painter->setPen(e.pen);
        painter->setBrush(e.brush);
        painter->drawRect(box);
        break;
      case Swatch::Ring: {
        painter->setPen(e.pen);
        painter->setBrush(Qt::NoBrush);
        const double d = figure::px(12);
        painter->drawEllipse(QPointF(box.center().x(), cy), d / 2, d / 2);
        break;
      }
      case Swatch::Line:
      case Swatch::LineWithMarker:
        painter->setPen(e.pen);
        painter->drawLine(QPointF(box.left(), cy), QPointF(box.right(), cy));
        if (e.swatch == Swatch::LineWithMarker) {
          painter->setPen(Qt::NoPen);
          painter->setBrush(e.brush);
          const double d = figure::px(8);
          painter->drawEllipse(QPointF(box.center().x(), cy), d / 2, d / 2);
        }
        break;
    }
    QTextDocument doc;
    prepare(doc, shownLabel(i), textWidths_[static_cast<std::size_t>(i)]);
    painter->save();
    painter->translate(r.left() + swatch, r.top());
    doc.documentLayout()->draw(painter, context);
    painter->restore();
  }
  painter->restore();
}

} // namespace rsmi::ui
