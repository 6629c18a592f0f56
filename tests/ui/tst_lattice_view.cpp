// LatticeView draws what it is given: spin colours at cell centres, dimer bars on occupied links,
// noise dots, the 1D space-time picture, and a centred, aspect-preserving layout.
#include <cmath>
#include <memory>
#include <vector>

#include <QImage>
#include <QtTest>

#include "ui/lattice_snapshot.h"
#include "ui/lattice_view.h"

using rsmi::ModelKind;
using rsmi::ui::LatticeView;

namespace {

using Spins = std::vector<std::int8_t>;

std::shared_ptr<const Spins> share(Spins s) { return std::make_shared<const Spins>(std::move(s)); }

QImage render(LatticeView& view) { return view.grab().toImage().convertToFormat(QImage::Format_RGB32); }

QColor pixelAt(const QImage& image, QPointF p) {
  return image.pixelColor(static_cast<int>(std::floor(p.x())), static_cast<int>(std::floor(p.y())));
}

// A dimer covering of the 4×4 torus in the encoding of SCIENCE.md §1, as lists of occupied links.
struct Link {
  int x, y;
  bool horizontal;
};

Spins encodeDimers(int L, const std::vector<Link>& links) {
  const int side = 2 * L;
  Spins s(static_cast<std::size_t>(side) * side, 0);
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x) {
      s[(2 * y) * side + 2 * x + 1] = -1;
      s[(2 * y + 1) * side + 2 * x] = -1;
    }
  for (const Link& l : links) {
    if (l.horizontal)
      s[(2 * l.y) * side + 2 * l.x + 1] = 1;
    else
      s[(2 * l.y + 1) * side + 2 * l.x] = 1;
  }
  return s;
}

// Row 0: (1,0)-(2,0) and (3,0)-(0,0) across the boundary; row 1: (0,1)-(1,1), (2,1)-(3,1);
// rows 2-3: four vertical dimers (x,2)-(x,3).
std::vector<Link> sampleCovering() {
  return {{1, 0, true}, {3, 0, true}, {0, 1, true}, {2, 1, true},
          {0, 2, false}, {1, 2, false}, {2, 2, false}, {3, 2, false}};
}

bool isDimerColour(const QColor& c) {
  for (bool h : {false, true})
    for (bool e : {false, true})
      if (c == LatticeView::dimerColor(h, e)) return true;
  return false;
}

} // namespace

class TestLatticeView : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void spinColoursAtCellCentres_data();
  void spinColoursAtCellCentres();
  void layoutIsCentredAndKeepsAspect_data();
  void layoutIsCentredAndKeepsAspect();
  void coloursAreDistinct();
  void dimerBarsOnOccupiedLinks();
  void dimerNoiseDots();
  void largeDimerLatticeColoursSites();
  void chainDrawsSpaceTime();
  void chainHistoryIsBounded();
  void snapshotSetsModel();
  void badInputClearsInsteadOfCrashing();
  void windowOverlayOutlinesVBE();
};

// The RSMI window over a 16×16 lattice: V (2×2) on the block grid at the centre, B one site around
// it, E one more; its outline in V's colour on screen; nothing for dimers, for a window larger than
// the lattice, or when switched off.
void TestLatticeView::windowOverlayOutlinesVBE() {
  LatticeView view;
  view.resize(400, 400);
  view.setModel(ModelKind::Ising2D);
  view.setConfiguration(share(Spins(256, 1)), {16, 16});
  QVERIFY(view.windowOverlayRects().empty());
  rsmi::WindowGeometry g;  // 2×2, buffer 1, environment 1
  view.setWindowOverlay(g);
  const std::vector<QRectF> rects = view.windowOverlayRects();
  QCOMPARE(rects.size(), std::size_t(3));
  const QRectF lattice = view.latticeRect();
  const double cell = lattice.width() / 16;
  QCOMPARE(rects[0].topLeft(), lattice.topLeft() + QPointF(8 * cell, 8 * cell));
  QCOMPARE(rects[0].size(), QSizeF(2 * cell, 2 * cell));
  QCOMPARE(rects[1].size(), QSizeF(4 * cell, 4 * cell));
  QCOMPARE(rects[2].size(), QSizeF(6 * cell, 6 * cell));
  QCOMPARE(rects[2].center(), rects[0].center());
  const QImage image = render(view);
  const QPointF onV(rects[0].center().x(), rects[0].bottom());
  QCOMPARE(pixelAt(image, onV), LatticeView::visibleColor());
  // The spins away from the window are untouched.
  QCOMPARE(pixelAt(image, view.siteCentre(1, 1)), LatticeView::spinColor(1));

  g.environment = 7;  // 2 + 2 × 8 = 18 sites: larger than the lattice
  view.setWindowOverlay(g);
  QVERIFY(view.windowOverlayRects().empty());
  view.setWindowOverlay(std::nullopt);
  QVERIFY(view.windowOverlayRects().empty());
  view.setWindowOverlay(rsmi::WindowGeometry{});
  view.setModel(ModelKind::Dimer);
  view.setConfiguration(share(encodeDimers(4, sampleCovering())), {8, 8});
  QVERIFY(view.windowOverlayRects().empty());
}

