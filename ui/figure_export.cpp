#include "ui/figure_export.h"

#include <algorithm>
#include <cmath>

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QImage>
#include <QImageWriter>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

#include "ui/figure_style.h"

namespace rsmi::ui {
namespace {

constexpr double kLogicalDpi = 96;
constexpr double kMinDpi = 24, kMaxDpi = 2400;
constexpr qint64 kMaxPngPixels = 400'000'000;  // ~1.6 GB of ARGB: beyond this, refuse politely

int dotsPerMeter(double dpi) { return static_cast<int>(std::lround(dpi / 0.0254)); }

QString failed(const QSaveFile& file, const QString& path) {
  return QCoreApplication::translate("FigureExport", "Could not write %1: %2")
      .arg(QDir::toNativeSeparators(path), file.errorString());
}

// PNG: paint at logical size with the painter scaled by dpi/96. The image reports 96 DPI while it
// is painted, so that any point-sized font resolves as on screen, and the chosen DPI afterwards.
bool writePng(const FigurePainter& paint, QSize size, double dpi, QIODevice& out) {
  const double scale = dpi / kLogicalDpi;
  const QSize pixels(std::max(1, static_cast<int>(std::lround(size.width() * scale))),
                     std::max(1, static_cast<int>(std::lround(size.height() * scale))));
  QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
  if (image.isNull()) return false;
  image.setDotsPerMeterX(dotsPerMeter(kLogicalDpi));
  image.setDotsPerMeterY(dotsPerMeter(kLogicalDpi));
  image.fill(Qt::white);
  {
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.scale(pixels.width() / double(size.width()), pixels.height() / double(size.height()));
    paint(painter, QRectF(QPointF(0, 0), QSizeF(size)));
  }
  image.setDotsPerMeterX(dotsPerMeter(dpi));
  image.setDotsPerMeterY(dotsPerMeter(dpi));
  QImageWriter writer(&out, "png");
  return writer.write(image);
}

bool writeSvg(const FigurePainter& paint, QSize size, const QString& title, QIODevice& out) {
  QSvgGenerator svg;
  svg.setOutputDevice(&out);
  svg.setSize(size);
  svg.setViewBox(QRect(QPoint(0, 0), size));
  svg.setResolution(static_cast<int>(kLogicalDpi));
  svg.setTitle(title);
  svg.setDescription(QStringLiteral("RSMI Studio"));
  QPainter painter;
  if (!painter.begin(&svg)) return false;
  painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
  paint(painter, QRectF(QPointF(0, 0), QSizeF(size)));
  return painter.end();
}

// PDF: a page exactly the figure's size, at 96 units per inch, so that logical pixels are the
// page's units and nothing needs scaling; everything the figure paints stays a vector.
bool writePdf(const FigurePainter& paint, QSize size, const QString& title, QIODevice& out) {
  QPdfWriter pdf(&out);
  pdf.setTitle(title);
  pdf.setCreator(QStringLiteral("RSMI Studio"));
  pdf.setResolution(static_cast<int>(kLogicalDpi));
  const QPageSize page(QSizeF(size.width() / kLogicalDpi, size.height() / kLogicalDpi), QPageSize::Inch,
                       QString(), QPageSize::ExactMatch);
  if (!pdf.setPageLayout(QPageLayout(page, QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)))) return false;
  QPainter painter;
  if (!painter.begin(&pdf)) return false;
  painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
  // The paint device's rectangle may differ from the figure's by rounding of the page: fit it.
  const QRect device = painter.viewport();
  painter.scale(device.width() / double(size.width()), device.height() / double(size.height()));
  paint(painter, QRectF(QPointF(0, 0), QSizeF(size)));
  return painter.end();
}

} // namespace

std::optional<FigureFormat> figureFormatForPath(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == QLatin1String("png")) return FigureFormat::Png;
  if (suffix == QLatin1String("svg")) return FigureFormat::Svg;
  if (suffix == QLatin1String("pdf")) return FigureFormat::Pdf;
  return std::nullopt;
}

