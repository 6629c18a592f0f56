#include "ui/wrapping_legend.h"

#include <algorithm>
#include <cmath>

#include <QAbstractTextDocumentLayout>
#include <QChart>
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

}  // namespace

WrappingLegend::WrappingLegend(QChart* chart) : QGraphicsObject(chart), chart_(chart) {
  setZValue(20);
  baseBottomMargin_ = chart->margins().bottom();
  connect(chart, &QChart::geometryChanged, this, &WrappingLegend::relayout);
}

double WrappingLegend::swatchWidth() const { return figure::px(34); }

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

void WrappingLegend::setEntries(std::vector<Entry> entries) {
  entries_ = std::move(entries);
  relayout();
}

void WrappingLegend::relayout() {
  const int n = entryCount();
  const QRectF area = chart_->rect();
  const double gap = figure::px(18), pad = figure::px(6), swatch = swatchWidth();
  // A chart not laid out yet (hidden, size 0) would wrap every label to a letter a line: wait for
  // its real size (geometryChanged calls this again). Labels wrap only in a sensible width.
  if (area.width() < 1 || area.height() < 1) return;
  const double available = std::max(160.0, area.width() - 2 * pad);
  needed_.assign(static_cast<std::size_t>(n), 0);
  double widest = 0;
  for (int i = 0; i < n; ++i) {
    QTextDocument doc;
    prepare(doc, entries_[static_cast<std::size_t>(i)].label, -1);
    needed_[static_cast<std::size_t>(i)] = std::ceil(doc.idealWidth()) + 1;
    widest = std::max(widest, needed_[static_cast<std::size_t>(i)]);
  }
  // Equal columns as many as fit; a label wider than the chart wraps within one column.
  const double column = swatch + widest;
  columns_ = n == 0 ? 1 : std::clamp(static_cast<int>((available + gap) / (column + gap)), 1, n);
  const int rows = n == 0 ? 0 : (n + columns_ - 1) / columns_;
  const double columnWidth = std::min(column, available);
  textWidths_.assign(static_cast<std::size_t>(n), 0);
  rects_.assign(static_cast<std::size_t>(n), QRectF());
  double y = 0;
  for (int r = 0; r < rows; ++r) {
    double rowHeight = 0;
    for (int c = 0; c < columns_; ++c) {
      const int i = c * rows + r;  // down the columns
      if (i >= n) continue;
      const double textWidth = std::min(needed_[static_cast<std::size_t>(i)], columnWidth - swatch);
      QTextDocument doc;
      prepare(doc, entries_[static_cast<std::size_t>(i)].label, textWidth);
      textWidths_[static_cast<std::size_t>(i)] = textWidth;
      rects_[static_cast<std::size_t>(i)] =
          QRectF(c * (columnWidth + gap), y, columnWidth, doc.size().height());
      rowHeight = std::max(rowHeight, doc.size().height());
    }
    for (int c = 0; c < columns_; ++c)
      if (const int i = c * rows + r; i < n) rects_[static_cast<std::size_t>(i)].setHeight(rowHeight);
    y += rowHeight + figure::px(2);
  }
  const double used = columns_ * columnWidth + (columns_ - 1) * gap;
  prepareGeometryChange();
  size_ = QSizeF(n == 0 ? 0 : used, std::max(0.0, y));
  // Centred under the plot, at the chart's bottom; the margin keeps the plot clear of it.
  setPos(area.left() + std::max(pad, (area.width() - size_.width()) / 2),
         area.bottom() - size_.height() - pad);
  // Never more than half the chart: the margin counts in the chart's minimum size, and a legend
  // taller than that would grow the chart instead of sharing it.
  const int bottom =
      baseBottomMargin_ +
      static_cast<int>(std::ceil(std::min(size_.height() + (n ? pad : 0), 0.5 * area.height())));
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
  const double swatch = swatchWidth();
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
    prepare(doc, e.label, textWidths_[static_cast<std::size_t>(i)]);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette.setColor(QPalette::Text, figure::textColour());
    painter->save();
    painter->translate(r.left() + swatch, r.top());
    doc.documentLayout()->draw(painter, context);
    painter->restore();
  }
  painter->restore();
}

}  // namespace rsmi::ui
