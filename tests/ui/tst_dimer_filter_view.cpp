// DimerFilterView maps each entry of the dimer encoding (SCIENCE.md §1) to what it is on the
// lattice: a filter equal to the staggered pattern P_x must draw alternating red/blue bars on the
// horizontal links (sign (−1)^{x+y}), white bars on the vertical links and white noise dots.
#include <cmath>
#include <vector>

#include <QImage>
#include <QtTest>

#include "core/learn/filter.h"
#include "core/models/dimer_covering.h"
#include "ui/colour_map.h"
#include "ui/dimer_filter_view.h"

using rsmi::DimerEntry;
using rsmi::FieldAxis;
using rsmi::Filter;
using rsmi::ui::DimerFilterView;
using rsmi::ui::DivergingColourMap;

namespace {

Filter rows(const std::vector<std::vector<double>>& weights) {
  Filter f = Filter::zeros(static_cast<int>(weights.size()), static_cast<int>(weights[0].size()));
  for (std::size_t j = 0; j < weights.size(); ++j)
    for (std::size_t i = 0; i < weights[j].size(); ++i) f.weights(static_cast<int>(j), static_cast<int>(i)) = weights[j][i];
  return f;
}

QImage render(DimerFilterView& view) { return view.grab().toImage().convertToFormat(QImage::Format_RGB32); }

QColor pixelAt(const QImage& image, QPointF p) {
  return image.pixelColor(static_cast<int>(std::floor(p.x())), static_cast<int>(std::floor(p.y())));
}

int stagger(int x, int y) { return (x + y) % 2 == 0 ? 1 : -1; }

} // namespace

class TestDimerFilterView : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void staggeredPatternsOnTheirLinks_data();
  void staggeredPatternsOnTheirLinks();
  void noiseEntriesAreDots();
  void oddOriginShiftsTheEntryKinds();
  void sharedScaleAndBadShape();
};

void TestDimerFilterView::staggeredPatternsOnTheirLinks_data() {
  QTest::addColumn<QSize>("widget");
  QTest::addRow("projector") << QSize(900, 600);
  QTest::addRow("small") << QSize(420, 260);
}

// Hidden 1 = P_x, hidden 2 = P_y on a 4×4 block of the encoding (2×2 cells).
void TestDimerFilterView::staggeredPatternsOnTheirLinks() {
  QFETCH(QSize, widget);
  const std::vector<double> px = rsmi::staggeredPattern(FieldAxis::X, 4, 4);
  const std::vector<double> py = rsmi::staggeredPattern(FieldAxis::Y, 4, 4);
  DimerFilterView view;
  view.resize(widget);
  view.setFilter(rows({px, py}), 4, 4);
  QCOMPARE(view.hiddenCount(), 2);
  QCOMPARE(view.cellColumns(), 2);
  QCOMPARE(view.cellRows(), 2);
  QCOMPARE(view.scaleLimit(), 1.0);
  const QImage image = render(view);
  const QColor white(Qt::white);
  for (int hidden = 0; hidden < 2; ++hidden)
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 2; ++x) {
        const QString where = QStringLiteral("hidden %1 cell (%2, %3)").arg(hidden + 1).arg(x).arg(y);
        const QColor signed_ = DivergingColourMap::colour(stagger(x, y), 1.0);
        const QColor horizontal = pixelAt(image, view.linkCentre(hidden, x, y, true));
        const QColor vertical = pixelAt(image, view.linkCentre(hidden, x, y, false));
        QVERIFY2(horizontal == (hidden == 0 ? signed_ : white), qPrintable(where + " horizontal"));
        QVERIFY2(vertical == (hidden == 1 ? signed_ : white), qPrintable(where + " vertical"));
        // Red for (−1)^{x+y} = +1, blue for −1.
        const QColor onPattern = hidden == 0 ? horizontal : vertical;
        if (stagger(x, y) > 0)
          QVERIFY2(onPattern.red() > onPattern.blue(), qPrintable(where));
        else
          QVERIFY2(onPattern.blue() > onPattern.red(), qPrintable(where));
        QVERIFY2(pixelAt(image, view.siteCentre(hidden, x, y)) == white, qPrintable(where + " vertex noise"));
        QVERIFY2(pixelAt(image, view.faceCentre(hidden, x, y)) == white, qPrintable(where + " face noise"));
      }
  // Links and faces on a distinct place each: the four probes of a cell are far apart.
  const QPointF a = view.linkCentre(0, 0, 0, true), b = view.linkCentre(0, 0, 0, false);
  QVERIFY(QLineF(a, b).length() > 20);
  QVERIFY(view.linkCentre(0, 2, 0, true).isNull());  // beyond the block
}