QString exportFigure(const FigurePainter& paint, QSize logicalSize, const QString& path, FigureFormat format,
                     double dpi) {
  if (!paint) return QCoreApplication::translate("FigureExport", "Nothing to export.");
  if (logicalSize.isEmpty())
    return QCoreApplication::translate("FigureExport", "The figure has no size (%1×%2).")
        .arg(logicalSize.width())
        .arg(logicalSize.height());
  if (!(dpi >= kMinDpi && dpi <= kMaxDpi))
    return QCoreApplication::translate("FigureExport", "The resolution must lie between %1 and %2 DPI.")
        .arg(kMinDpi)
        .arg(kMaxDpi);
  if (format == FigureFormat::Png) {
    const double s = dpi / kLogicalDpi;
    if (static_cast<qint64>(logicalSize.width() * s) * static_cast<qint64>(logicalSize.height() * s) > kMaxPngPixels)
      return QCoreApplication::translate("FigureExport", "%1 DPI makes this image too large; choose a lower resolution.")
          .arg(dpi);
  }

  // The figure is encoded in memory first (the writers are then done, their streams flushed), and
  // written in one checked write followed by an explicit flush: QSaveFile::commit() alone does not
  // report a failure of the final flush, and would put a truncated file in place of a good one.
  QByteArray bytes;
  {
    // Publication figures: light and at 100 % whatever the screen's theme and zoom.
    const figure::StyleScope publication{figure::Style{}};
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const QString title = QFileInfo(path).completeBaseName();
    bool ok = false;
    switch (format) {
    case FigureFormat::Png: ok = writePng(paint, logicalSize, dpi, buffer); break;
    case FigureFormat::Svg: ok = writeSvg(paint, logicalSize, title, buffer); break;
    case FigureFormat::Pdf: ok = writePdf(paint, logicalSize, title, buffer); break;
    }
    if (!ok || bytes.isEmpty())
      return QCoreApplication::translate("FigureExport", "Could not export %1: the figure could not be drawn.")
          .arg(QDir::toNativeSeparators(path));
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return failed(file, path);
  if (file.write(bytes) != bytes.size() || !file.flush()) {
    const QString message = failed(file, path);
    file.cancelWriting();
    return message;
  }
  if (!file.commit()) return failed(file, path);
  return {};
}

namespace {

// How a widget paints itself as a figure: a FigureSource through paintFigure, a chart by rendering
// its scene, anything else through QWidget::render.
FigurePainter painterFor(QWidget& widget) {
  FigurePainter paint;
  if (auto* source = dynamic_cast<FigureSource*>(&widget)) {
    paint = [source](QPainter& p, const QRectF& area) { source->paintFigure(p, area); };
  } else if (auto* view = qobject_cast<QGraphicsView*>(&widget); view && view->scene()) {
    paint = [view](QPainter& p, const QRectF& area) { view->render(&p, area, view->viewport()->rect()); };
  } else {
    paint = [&widget](QPainter& p, const QRectF&) {
      widget.render(&p, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
    };
  }
  return paint;
}

QSize figureSize(const QWidget& widget) { return widget.size().isEmpty() ? widget.sizeHint() : widget.size(); }

} // namespace

QString exportFigure(QWidget& widget, const QString& path, FigureFormat format, double dpi) {
  return exportFigure(painterFor(widget), figureSize(widget), path, format, dpi);
}

QImage renderFigureImage(QWidget& widget, double devicePixelRatio) {
  const QSize size = figureSize(widget);
  if (size.isEmpty() || !(devicePixelRatio > 0)) return {};
  QImage image(QSize(static_cast<int>(std::lround(size.width() * devicePixelRatio)),
                     static_cast<int>(std::lround(size.height() * devicePixelRatio))),
               QImage::Format_ARGB32_Premultiplied);
  if (image.isNull()) return image;
  image.fill(Qt::white);
  {
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.scale(devicePixelRatio, devicePixelRatio);
    painterFor(widget)(painter, QRectF(QPointF(0, 0), QSizeF(size)));
  }
  image.setDevicePixelRatio(devicePixelRatio);
  return image;
}

} // namespace rsmi::ui
