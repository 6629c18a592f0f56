#pragma once
// Export of figures to PNG (at a chosen DPI), SVG and PDF by painting them again on the target
// device — never a screen grab — so that SVG and PDF hold vectors and PNG is sharp at any
// resolution. Files are written atomically (QSaveFile): a failed export leaves an existing file as
// it was.
//
// Sizes are logical pixels at 96 per inch (the screen's unit): a 900×600 figure is 9.375 × 6.25
// inches; at 300 DPI its PNG is 2813 × 1875 pixels. SVG and PDF keep the logical size and are
// resolution-free; only the PNG depends on the DPI.
//
// Figures are exported in the default figure style — light background, 100 % text — whatever the
// screen's theme and zoom (figure_style.h): they are for papers and slides, not a copy of the screen.
#include <functional>
#include <optional>

#include <QImage>
#include <QRectF>
#include <QSize>
#include <QString>

class QPainter;
class QWidget;

namespace rsmi::ui {

enum class FigureFormat { Png, Svg, Pdf };

// By the file's suffix (case-insensitive): .png, .svg, .pdf; nothing otherwise.
std::optional<FigureFormat> figureFormatForPath(const QString& path);

// Widgets that can paint themselves into any rectangle with any painter implement this; the
// export (and their own paintEvent) call it.
class FigureSource {
public:
  virtual ~FigureSource() = default;
  virtual void paintFigure(QPainter& painter, const QRectF& area) = 0;
};

// Paints `area` = (0, 0, logicalSize) with any painter: screen, raster image, SVG or PDF.
using FigurePainter = std::function<void(QPainter& painter, const QRectF& area)>;

// Empty on success, otherwise a message for the user (the file was not written or replaced).
QString exportFigure(const FigurePainter& paint, QSize logicalSize, const QString& path, FigureFormat format,
                     double dpi = 300);
// A FigureSource paints itself; a QGraphicsView (a chart) renders its scene; any other widget is
// rendered through QWidget::render. The logical size is the widget's current size.
QString exportFigure(QWidget& widget, const QString& path, FigureFormat format, double dpi = 300);

// The widget's figure painted again into an image of its logical size × `devicePixelRatio` pixels
// (the ratio set on the image, so that it pastes at the logical size, sharp on high-DPI screens),
// on white; a null image for a widget of no size. For the clipboard (Edit → Copy plot).
QImage renderFigureImage(QWidget& widget, double devicePixelRatio = 2);

} // namespace rsmi::ui
