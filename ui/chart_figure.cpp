#include "ui/chart_figure.h"

#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>
#include <QPainter>
#include <QResizeEvent>
#include <QValueAxis>

#include "ui/figure_style.h"

namespace rsmi::ui {

ChartFigure::ChartFigure(QWidget* parent) : QWidget(parent) {
  chart_ = new QChart;
  figure::styleChart(chart_);
  view_ = new QChartView(chart_, this);  // takes ownership of the chart
  view_->setRenderHint(QPainter::Antialiasing);
  view_->setFrameShape(QFrame::NoFrame);
  view_->setBackgroundBrush(figure::backgroundColour());
  chart_->layout()->setContentsMargins(0, 0, 0, 0);  // the chart's white fills the widget
  view_->setGeometry(rect());
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QSize ChartFigure::sizeHint() const { return {720, 480}; }
QSize ChartFigure::minimumSizeHint() const { return {320, 220}; }

void ChartFigure::setTitle(const QString& title) { chart_->setTitle(title); }

void ChartFigure::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  view_->setGeometry(rect());
}

void ChartFigure::syncGeometry() {
  if (view_->geometry() != rect()) view_->setGeometry(rect());
  // As QChartView::resizeEvent does, which a hidden widget has not received yet.
  if (chart_->size() != QSizeF(view_->size())) {
    chart_->resize(view_->size());
    view_->setSceneRect(chart_->geometry());
  }
  if (chart_->layout()) chart_->layout()->activate();
}

void ChartFigure::paintFigure(QPainter& painter, const QRectF& area) {
  syncGeometry();
  painter.save();
  painter.fillRect(area, figure::backgroundColour());
  chart_->scene()->render(&painter, area, QRectF(chart_->pos(), chart_->size()), Qt::IgnoreAspectRatio);
  painter.restore();
}

QPointF ChartFigure::toChart(const QChart* chart, const QValueAxis* x, const QValueAxis* y, QPointF data) {
  const QRectF plot = chart->plotArea();
  const double dx = x->max() - x->min(), dy = y->max() - y->min();
  if (!(dx > 0) || !(dy > 0)) return plot.center();
  return {plot.left() + (data.x() - x->min()) / dx * plot.width(),
          plot.bottom() - (data.y() - y->min()) / dy * plot.height()};
}

} // namespace rsmi::ui
