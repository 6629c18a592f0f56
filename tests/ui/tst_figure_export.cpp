// Figure export: PNG at the chosen DPI, SVG and PDF, painted again for the target (never a screen
// grab), written atomically — a failed export leaves an existing file as it was.
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

#include <QFile>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QTemporaryDir>
#include <QtTest>

#include "core/learn/filter.h"
#include "ui/dimer_filter_view.h"
#include "ui/figure_export.h"
#include "ui/filter_heatmap.h"
#include "ui/mi_curve_chart.h"
#include "ui/rg_flow_chart.h"
#include "ui/thermometer_chart.h"
#include "ui/window_diagram.h"

using namespace rsmi::ui;

namespace {

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool looksLike(FigureFormat format, const QByteArray& bytes) {
  switch (format) {
  case FigureFormat::Png: return bytes.startsWith("\x89PNG");
  case FigureFormat::Svg: return bytes.startsWith("<?xml") || bytes.startsWith("<svg");
  case FigureFormat::Pdf: return bytes.startsWith("%PDF");
  }
  return false;
}

const char* suffix(FigureFormat format) {
  return format == FigureFormat::Png ? ".png" : format == FigureFormat::Svg ? ".svg" : ".pdf";
}

// One of every figure widget, filled with a little data.
std::unique_ptr<QWidget> makeWidget(const QString& kind) {
  if (kind == QLatin1String("heatmap")) {
    auto w = std::make_unique<FilterHeatmap>();
    rsmi::Filter f = rsmi::Filter::zeros(2, 4);
    f.weights << 0.9, 0.9, 0.9, 0.9, 1, -1, 1, -1;
    w->setFilter(f, 2, 2);
    return w;
  }
  if (kind == QLatin1String("dimer")) {
    auto w = std::make_unique<DimerFilterView>();
    rsmi::Filter f = rsmi::Filter::zeros(1, 16);
    f.weights(0, 1) = 1;
    f.weights(0, 4) = -1;
    w->setFilter(f, 4, 4);
    return w;
  }
  if (kind == QLatin1String("mi")) {
    auto w = std::make_unique<MiCurveChart>();
    w->setHiddenCount(1);
    w->setBaselines({{QStringLiteral("majority"), 0.577}});
    w->setCurve({{0, 1, 0.05, 0.04}, {0, 2, 0.2, 0.18}, {0, 3, 0.35, 0.33}});
    return w;
  }
  if (kind == QLatin1String("flow")) {
    auto w = std::make_unique<RgFlowChart>();
    std::vector<rsmi::FlowPoint> points(4);
    for (int i = 0; i < 4; ++i) {
      points[i].beta0 = i < 2 ? 0.42 : 0.46;
      points[i].level = i % 2;
      points[i].betaEff.beta = points[i].beta0 + (i % 2) * (i < 2 ? -0.01 : 0.01);
      points[i].betaEff.error = 0.003;
    }
    w->setFlow(points);
    w->setExactCritical(0.4406868);
    return w;
  }
  if (kind == QLatin1String("thermometer")) {
    auto w = std::make_unique<ThermometerChart>();
    w->setThermometer(rsmi::Thermometer({{0.40, 0.55, 0.01}, {0.44, 0.70, 0.01}, {0.48, 0.82, 0.01}}));
    return w;
  }
  if (kind == QLatin1String("window")) {
    auto w = std::make_unique<WindowDiagram>();
    w->setWindowGeometry({2, 2, 1, 1});
    return w;
  }
  return std::make_unique<QLabel>(QStringLiteral("a plain widget"));
}

} // namespace

class TestFigureExport : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void formatFromSuffix();
  void everyWidgetEveryFormat_data();
  void everyWidgetEveryFormat();
  void pngHasTheRequestedSize_data();
  void pngHasTheRequestedSize();
  void paintsAgainRatherThanGrabbing();
  void overwritesAnExistingFile();
  void unwritableDirectoryKeepsTheExistingFile();
  void failedWriteKeepsTheExistingFile();
  void badArguments();
};

