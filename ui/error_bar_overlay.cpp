#include "ui/error_bar_overlay.h"

#include <cmath>

#include <QChart>
#include <QPainter>
#include <QValueAxis>

#include "ui/chart_figure.h"
#include "ui/figure_style.h"

namespace rsmi::ui {

ErrorBarOverlay::ErrorBarOverlay(QChart* chart, QValueAxis* x, QValueAxis* y)
    : QGraphicsObject(chart), chart_(chart), x_(x), y_(y) {
  setZValue(10);  // above the series' lines, below the legend
  connect(chart, &QChart::plotAreaChanged, this, &ErrorBarOverlay::refresh);
  connect(x, &QValueAxis::rangeChanged, this, &ErrorBarOverlay::refresh);
  connect(y, &QValueAxis::rangeChanged, this, &ErrorBarOverlay::refresh);
}

void ErrorBarOverlay::setBars(std::vector<Bar> bars) {
  bars_ = std::move(bars);
  update();
}

void ErrorBarOverlay::refresh() {
  prepareGeometryChange();
  update();
}

QPointF ErrorBarOverlay::toChart(QPointF data) const { return ChartFigure::toChart(chart_, x_, y_, data); }

QRectF ErrorBarOverlay::boundingRect() const { return chart_->plotArea(); }

void ErrorBarOverlay::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  const QRectF plot = chart_->plotArea();
  painter->save();
  painter->setClipRect(plot);
  painter->setRenderHint(QPainter::Antialiasing, true);
  for (const Bar& bar : bars_) {
    if (!std::isfinite(bar.from.x()) || !std::isfinite(bar.from.y()) || !std::isfinite(bar.to.x()) ||
        !std::isfinite(bar.to.y()))
      continue;
    const QPointF a = toChart(bar.from), b = toChart(bar.to);
    painter->setPen(QPen(bar.colour, figure::px(1.8), Qt::SolidLine, Qt::FlatCap));
    painter->drawLine(a, b);
    // Caps perpendicular to the bar; a bar shorter than its caps keeps only the caps' line.
    const QPointF d = b - a;
    const double length = std::hypot(d.x(), d.y());
    if (length < 1.0) continue;
    const double cap = figure::px(cap_);
    const QPointF n(-d.y() / length * cap / 2, d.x() / length * cap / 2);
    painter->drawLine(a - n, a + n);
    painter->drawLine(b - n, b + n);
  }
  painter->restore();
}

} // namespace rsmi::ui