void TestLatticeView::spinColoursAtCellCentres_data() {
  QTest::addColumn<QList<int>>("spins");  // 4×4, row-major
  QTest::addColumn<QSize>("widget");
  QTest::addRow("checkerboard, square widget")
      << QList<int>{1, -1, 1, -1, -1, 1, -1, 1, 1, -1, 1, -1, -1, 1, -1, 1} << QSize(200, 200);
  QTest::addRow("stripes, wide widget")
      << QList<int>{1, 1, 1, 1, -1, -1, -1, -1, 1, 1, 1, 1, -1, -1, -1, -1} << QSize(500, 180);
  QTest::addRow("one flipped spin, tall widget")
      << QList<int>{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, 1, 1, 1, 1, 1} << QSize(150, 420);
  QTest::addRow("irregular, odd size")
      << QList<int>{1, -1, -1, 1, 1, 1, -1, -1, -1, 1, -1, 1, -1, -1, 1, 1} << QSize(257, 263);
}

void TestLatticeView::spinColoursAtCellCentres() {
  QFETCH(QList<int>, spins);
  QFETCH(QSize, widget);
  LatticeView view;
  view.resize(widget);
  view.setModel(ModelKind::Ising2D);
  view.setConfiguration(share(Spins(spins.begin(), spins.end())), {4, 4});
  const QImage image = render(view);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) {
      const QColor expected = LatticeView::spinColor(spins[y * 4 + x]);
      QCOMPARE(pixelAt(image, view.siteCentre(x, y)), expected);
    }
  // Outside the lattice: the surround.
  QCOMPARE(image.pixelColor(1, 1), LatticeView::surroundColor());
}

void TestLatticeView::layoutIsCentredAndKeepsAspect_data() {
  QTest::addColumn<QSize>("widget");
  QTest::addColumn<int>("rows");
  QTest::addColumn<int>("cols");
  QTest::addRow("square in square") << QSize(300, 300) << 16 << 16;
  QTest::addRow("square in wide") << QSize(900, 300) << 32 << 32;
  QTest::addRow("square in tall") << QSize(300, 900) << 8 << 8;
  QTest::addRow("wide lattice") << QSize(400, 400) << 4 << 16;
  QTest::addRow("more spins than pixels") << QSize(200, 200) << 512 << 512;
}

void TestLatticeView::layoutIsCentredAndKeepsAspect() {
  QFETCH(QSize, widget);
  QFETCH(int, rows);
  QFETCH(int, cols);
  LatticeView view;
  view.resize(widget);
  view.setConfiguration(share(Spins(static_cast<std::size_t>(rows) * cols, 1)), {rows, cols});
  const QRectF r = view.latticeRect();
  QVERIFY(!r.isEmpty());
  QVERIFY(QRectF(QPointF(0, 0), QSizeF(widget)).contains(r));
  QVERIFY(std::abs(r.center().x() - widget.width() / 2.0) <= 1.0);
  QVERIFY(std::abs(r.center().y() - widget.height() / 2.0) <= 1.0);
  // Square cells, and the lattice fills the limiting direction (up to the margin and rounding).
  QVERIFY(std::abs(r.width() / cols - r.height() / rows) <= 0.02 * r.width() / cols + 0.5 / rows);
  const double fill = std::max(r.width() / (widget.width() - 24), r.height() / (widget.height() - 24));
  QVERIFY2(fill > 0.84 && fill <= 1.0001, qPrintable(QString::number(fill)));
}