void TestFigureExport::formatFromSuffix() {
  QCOMPARE(figureFormatForPath(QStringLiteral("a/b.png")), FigureFormat::Png);
  QCOMPARE(figureFormatForPath(QStringLiteral("flow.SVG")), FigureFormat::Svg);
  QCOMPARE(figureFormatForPath(QStringLiteral("x.y.pdf")), FigureFormat::Pdf);
  QVERIFY(!figureFormatForPath(QStringLiteral("x.jpg")));
  QVERIFY(!figureFormatForPath(QStringLiteral("png")));
}

void TestFigureExport::everyWidgetEveryFormat_data() {
  QTest::addColumn<QString>("kind");
  QTest::addColumn<int>("format");
  for (const char* kind : {"heatmap", "dimer", "mi", "flow", "thermometer", "window", "label"})
    for (FigureFormat f : {FigureFormat::Png, FigureFormat::Svg, FigureFormat::Pdf})
      QTest::newRow(qPrintable(QString::fromLatin1(kind) + QLatin1String(suffix(f)))) << QString::fromLatin1(kind) << int(f);
}

void TestFigureExport::everyWidgetEveryFormat() {
  QFETCH(QString, kind);
  QFETCH(int, format);
  const auto f = static_cast<FigureFormat>(format);
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  auto widget = makeWidget(kind);
  widget->resize(450, 300);  // never shown: the export lays it out itself
  const QString path = dir.filePath(QStringLiteral("figure") + QLatin1String(suffix(f)));
  QCOMPARE(exportFigure(*widget, path, f, 96), QString());
  const QByteArray bytes = readAll(path);
  QVERIFY(bytes.size() > 200);
  QVERIFY(looksLike(f, bytes));
  if (f == FigureFormat::Png) {
    const QImage image = QImage::fromData(bytes, "PNG");
    QCOMPARE(image.size(), QSize(450, 300));
    // Something was drawn: not a blank page.
    int dark = 0;
    for (int y = 0; y < image.height(); y += 2)
      for (int x = 0; x < image.width(); x += 2) dark += image.pixelColor(x, y).lightness() < 128;
    QVERIFY2(dark > 20, qPrintable(QString::number(dark)));
  }
  if (f == FigureFormat::Svg) QVERIFY(bytes.contains("</svg>"));
  if (f == FigureFormat::Pdf) QVERIFY(bytes.trimmed().endsWith("%%EOF"));
  // No temporary files left beside it.
  QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
}

void TestFigureExport::pngHasTheRequestedSize_data() {
  QTest::addColumn<QSize>("logical");
  QTest::addColumn<double>("dpi");
  QTest::addColumn<QSize>("pixels");
  QTest::addRow("screen") << QSize(900, 600) << 96.0 << QSize(900, 600);
  QTest::addRow("2x") << QSize(450, 300) << 192.0 << QSize(900, 600);
  QTest::addRow("print") << QSize(300, 200) << 300.0 << QSize(938, 625);
}

void TestFigureExport::pngHasTheRequestedSize() {
  QFETCH(QSize, logical);
  QFETCH(double, dpi);
  QFETCH(QSize, pixels);
  QTemporaryDir dir;
  auto heatmap = makeWidget(QStringLiteral("heatmap"));
  heatmap->resize(logical);
  const QString path = dir.filePath(QStringLiteral("h.png"));
  QCOMPARE(exportFigure(*heatmap, path, FigureFormat::Png, dpi), QString());
  const QImage image(path);
  QCOMPARE(image.size(), pixels);
  QVERIFY(std::abs(image.dotsPerMeterX() - dpi / 0.0254) < 1);  // the DPI is recorded
}

// The export paints with the figure's painter callback at the target's resolution: a figure that
// paints its own size shows the logical size, and at 2× every line is twice as many pixels.
void TestFigureExport::paintsAgainRatherThanGrabbing() {
  QTemporaryDir dir;
  QRectF seen;
  const FigurePainter paint = [&seen](QPainter& p, const QRectF& area) {
    seen = area;
    p.fillRect(area, Qt::white);
    p.fillRect(QRectF(10, 10, 20, 20), Qt::black);
  };
  const QString path = dir.filePath(QStringLiteral("square.png"));
  QCOMPARE(exportFigure(paint, QSize(100, 50), path, FigureFormat::Png, 192), QString());
  QCOMPARE(seen, QRectF(0, 0, 100, 50));
  const QImage image(path);
  QCOMPARE(image.size(), QSize(200, 100));
  QCOMPARE(image.pixelColor(21, 21), QColor(Qt::black));
  QCOMPARE(image.pixelColor(59, 59), QColor(Qt::black));
  QCOMPARE(image.pixelColor(61, 61), QColor(Qt::white));
  // SVG and PDF keep the logical size.
  const QString svg = dir.filePath(QStringLiteral("square.svg"));
  QCOMPARE(exportFigure(paint, QSize(100, 50), svg, FigureFormat::Svg), QString());
  QVERIFY(readAll(svg).contains("viewBox=\"0 0 100 50\""));
  const QString pdf = dir.filePath(QStringLiteral("square.pdf"));
  QCOMPARE(exportFigure(paint, QSize(96, 48), pdf, FigureFormat::Pdf), QString());
  QVERIFY(readAll(pdf).contains("/MediaBox [0 0 72"));  // 1 inch = 72 pt
}

