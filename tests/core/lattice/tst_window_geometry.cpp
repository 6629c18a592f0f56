// Window geometry (SCIENCE.md §2): sizes, site placement with periodic wrap, refusals, splitting.
#include <QtTest>

#include <set>

#include "core/lattice/window_geometry.h"

using namespace rsmi;

namespace {

// A sample whose value at site (x, y) encodes its index, so extracted entries reveal their origin.
// Values are int8, so the lattice must have < 128 sites for a unique code.
SampleSet indexedLattice(int width, int height) {
  SampleSet s;
  s.shape = height == 1 ? std::vector<int>{width} : std::vector<int>{height, width};
  for (int i = 0; i < width * height; ++i) s.values.push_back(static_cast<std::int8_t>(i));
  return s;
}

} // namespace

class TestWindowGeometry : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void sizes_data() {
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("buffer");
    QTest::addColumn<int>("env");
    QTest::addColumn<int>("lattice");
    QTest::addColumn<int>("visible");
    QTest::addColumn<int>("environment");
    // The paper's window: 2×2 block, buffer 1, environment 1 → 6×6 window, 20 environment spins.
    QTest::addRow("paper 2x2") << 2 << 2 << 1 << 1 << 8 << 4 << 20;
    QTest::addRow("4x4 B2 E2") << 4 << 4 << 2 << 2 << 16 << 16 << 12 * 12 - 8 * 8;
    QTest::addRow("2x1 B0 E1") << 2 << 1 << 0 << 1 << 8 << 2 << 4 * 3 - 2;
    QTest::addRow("no buffer 2x2 E2") << 2 << 2 << 0 << 2 << 8 << 4 << 36 - 4;
  }
  void sizes() {
    QFETCH(int, w);
    QFETCH(int, h);
    QFETCH(int, buffer);
    QFETCH(int, env);
    QFETCH(int, lattice);
    QFETCH(int, visible);
    QFETCH(int, environment);
    const std::vector<int> shape{lattice, lattice};
    WindowLayout layout({w, h, buffer, env}, shape);
    QCOMPARE(layout.visibleSize(), visible);
    QCOMPARE(layout.environmentSize(), environment);
    QCOMPARE(layout.blocksPerSample(), std::size_t(lattice / w) * std::size_t(lattice / h));
  }

  void placementWithPeriodicWrap() {
    // 6×6 lattice, paper geometry, block 0 at the origin: the window wraps on every side.
    const SampleSet s = indexedLattice(6, 6);
    WindowLayout layout({2, 2, 1, 1}, s.shape);
    std::vector<std::int8_t> v(4), e(20);
    layout.extract(s.sample(0), 0, v.data(), e.data());
    QCOMPARE(std::vector<int>(v.begin(), v.end()), (std::vector<int>{0, 1, 6, 7}));
    // The environment ring is the window's outermost row/column: window rows y = -2..3,
    // columns x = -2..3 (mod 6), i.e. x ∈ {4,5,0,1,2,3}; the full top row is y = 4.
    QCOMPARE(int(e[0]), 4 * 6 + 4);
    QCOMPARE(int(e[5]), 4 * 6 + 3);
    QCOMPARE(int(e[6]), 5 * 6 + 4);   // second row: only its two ends are environment
    QCOMPARE(int(e[7]), 5 * 6 + 3);
    QCOMPARE(int(e[19]), 3 * 6 + 3);  // bottom-right corner of the window
    // Last block (2, 2) sits at (4, 4); its window covers x, y ∈ {2..5, 0, 1}.
    layout.extract(s.sample(0), 8, v.data(), e.data());
    QCOMPARE(std::vector<int>(v.begin(), v.end()), (std::vector<int>{28, 29, 34, 35}));
    std::set<int> env(e.begin(), e.end());
    QCOMPARE(env.size(), std::size_t(20));  // no site counted twice
    QVERIFY(!env.count(28) && !env.count(21) && env.count(14));
  }

  void oneDimensional() {
    const SampleSet s = indexedLattice(12, 1);
    WindowLayout layout({2, 1, 1, 2}, s.shape);
    QCOMPARE(layout.visibleSize(), 2);
    QCOMPARE(layout.environmentSize(), 4);
    QCOMPARE(layout.windowHeight(), 1);
    std::vector<std::int8_t> v(2), e(4);
    layout.extract(s.sample(0), 0, v.data(), e.data());
    QCOMPARE(std::vector<int>(v.begin(), v.end()), (std::vector<int>{0, 1}));
    QCOMPARE(std::vector<int>(e.begin(), e.end()), (std::vector<int>{9, 10, 3, 4}));
  }

  void refusals_data() {
    QTest::addColumn<QList<int>>("shape");
    QTest::addColumn<QList<int>>("geometry");
    QTest::addColumn<QString>("message");
    QTest::addRow("block does not tile") << QList<int>{10, 10} << QList<int>{3, 3, 1, 1} << "does not tile";
    QTest::addRow("window too large") << QList<int>{4, 4} << QList<int>{2, 2, 1, 1} << "larger than the lattice";
    QTest::addRow("no environment") << QList<int>{8, 8} << QList<int>{2, 2, 1, 0} << "environment";
    QTest::addRow("negative buffer") << QList<int>{8, 8} << QList<int>{2, 2, -1, 1} << "buffer";
    QTest::addRow("2D block on 1D") << QList<int>{16} << QList<int>{2, 2, 1, 1} << "segment";
    QTest::addRow("empty block") << QList<int>{8, 8} << QList<int>{0, 2, 1, 1} << "at least 1";
    QTest::addRow("rank 3") << QList<int>{2, 2, 2} << QList<int>{1, 1, 0, 1} << "1D or 2D";
  }
  void refusals() {
    QFETCH(QList<int>, shape);
    QFETCH(QList<int>, geometry);
    QFETCH(QString, message);
    const std::vector<int> dims(shape.begin(), shape.end());
    const WindowGeometry g{geometry[0], geometry[1], geometry[2], geometry[3]};
    const QString problem = QString::fromStdString(validate(g, dims));
    QVERIFY2(problem.contains(message), qPrintable(problem));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, WindowLayout(g, dims));
  }

  void extractionAndSplit() {
    SampleSet s;
    s.shape = {8, 8};
    for (int n = 0; n < 10; ++n)
      for (int i = 0; i < 64; ++i) s.values.push_back(static_cast<std::int8_t>(n));
    WindowLayout layout({2, 2, 1, 1}, s.shape);
    const WindowSet all = extractWindows(s, layout, 0, s.count());
    QCOMPARE(all.count(), std::size_t(10 * 16));
    QCOMPARE(int(all.visible[16 * 4 * 3]), 3);  // window 48 comes from sample 3

    const WindowSplit split = splitWindows(s, layout, 0.2, 0, 7);
    QCOMPARE(split.training.count(), std::size_t(8 * 16));
    QCOMPARE(split.heldOut.count(), std::size_t(2 * 16));
    QCOMPARE(int(split.heldOut.visible.front()), 8);  // held-out windows come from unseen samples

    const WindowSet some = extractWindows(s, layout, 0, s.count(), 37, 5);
    QCOMPARE(some.count(), std::size_t(37));
    const WindowSet again = extractWindows(s, layout, 0, s.count(), 37, 5);
    QVERIFY(some.visible == again.visible && some.environment == again.environment);
    QVERIFY(std::is_sorted(some.visible.begin(), some.visible.end()));  // storage order is kept
  }
};

QTEST_GUILESS_MAIN(TestWindowGeometry)
#include "tst_window_geometry.moc"
