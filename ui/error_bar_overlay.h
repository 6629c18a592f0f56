#pragma once
// Error bars for Qt Charts, which has none: one graphics item over a chart's plot area that draws
// every bar (a segment between two data points, with caps) in a single paint. Cheaper than a series
// per bar, and, being part of the chart's scene, exported with it. Data coordinates are mapped
// through the two value axes on every paint, so the bars follow zooming and resizing.
#include <vector>

#include <QColor>
#include <QGraphicsObject>
#include <QPointF>

class QChart;
class QValueAxis;

namespace rsmi::ui {

class ErrorBarOverlay : public QGraphicsObject {
  Q_OBJECT

public:
  struct Bar {
    QPointF from, to;  // data coordinates; a vertical or a horizontal bar
    QColor colour;
  };

  ErrorBarOverlay(QChart* chart, QValueAxis* x, QValueAxis* y);

  void setBars(std::vector<Bar> bars);
  const std::vector<Bar>& bars() const { return bars_; }
  void setCapLength(double pixels) { cap_ = pixels; update(); }

  QPointF toChart(QPointF data) const;  // data → chart item coordinates
  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
  void refresh();

  QChart* chart_;
  QValueAxis* x_;
  QValueAxis* y_;
  std::vector<Bar> bars_;
  double cap_ = 10;
};

} // namespace rsmi::ui
