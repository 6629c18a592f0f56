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
  applied_ = figure::style();
  // restyle() is virtual: called from the signal, never from here, so subclasses' versions run.
  connect(figure::notifier(), &figure::StyleNotifier::changed, this, &ChartFigure::restyle);
}

void ChartFigure::restyle() {
  applied_ = figure::style();
  figure::applyChartStyle(chart_);
  view_->setBackgroundBrush(figure::backgroundColour());
  updateGeometry();
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
  const bool other = !(figure::style() == applied_);  // an export of a dark or zoomed chart
  if (other) restyle();
  syncGeometry();
  painter.save();
  painter.fillRect(area, figure::backgroundColour());
  chart_->scene()->render(&painter, area, QRectF(chart_->pos(), chart_->size()), Qt::IgnoreAspectRatio);
  painter.restore();
  if (other) {
    const figure::StyleScope screen(figure::screenStyle());
    restyle();
    syncGeometry();
  }
}

QPointF ChartFigure::toChart(const QChart* chart, const QValueAxis* x, const QValueAxis* y, QPointF data) {
  const QRectF plot = chart->plotArea();
  const double dx = x->max() - x->min(), dy = y->max() - y->min();
  if (!(dx > 0) || !(dy > 0)) return plot.center();
  return {plot.left() + (data.x() - x->min()) / dx * plot.width(),
          plot.bottom() - (data.y() - y->min()) / dy * plot.height()};
}

} // namespace rsmi::ui
