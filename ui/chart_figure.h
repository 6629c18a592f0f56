#pragma once
// The common base of the studio's charts: a widget that owns a Qt Charts view and chart in the
// shared figure style, keeps the chart the size of the widget (also before it is first shown, so
// that a chart can be exported straight after it is filled), and paints the chart's scene for
// export. Subclasses add series and an update API of plain values; Qt Charts stays behind them.
//
// When the screen's style changes (zoom, theme) the chart restyles itself; an export paints it in
// the export's style (light, 100 %) and restyles it back for the screen.
#include <QWidget>

#include "ui/figure_export.h"
#include "ui/figure_style.h"

class QChart;
class QChartView;
class QValueAxis;

namespace rsmi::ui {

class ChartFigure : public QWidget, public FigureSource {
  Q_OBJECT

public:
  explicit ChartFigure(QWidget* parent = nullptr);

  QChart* chart() const { return chart_; }
  void setTitle(const QString& title);

  void paintFigure(QPainter& painter, const QRectF& area) override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

  // Data → chart item coordinates through the two axes and the current plot area.
  static QPointF toChart(const QChart* chart, const QValueAxis* x, const QValueAxis* y, QPointF data);

protected:
  // Applies figure::style() to the chart: fonts, colours, axes here; subclasses add their pens and
  // marker sizes, then call this.
  virtual void restyle();
  void resizeEvent(QResizeEvent* event) override;
  // Lays the chart out at the widget's size now, without waiting for the event loop.
  void syncGeometry();

  QChartView* view_ = nullptr;
  QChart* chart_ = nullptr;

private:
  figure::Style applied_;  // the style of the last restyle()
};

} // namespace rsmi::ui