void TestLatticeView::coloursAreDistinct() {
  QVERIFY(LatticeView::spinColor(1) != LatticeView::spinColor(-1));
  QVERIFY(LatticeView::spinColor(1) != LatticeView::surroundColor());
  QVERIFY(LatticeView::spinColor(-1) != LatticeView::surroundColor());
  QVERIFY(!isDimerColour(LatticeView::boardColor()));
  // The two spin colours differ strongly in lightness, so they stay apart for colour-blind viewers
  // and in greyscale print.
  QVERIFY(std::abs(LatticeView::spinColor(1).lightness() - LatticeView::spinColor(-1).lightness()) > 80);
}

void TestLatticeView::dimerBarsOnOccupiedLinks() {
  const int L = 4;
  const auto links = sampleCovering();
  LatticeView view;
  view.resize(320, 320);
  view.setModel(ModelKind::Dimer);
  view.setConfiguration(share(encodeDimers(L, links)), {2 * L, 2 * L});
  const QImage image = render(view);
  const QRectF r = view.latticeRect();
  const double c = r.width() / L;
  QVERIFY(c >= 40);

  auto occupied = [&](int x, int y, bool h) {
    for (const Link& l : links)
      if (l.x == x && l.y == y && l.horizontal == h) return true;
    return false;
  };
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x)
      for (bool h : {true, false}) {
        // The link's midpoint, or for a link across the boundary the point just inside the near edge.
        const QPointF a = view.siteCentre(x, y);
        QPointF probe = h ? a + QPointF(c / 2, 0) : a + QPointF(0, c / 2);
        if (h && x == L - 1) probe = a + QPointF(0.4 * c, 0);
        if (!h && y == L - 1) probe = a + QPointF(0, 0.4 * c);
        const QColor colour = pixelAt(image, probe);
        const QString where = QStringLiteral("%1 link at (%2, %3)").arg(h ? "horizontal" : "vertical").arg(x).arg(y);
        if (occupied(x, y, h))
          QVERIFY2(colour == LatticeView::dimerColor(h, (x + y) % 2 == 0), qPrintable(where));
        else
          QVERIFY2(!isDimerColour(colour), qPrintable(where));
      }
  // The dimer (3,0)-(0,0) across the boundary also shows at the left edge, next to site (0, 0).
  QCOMPARE(pixelAt(image, view.siteCentre(0, 0) - QPointF(0.4 * c, 0)), LatticeView::dimerColor(true, false));
  // No noise: no dots at the face centres.
  QVERIFY(!isDimerColour(pixelAt(image, view.siteCentre(1, 2) + QPointF(c / 2, c / 2))));
  QCOMPARE(pixelAt(image, view.siteCentre(1, 2) + QPointF(c / 2, c / 2)), LatticeView::boardColor());
}

void TestLatticeView::dimerNoiseDots() {
  const int L = 4, side = 2 * L;
  Spins s = encodeDimers(L, sampleCovering());
  s[(2 * 1) * side + 2 * 1] = 1;       // vertex noise at site (1, 1): white dot
  s[(2 * 2 + 1) * side + 2 * 2 + 1] = -1;  // face noise of cell (2, 2): dark dot
  LatticeView view;
  view.resize(320, 320);
  view.setModel(ModelKind::Dimer);
  view.setConfiguration(share(std::move(s)), {side, side});
  const QImage image = render(view);
  const double c = view.latticeRect().width() / L;
  QCOMPARE(pixelAt(image, view.siteCentre(1, 1)), QColor(Qt::white));
  QCOMPARE(pixelAt(image, view.siteCentre(2, 2) + QPointF(c / 2, c / 2)), QColor(0x22, 0x22, 0x22));
  // Sites without noise show the dimer under them.
  QVERIFY(isDimerColour(pixelAt(image, view.siteCentre(2, 1))));
}

