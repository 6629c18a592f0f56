// FilterHeatmap draws each weight λ_ij as a cell of the diverging map on one shared scale ±max|λ|:
// colours at cell centres, the layout of hiddens and steps, titles, numbers, and vector export.
#include <cmath>
#include <vector>

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include "core/learn/filter.h"
#include "ui/colour_map.h"
#include "ui/figure_export.h"
#include "ui/filter_heatmap.h"

using rsmi::Filter;
using rsmi::ui::DivergingColourMap;
using rsmi::ui::FilterHeatmap;

namespace {

Filter makeFilter(int hidden, int visible, const QList<double>& weights) {
  Filter f = Filter::zeros(hidden, visible);
  for (int i = 0; i < weights.size(); ++i) f.weights(i / visible, i % visible) = weights[i];
  return f;
}

QImage render(FilterHeatmap& view) { return view.grab().toImage().convertToFormat(QImage::Format_RGB32); }

QColor centreColour(const QImage& image, const QRectF& cell) {
  return image.pixelColor(static_cast<int>(std::floor(cell.center().x())), static_cast<int>(std::floor(cell.center().y())));
}

} // namespace

class TestFilterHeatmap : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void cellCentresShowWeights_data();
  void cellCentresShowWeights();
  void scaleIsSharedAcrossPanels();
  void fixedScale();
  void stepsAreRows();
  void valuesAppearInLargeCells();
  void badShapeClears();
  void svgHasOneRectanglePerCellColour();
};

void TestFilterHeatmap::cellCentresShowWeights_data() {
  QTest::addColumn<int>("hidden");
  QTest::addColumn<int>("width");
  QTest::addColumn<int>("height");
  QTest::addColumn<QList<double>>("weights");
  QTest::addColumn<QSize>("widget");
  QTest::addRow("Kadanoff 2x2") << 1 << 2 << 2 << QList<double>{0.91, 0.88, 0.90, 0.89} << QSize(900, 600);
  QTest::addRow("signs 2x2, small widget") << 1 << 2 << 2 << QList<double>{1.0, -1.0, -0.5, 0.25} << QSize(260, 200);
  QTest::addRow("four hiddens on four spins")
      << 4 << 2 << 2
      << QList<double>{3.5, 0.1, -0.1, 0.0, 0.05, 3.4, 0.0, -0.2, 0.0, 0.1, 3.6, 0.0, -0.1, 0.0, 0.2, 3.3}
      << QSize(900, 600);
  QTest::addRow("boundary 4x4")
      << 1 << 4 << 4
      << QList<double>{0.6, 0.6, 0.6, 0.6, 0.6, 0.02, -0.03, 0.6, 0.6, 0.01, 0.0, 0.6, 0.6, 0.6, 0.6, 0.6}
      << QSize(700, 500);
  QTest::addRow("1D segment") << 2 << 4 << 1 << QList<double>{1.2, 0.1, -0.1, -1.2, 0.5, -0.5, 0.5, -0.5} << QSize(800, 300);
}

void TestFilterHeatmap::cellCentresShowWeights() {
  QFETCH(int, hidden);
  QFETCH(int, width);
  QFETCH(int, height);
  QFETCH(QList<double>, weights);
  QFETCH(QSize, widget);
  FilterHeatmap view;
  view.resize(widget);
  view.setShowValues(false);
  view.setFilter(makeFilter(hidden, width * height, weights), width, height);
  double limit = 0;
  for (double w : weights) limit = std::max(limit, std::abs(w));
  QCOMPARE(view.scaleLimit(), limit);
  const QImage image = render(view);
  for (int j = 0; j < hidden; ++j)
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) {
        const double w = weights[j * width * height + y * width + x];
        const QRectF cell = view.cellRect(0, j, x, y);
        QVERIFY(!cell.isEmpty());
        QVERIFY(QRectF(view.rect()).contains(cell));
        const QColor c = centreColour(image, cell);
        const QString where = QStringLiteral("hidden %1 cell (%2, %3), w = %4").arg(j).arg(x).arg(y).arg(w);
        QVERIFY2(c == DivergingColourMap::colour(w, limit), qPrintable(where));
        // Sign → hue, magnitude → saturation.
        if (w > 0.05 * limit) QVERIFY2(c.red() > c.blue(), qPrintable(where));
        if (w < -0.05 * limit) QVERIFY2(c.blue() > c.red(), qPrintable(where));
        if (std::abs(w) == limit) QVERIFY2(c.lightness() < 80, qPrintable(where));
      }
}

void TestFilterHeatmap::scaleIsSharedAcrossPanels() {
  // Hidden 2's weights are a tenth of hidden 1's: on the shared scale they are much paler.
  FilterHeatmap view;
  view.resize(800, 400);
  view.setShowValues(false);
  view.setFilter(makeFilter(2, 4, {2.0, 2.0, 2.0, 2.0, 0.2, 0.2, 0.2, 0.2}), 2, 2);
  QCOMPARE(view.scaleLimit(), 2.0);
  const QImage image = render(view);
  const QColor strong = centreColour(image, view.cellRect(0, 0, 0, 0));
  const QColor weak = centreColour(image, view.cellRect(0, 1, 0, 0));
  QCOMPARE(weak, DivergingColourMap::colour(0.2, 2.0));
  QVERIFY(weak.lightness() > strong.lightness() + 100);
}

