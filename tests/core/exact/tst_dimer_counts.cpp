// Dimer counts (SCIENCE.md §7): Kasteleyn's torus counts and the open-grid product formula against
// known values and against an independent brute-force count of perfect matchings; entropy per
// site → G/π.
//
// The brute force counts sets of links of the torus with the 2L² links of SCIENCE.md §1
// ((x,y)–(x+1,y) and (x,y)–(x,y+1), periodic): on the 2×2 torus a link and its wrap-around partner
// join the same two sites but are different links, so the 2×2 torus has 8 coverings.
#include <QtTest>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "core/exact/dimer_counts.h"

using namespace rsmi::exact;

namespace {

// Perfect matchings of a width×height grid, periodic in x and/or y, counted by always covering the
// lowest uncovered site with each of its links in turn (each matching is reached exactly once).
class MatchingCounter {
public:
  MatchingCounter(int width, int height, bool periodic) : w_(width), h_(height), periodic_(periodic),
                                                          covered_(std::size_t(width) * height, false) {}
  std::uint64_t count() { return recurse(0); }

private:
  int w_, h_;
  bool periodic_;
  std::vector<bool> covered_;

  int site(int x, int y) const { return y * w_ + x; }

  std::uint64_t tryPair(int first, int a, int b) {
    if (a == b || covered_[b]) return 0;
    covered_[a] = covered_[b] = true;
    const std::uint64_t n = recurse(first + 1);
    covered_[a] = covered_[b] = false;
    return n;
  }

  std::uint64_t recurse(int first) {
    const int n = w_ * h_;
    while (first < n && covered_[first]) ++first;
    if (first == n) return 1;
    const int x = first % w_, y = first / w_;
    std::uint64_t total = 0;
    // The four links at this site: right (x,y)–(x+1,y), left (x−1,y)–(x,y), down, up. With
    // periodic wrap on a 2-wide torus, right and left reach the same site by different links.
    if (periodic_ || x + 1 < w_) total += tryPair(first, first, site((x + 1) % w_, y));
    if (periodic_ ? true : x > 0) total += tryPair(first, first, site((x - 1 + w_) % w_, y));
    if (periodic_ || y + 1 < h_) total += tryPair(first, first, site(x, (y + 1) % h_));
    if (periodic_ ? true : y > 0) total += tryPair(first, first, site(x, (y - 1 + h_) % h_));
    return total;
  }
};

} // namespace

class TestDimerCounts : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void torusKnownValues_data() {
    QTest::addColumn<int>("L");
    QTest::addColumn<double>("count");
    QTest::addRow("2x2 (multigraph, 8 links)") << 2 << 8.0;
    QTest::addRow("4x4") << 4 << 272.0;
    QTest::addRow("6x6") << 6 << 90176.0;
    QTest::addRow("8x8") << 8 << 311853312.0;
  }
  void torusKnownValues() {
    QFETCH(int, L);
    QFETCH(double, count);
    QCOMPARE(dimerTorusCoverings(L), count);
    QVERIFY(std::abs(dimerTorusLnCoverings(L) - std::log(count)) < 1e-12);
  }

  void torusMatchesBruteForce_data() {
    QTest::addColumn<int>("L");
    for (int L : {2, 4, 6}) QTest::addRow("L%d", L) << L;
  }
  void torusMatchesBruteForce() {
    QFETCH(int, L);
    MatchingCounter counter(L, L, true);
    QCOMPARE(dimerTorusCoverings(L), double(counter.count()));
  }

  void gridKnownValues_data() {
    QTest::addColumn<int>("m");
    QTest::addColumn<int>("n");
    QTest::addColumn<double>("count");
    QTest::addRow("2x2") << 2 << 2 << 2.0;
    QTest::addRow("2x3") << 2 << 3 << 3.0;
    QTest::addRow("3x3 odd") << 3 << 3 << 0.0;
    QTest::addRow("4x4") << 4 << 4 << 36.0;
    QTest::addRow("6x6") << 6 << 6 << 6728.0;
    QTest::addRow("8x8 chessboard") << 8 << 8 << 12988816.0;
    QTest::addRow("1x6 strip") << 1 << 6 << 1.0;
    QTest::addRow("0x5 empty") << 0 << 5 << 1.0;
  }
  void gridKnownValues() {
    QFETCH(int, m);
    QFETCH(int, n);
    QFETCH(double, count);
    QCOMPARE(dimerGridCoverings(m, n), count);
    QCOMPARE(dimerGridCoverings(n, m), count);
  }

  void gridMatchesBruteForce_data() {
    QTest::addColumn<int>("m");
    QTest::addColumn<int>("n");
    for (auto [m, n] : {std::pair{2, 7}, {3, 4}, {4, 5}, {5, 6}, {6, 6}, {4, 8}, {3, 10}})
      QTest::addRow("%dx%d", m, n) << m << n;
  }
  void gridMatchesBruteForce() {
    QFETCH(int, m);
    QFETCH(int, n);
    MatchingCounter counter(n, m, false);
    QCOMPARE(dimerGridCoverings(m, n), double(counter.count()));
  }

  void entropyPerSiteTendsToCatalanOverPi() {
    // G/π with G = 0.9159655941772190… (Catalan); the torus correction is O(1/L²).
    QVERIFY(std::abs(kDimerEntropyPerSite - 0.915965594177219015054603514932384110774 / std::numbers::pi) < 1e-16);
    double lastGap = 1.0;
    for (int L : {8, 32, 128, 512, 1024}) {
      const double lnZ = dimerTorusLnCoverings(L);
      QVERIFY(std::isfinite(lnZ));
      const double gap = std::abs(lnZ / (double(L) * L) - kDimerEntropyPerSite);
      QVERIFY(gap < lastGap);
      QVERIFY2(gap < 1.0 / (double(L) * L), qPrintable(QString::number(gap)));
      lastGap = gap;
    }
    QVERIFY(lastGap < 1e-6);
  }

  void refusals() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, dimerTorusCoverings(5));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, dimerTorusLnCoverings(0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, dimerGridCoverings(-1, 4));
  }
};

QTEST_GUILESS_MAIN(TestDimerCounts)
#include "tst_dimer_counts.moc"