void TestLatticeView::largeDimerLatticeColoursSites() {
  // 128×128 sites in 300 px: too small for bars, each site takes the colour of its dimer.
  const int L = 128;
  std::vector<Link> columnar;
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; x += 2) columnar.push_back({x, y, true});
  LatticeView view;
  view.resize(300, 300);
  view.setModel(ModelKind::Dimer);
  view.setConfiguration(share(encodeDimers(L, columnar)), {2 * L, 2 * L});
  const QImage image = render(view);
  for (int y : {0, 1, 64, 127})
    for (int x : {0, 1, 2, 127}) {
      const int left = x - x % 2;  // the dimer covering (x, y) starts at the even column
      QCOMPARE(pixelAt(image, view.siteCentre(x, y)), LatticeView::dimerColor(true, (left + y) % 2 == 0));
    }
}

void TestLatticeView::chainDrawsSpaceTime() {
  const std::vector<Spins> configurations = {
      {1, 1, 1, 1, -1, -1, -1, -1}, {1, -1, 1, -1, 1, -1, 1, -1}, {-1, -1, 1, 1, -1, -1, 1, 1}};
  LatticeView view;
  view.resize(400, 400);
  view.setModel(ModelKind::Ising1D);
  for (const Spins& s : configurations) view.setConfiguration(share(s), {8});
  QCOMPARE(view.historySize(), 3);
  const QImage image = render(view);
  const QRectF r = view.latticeRect();
  QVERIFY(r.width() > 300);  // the chain spans the widget
  for (int row = 0; row < 3; ++row)
    for (int x = 0; x < 8; ++x)
      QCOMPARE(pixelAt(image, view.siteCentre(x, row)), LatticeView::spinColor(configurations[row][x]));
  // Rows not yet sampled are empty.
  QCOMPARE(pixelAt(image, view.siteCentre(3, 4)), LatticeView::boardColor());
}

void TestLatticeView::chainHistoryIsBounded() {
  LatticeView view;
  view.resize(300, 200);
  view.setModel(ModelKind::Ising1D);
  view.setHistoryDepth(5);
  for (int i = 0; i < 12; ++i) view.setConfiguration(share(Spins(64, i % 2 ? 1 : -1)), {64});
  QCOMPARE(view.historySize(), 5);
  // Newest at the bottom: configuration 11 (spin +1) in the last row drawn.
  const QImage image = render(view);
  const int rows = static_cast<int>(std::lround(view.latticeRect().height() / (view.siteCentre(0, 1).y() - view.siteCentre(0, 0).y())));
  QCOMPARE(rows, 5);
  QCOMPARE(pixelAt(image, view.siteCentre(10, 4)), LatticeView::spinColor(1));
  QCOMPARE(pixelAt(image, view.siteCentre(10, 3)), LatticeView::spinColor(-1));
  // A new chain length starts a new picture.
  view.setConfiguration(share(Spins(32, 1)), {32});
  QCOMPARE(view.historySize(), 1);
  // A chain much longer than the widget is wide still draws (subsampled).
  view.setConfiguration(share(Spins(100000, -1)), {100000});
  QVERIFY(!view.latticeRect().isEmpty());
  QCOMPARE(pixelAt(render(view), view.latticeRect().topLeft() + QPointF(5, 0.5)), LatticeView::spinColor(-1));
}

void TestLatticeView::snapshotSetsModel() {
  rsmi::ui::LatticeSnapshot snapshot;
  snapshot.model = ModelKind::Ising1D;
  snapshot.shape = {16};
  snapshot.spins = share(Spins(16, 1));
  LatticeView view;
  view.resize(200, 200);
  view.setSnapshot(snapshot);
  QCOMPARE(view.model(), ModelKind::Ising1D);
  QVERIFY(view.hasConfiguration());
  QCOMPARE(view.historySize(), 1);
}

void TestLatticeView::badInputClearsInsteadOfCrashing() {
  LatticeView view;
  view.resize(200, 200);
  view.setConfiguration(share(Spins(16, 1)), {4, 4});
  QVERIFY(view.hasConfiguration());
  view.setConfiguration(share(Spins(15, 1)), {4, 4});  // wrong size
  QVERIFY(!view.hasConfiguration());
  view.setConfiguration(nullptr, {4, 4});
  QVERIFY(!view.hasConfiguration());
  view.setModel(ModelKind::Dimer);
  view.setConfiguration(share(Spins(9, 1)), {3, 3});  // not a dimer encoding: drawn as spins, no crash
  render(view);
  view.resize(0, 0);
  render(view);
  QVERIFY(view.latticeRect().isEmpty());
}

QTEST_MAIN(TestLatticeView)
#include "tst_lattice_view.moc"