void TestFilterHeatmap::fixedScale() {
  FilterHeatmap view;
  view.resize(400, 300);
  view.setShowValues(false);
  view.setScaleLimit(4.0);
  view.setFilter(makeFilter(1, 4, {1, -1, 2, -2}), 2, 2);
  QCOMPARE(view.scaleLimit(), 4.0);
  const QImage image = render(view);
  QCOMPARE(centreColour(image, view.cellRect(0, 0, 0, 1)), DivergingColourMap::colour(2, 4));
  view.setScaleLimit(std::nullopt);
  QCOMPARE(view.scaleLimit(), 2.0);
}

void TestFilterHeatmap::stepsAreRows() {
  std::vector<Filter> steps = {makeFilter(2, 4, {1, 1, 1, 1, 1, -1, 1, -1}), makeFilter(2, 4, {0.5, 0.5, 0.5, 0.5, -1, 1, -1, 1}),
                               makeFilter(1, 4, {-0.3, -0.3, -0.3, -0.3})};
  FilterHeatmap view;
  view.resize(700, 700);
  view.setShowValues(false);
  view.setFilters(steps, 2, 2, 0);
  QCOMPARE(view.rowCount(), 3);
  QCOMPARE(view.columnCount(), 2);
  QCOMPARE(view.panelTitle(1, 0), QStringLiteral("step 1 · hidden 1"));
  QCOMPARE(view.panelTitle(2, 0), QStringLiteral("step 2 · hidden 1"));
  QVERIFY(view.panelTitle(2, 1).isEmpty());  // step 2 has one hidden only
  QVERIFY(view.cellRect(2, 1, 0, 0).isEmpty());
  // Rows go down, hiddens go right.
  QVERIFY(view.cellRect(1, 0, 0, 0).top() > view.cellRect(0, 0, 1, 1).bottom());
  QVERIFY(view.cellRect(0, 1, 0, 0).left() > view.cellRect(0, 0, 1, 0).right());
  const QImage image = render(view);
  QCOMPARE(centreColour(image, view.cellRect(1, 1, 0, 0)), DivergingColourMap::colour(-1, 1));
  QCOMPARE(centreColour(image, view.cellRect(2, 0, 1, 1)), DivergingColourMap::colour(-0.3, 1));
}

void TestFilterHeatmap::valuesAppearInLargeCells() {
  FilterHeatmap view;
  view.resize(600, 400);
  view.setFilter(makeFilter(1, 4, {0.9, -0.9, 0.1, 0}), 2, 2);
  auto textPixels = [&](bool show) {
    view.setShowValues(show);
    const QImage image = render(view);
    const QRectF cell = view.cellRect(0, 0, 0, 0).adjusted(10, 10, -10, -10);
    const QColor fill = DivergingColourMap::colour(0.9, 0.9);
    int n = 0;
    for (int y = int(cell.top()); y < int(cell.bottom()); ++y)
      for (int x = int(cell.left()); x < int(cell.right()); ++x) n += image.pixelColor(x, y) != fill;
    return n;
  };
  QCOMPARE(textPixels(false), 0);
  QVERIFY(textPixels(true) > 20);
}

void TestFilterHeatmap::badShapeClears() {
  FilterHeatmap view;
  view.resize(300, 300);
  view.setFilter(makeFilter(1, 4, {1, 1, 1, 1}), 2, 2);
  QVERIFY(!view.isEmpty());
  view.setFilter(makeFilter(1, 4, {1, 1, 1, 1}), 3, 2);  // 4 weights, 6 cells
  QVERIFY(view.isEmpty());
  QVERIFY(view.cellRect(0, 0, 0, 0).isEmpty());
  render(view);  // the placeholder, no crash
  view.setFilter(makeFilter(1, 4, {1, 1, 1, 1}), 2, 2);
  view.clear();
  QVERIFY(view.isEmpty());
}

// On SVG the cells are rectangles in the map's colours (not an embedded bitmap that viewers blur).
void TestFilterHeatmap::svgHasOneRectanglePerCellColour() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  FilterHeatmap view;
  view.resize(500, 400);
  view.setFilter(makeFilter(1, 4, {1.0, -1.0, 0.5, -0.25}), 2, 2);
  const QString path = dir.filePath(QStringLiteral("filter.svg"));
  QCOMPARE(rsmi::ui::exportFigure(view, path, rsmi::ui::FigureFormat::Svg), QString());
  QFile file(path);
  QVERIFY(file.open(QIODevice::ReadOnly));
  const QString svg = QString::fromUtf8(file.readAll());
  QVERIFY(!svg.contains(QStringLiteral("<image")));
  for (double w : {1.0, -1.0, 0.5, -0.25})
    QVERIFY2(svg.contains(DivergingColourMap::colour(w, 1.0).name(), Qt::CaseInsensitive), qPrintable(QString::number(w)));
}

QTEST_MAIN(TestFilterHeatmap)
#include "tst_filter_heatmap.moc"
