#pragma once
// WindowDiagram: the RSMI window (SCIENCE.md §2) at a glance — the visible block V (w×h), the
// buffer B of width L_B around it and the environment E of width L_E around the buffer — as
// coloured cells with a legend giving each region's size. Used beside the geometry controls, so
// that a change of w, h, L_B or L_E shows at once what the filter sees and what it must predict.
#include <QColor>
#include <QString>
#include <QWidget>

#include "core/lattice/window_geometry.h"
#include "ui/figure_export.h"

namespace rsmi::ui {

class WindowDiagram : public QWidget, public FigureSource {
  Q_OBJECT

public:
  enum class Region { Visible, Buffer, Environment };

  explicit WindowDiagram(QWidget* parent = nullptr);

  // 1D: a segment of w sites with L_B and L_E on both sides (blockHeight is ignored).
  void setWindowGeometry(const WindowGeometry& geometry, bool oneDimensional = false);
  const WindowGeometry& windowGeometry() const { return geometry_; }
  bool oneDimensional() const { return oneDimensional_; }

  int windowWidth() const;
  int windowHeight() const;
  int siteCount(Region region) const;
  Region regionAt(int x, int y) const;  // window cell (x, y), 0-based from the top left
  static QColor regionColour(Region region);

  QRectF cellRect(int x, int y) const;  // widget coordinates at the current size

  void paintFigure(QPainter& painter, const QRectF& area) override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

protected:
  void paintEvent(QPaintEvent* event) override;

private:
  struct Layout {
    QRectF grid, legend;
    double cell = 0;
    bool legendBelow = false;
  };
  Layout layout(const QRectF& area) const;
  QString legendText(Region region) const;

  WindowGeometry geometry_;
  bool oneDimensional_ = false;
};

} // namespace rsmi::ui