void TestDimerFilterView::noiseEntriesAreDots() {
  // Weight +1 on the vertex noise, −1 on the face noise, 0 on the links: dots red and blue.
  std::vector<double> w(16, 0.0);
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) {
      if (rsmi::dimerEntryKind(r, c) == DimerEntry::VertexNoise) w[r * 4 + c] = 1;
      if (rsmi::dimerEntryKind(r, c) == DimerEntry::FaceNoise) w[r * 4 + c] = -1;
    }
  DimerFilterView view;
  view.resize(700, 500);
  view.setFilter(rows({w}), 4, 4);
  const QImage image = render(view);
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 2; ++x) {
      QCOMPARE(pixelAt(image, view.siteCentre(0, x, y)), DivergingColourMap::colour(1, 1));
      QCOMPARE(pixelAt(image, view.faceCentre(0, x, y)), DivergingColourMap::colour(-1, 1));
      QCOMPARE(pixelAt(image, view.linkCentre(0, x, y, true)), QColor(Qt::white));
    }
}

// A block starting at entry (1, 1) begins with a face-noise entry: what is a link and what is
// noise follows the global position, and cells are counted from the one holding (1, 1).
void TestDimerFilterView::oddOriginShiftsTheEntryKinds() {
  const int row0 = 1, col0 = 1;
  std::vector<double> w(16, 0.0);
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) {
      const DimerEntry kind = rsmi::dimerEntryKind(row0 + r, col0 + c);
      if (kind == DimerEntry::VerticalLink) w[r * 4 + c] = 1;
      if (kind == DimerEntry::HorizontalLink) w[r * 4 + c] = -1;
    }
  DimerFilterView view;
  view.resize(700, 500);
  view.setFilter(rows({w}), 4, 4, row0, col0);
  QCOMPARE(view.cellColumns(), 3);
  QCOMPARE(view.cellRows(), 3);
  const QImage image = render(view);
  const QColor red = DivergingColourMap::colour(1, 1), blue = DivergingColourMap::colour(-1, 1);
  // Entries (2y+1, 2x) with rows 1…4, columns 1…4: vertical links of cells x ∈ {1, 2}, y ∈ {0, 1};
  // entries (2y, 2x+1): horizontal links of cells x ∈ {0, 1}, y ∈ {1, 2}.
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 3; ++x) {
      const QString where = QStringLiteral("cell (%1, %2)").arg(x).arg(y);
      const bool vertical = (x == 1 || x == 2) && (y == 0 || y == 1);
      const bool horizontal = (x == 0 || x == 1) && (y == 1 || y == 2);
      const QColor v = pixelAt(image, view.linkCentre(0, x, y, false));
      const QColor h = pixelAt(image, view.linkCentre(0, x, y, true));
      if (vertical) QVERIFY2(v == red, qPrintable(where)); else QVERIFY2(v != red && v != blue, qPrintable(where));
      if (horizontal) QVERIFY2(h == blue, qPrintable(where)); else QVERIFY2(h != red && h != blue, qPrintable(where));
    }
}

void TestDimerFilterView::sharedScaleAndBadShape() {
  std::vector<double> a(16, 0.0), b(16, 0.0);
  a[1] = 2.0;  // horizontal link of cell (0, 0)
  b[1] = 0.5;
  DimerFilterView view;
  view.resize(700, 400);
  view.setFilter(rows({a, b}), 4, 4);
  QCOMPARE(view.scaleLimit(), 2.0);
  const QImage image = render(view);
  QCOMPARE(pixelAt(image, view.linkCentre(1, 0, 0, true)), DivergingColourMap::colour(0.5, 2.0));
  view.setFilter(rows({a}), 4, 2);  // 16 weights, 8 entries
  QVERIFY(view.isEmpty());
  QVERIFY(view.linkCentre(0, 0, 0, true).isNull());
  render(view);
}

QTEST_MAIN(TestDimerFilterView)
#include "tst_dimer_filter_view.moc"
