// WindowDiagram: the regions V, B, E of the RSMI window (SCIENCE.md §2), their sizes, and their
// colours where the cells are drawn.
#include <cmath>

#include <QImage>
#include <QtTest>

#include "ui/window_diagram.h"

using rsmi::WindowGeometry;
using rsmi::ui::WindowDiagram;
using Region = rsmi::ui::WindowDiagram::Region;

class TestWindowDiagram : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void regionSizes_data();
  void regionSizes();
  void coloursAtCellCentres();
  void regionsAreDistinct();
};

void TestWindowDiagram::regionSizes_data() {
  QTest::addColumn<int>("w");
  QTest::addColumn<int>("h");
  QTest::addColumn<int>("buffer");
  QTest::addColumn<int>("environment");
  QTest::addColumn<bool>("oneD");
  QTest::addColumn<int>("visible");
  QTest::addColumn<int>("buffered");
  QTest::addColumn<int>("env");
  // The paper's window: 2×2 block, buffer 1, environment 1 → 6×6, 20 environment spins.
  QTest::addRow("paper 2x2") << 2 << 2 << 1 << 1 << false << 4 << 12 << 20;
  QTest::addRow("no buffer") << 2 << 2 << 0 << 1 << false << 4 << 0 << 12;
  QTest::addRow("dimer 4x4") << 4 << 4 << 2 << 4 << false << 16 << 48 << 192;
  QTest::addRow("1D") << 4 << 1 << 2 << 3 << true << 4 << 4 << 6;
}

void TestWindowDiagram::regionSizes() {
  QFETCH(int, w);
  QFETCH(int, h);
  QFETCH(int, buffer);
  QFETCH(int, environment);
  QFETCH(bool, oneD);
  QFETCH(int, visible);
  QFETCH(int, buffered);
  QFETCH(int, env);
  WindowDiagram d;
  d.setWindowGeometry(WindowGeometry{w, h, buffer, environment}, oneD);
  QCOMPARE(d.siteCount(Region::Visible), visible);
  QCOMPARE(d.siteCount(Region::Buffer), buffered);
  QCOMPARE(d.siteCount(Region::Environment), env);
  QCOMPARE(d.windowWidth(), w + 2 * (buffer + environment));
  QCOMPARE(d.windowHeight(), oneD ? 1 : h + 2 * (buffer + environment));
  int counted[3] = {0, 0, 0};
  for (int y = 0; y < d.windowHeight(); ++y)
    for (int x = 0; x < d.windowWidth(); ++x) ++counted[static_cast<int>(d.regionAt(x, y))];
  QCOMPARE(counted[0], visible);
  QCOMPARE(counted[1], buffered);
  QCOMPARE(counted[2], env);
}

void TestWindowDiagram::coloursAtCellCentres() {
  for (QSize size : {QSize(420, 220), QSize(900, 600), QSize(220, 300)}) {
    WindowDiagram d;
    d.resize(size);
    d.setWindowGeometry(WindowGeometry{2, 2, 1, 1});
    const QImage image = d.grab().toImage().convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < 6; ++y)
      for (int x = 0; x < 6; ++x) {
        const QRectF cell = d.cellRect(x, y);
        QVERIFY(QRectF(d.rect()).contains(cell));
        // A little off centre: the block's outline runs through the middle of no cell, but keep
        // clear of it anyway.
        const QPointF p = cell.center() + QPointF(cell.width() * 0.15, cell.height() * 0.15);
        QCOMPARE(image.pixelColor(p.toPoint()), WindowDiagram::regionColour(d.regionAt(x, y)));
      }
    QCOMPARE(d.regionAt(0, 0), Region::Environment);
    QCOMPARE(d.regionAt(1, 1), Region::Buffer);
    QCOMPARE(d.regionAt(2, 3), Region::Visible);
  }
}

void TestWindowDiagram::regionsAreDistinct() {
  const QColor v = WindowDiagram::regionColour(Region::Visible), b = WindowDiagram::regionColour(Region::Buffer),
               e = WindowDiagram::regionColour(Region::Environment);
  QVERIFY(v != b && b != e && v != e);
  // Apart in lightness too, for greyscale print and colour-blind viewers.
  QVERIFY(std::abs(b.lightness() - e.lightness()) > 50);
  QVERIFY(std::abs(b.lightness() - v.lightness()) > 50);
}

QTEST_MAIN(TestWindowDiagram)
#include "tst_window_diagram.moc"