void TestFigureExport::overwritesAnExistingFile() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("f.svg"));
  QFile old(path);
  QVERIFY(old.open(QIODevice::WriteOnly));
  old.write("old contents");
  old.close();
  auto w = makeWidget(QStringLiteral("window"));
  w->resize(300, 200);
  QCOMPARE(exportFigure(*w, path, FigureFormat::Svg), QString());
  QVERIFY(looksLike(FigureFormat::Svg, readAll(path)));
}

void TestFigureExport::unwritableDirectoryKeepsTheExistingFile() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("keep.png"));
  QFile old(path);
  QVERIFY(old.open(QIODevice::WriteOnly));
  old.write("the good file");
  old.close();
  QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner));
  // Root (e.g. in a container) writes anyway: then this case cannot be staged here.
  const bool writable = QFile(dir.filePath(QStringLiteral("probe"))).open(QIODevice::WriteOnly);
  if (!writable) {
    auto w = makeWidget(QStringLiteral("heatmap"));
    w->resize(300, 200);
    for (FigureFormat f : {FigureFormat::Png, FigureFormat::Svg, FigureFormat::Pdf}) {
      const QString message = exportFigure(*w, path, f);
      QVERIFY(!message.isEmpty());
      QVERIFY(message.contains(QStringLiteral("keep.png")));
      QCOMPARE(readAll(path), QByteArray("the good file"));
    }
  }
  QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
  if (writable) QSKIP("the directory stays writable for this user (root); see failedWriteKeepsTheExistingFile");
}

// A write that fails part-way (here: the file size limit, which binds root too) must not replace
// the existing file either.
void TestFigureExport::failedWriteKeepsTheExistingFile() {
  QTemporaryDir dir;
  auto w = makeWidget(QStringLiteral("mi"));
  w->resize(900, 600);
  for (FigureFormat f : {FigureFormat::Png, FigureFormat::Svg, FigureFormat::Pdf}) {
    const QString path = dir.filePath(QStringLiteral("keep") + QLatin1String(suffix(f)));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("the good file");
    old.close();
    rlimit saved{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    rlimit small = saved;
    small.rlim_cur = 512;  // bytes: every figure is larger
    const auto previous = std::signal(SIGXFSZ, SIG_IGN);
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    const QString message = exportFigure(*w, path, f);
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previous);
    QVERIFY2(!message.isEmpty(), suffix(f));
    QCOMPARE(readAll(path), QByteArray("the good file"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), static_cast<int>(f) + 1);  // no leftovers
  }
}

void TestFigureExport::badArguments() {
  QTemporaryDir dir;
  auto w = makeWidget(QStringLiteral("heatmap"));
  w->resize(300, 200);
  QVERIFY(!exportFigure(*w, dir.filePath(QStringLiteral("no/such/folder/f.png")), FigureFormat::Png).isEmpty());
  QVERIFY(!exportFigure(*w, dir.filePath(QStringLiteral("f.png")), FigureFormat::Png, 0).isEmpty());
  QVERIFY(!exportFigure(FigurePainter(), QSize(10, 10), dir.filePath(QStringLiteral("f.png")), FigureFormat::Png).isEmpty());
  QVERIFY(!exportFigure([](QPainter&, const QRectF&) {}, QSize(0, 10), dir.filePath(QStringLiteral("f.png")),
                        FigureFormat::Png)
               .isEmpty());
  QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("f.png"))));
}

QTEST_MAIN(TestFigureExport)
#include "tst_figure_export.moc"
