// Exhaustive enumeration of dimer coverings of small tori (SCIENCE.md §7): counts, exact local
// statistics and their symmetries.
#include <QtTest>

#include <cmath>
#include <set>

#include "core/exact/dimer_counts.h"
#include "core/exact/dimer_enumeration.h"

using rsmi::exact::dimerLinkIndex;
using rsmi::exact::DimerLinkSet;
using rsmi::exact::DimerTorusEnumeration;
using rsmi::exact::LinkOrientation;
constexpr auto H = LinkOrientation::Horizontal;
constexpr auto V = LinkOrientation::Vertical;

namespace {
const DimerTorusEnumeration& enumeration(int L) {
  static const DimerTorusEnumeration e2(2), e4(4), e6(6);
  return L == 2 ? e2 : L == 4 ? e4 : e6;
}
}  // namespace

class TestDimerEnumeration : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void counts_data() {
    QTest::addColumn<int>("L");
    QTest::addColumn<qulonglong>("expected");
    QTest::addRow("2x2") << 2 << 8ull;  // 2 rows × 2 links each (horizontal) + the same vertically
    QTest::addRow("4x4") << 4 << 272ull;
    QTest::addRow("6x6") << 6 << 90176ull;
  }
  void counts() {
    QFETCH(int, L);
    QFETCH(qulonglong, expected);
    QCOMPARE(static_cast<qulonglong>(enumeration(L).count()), expected);
  }

  void agreesWithKasteleyn_data() {
    QTest::addColumn<int>("L");
    QTest::addRow("4x4") << 4;
    QTest::addRow("6x6") << 6;
  }
  void agreesWithKasteleyn() {
    QFETCH(int, L);
    QCOMPARE(static_cast<double>(enumeration(L).count()), std::round(rsmi::exact::dimerTorusCoverings(L)));
  }

  void coveringsAreDistinctAndPerfect_data() { counts_data(); }
  void coveringsAreDistinctAndPerfect() {
    QFETCH(int, L);
    const auto& e = enumeration(L);
    std::set<DimerLinkSet> distinct(e.coverings().begin(), e.coverings().end());
    QCOMPARE(distinct.size(), e.count());
    for (const auto& c : e.coverings())
      for (int y = 0; y < L; ++y)
        for (int x = 0; x < L; ++x) {
          const int touching = c.has(dimerLinkIndex(L, x, y, H)) + c.has(dimerLinkIndex(L, x - 1, y, H)) +
                               c.has(dimerLinkIndex(L, x, y, V)) + c.has(dimerLinkIndex(L, x, y - 1, V));
          QCOMPARE(touching, 1);
        }
  }

  // Each site has one dimer among its 4 links; by symmetry every link holds one with probability 1/4.
  // Exactly: 4 × (coverings using the link) = all coverings.
  void linkProbabilityIsAQuarter_data() { counts_data(); }
  void linkProbabilityIsAQuarter() {
    QFETCH(int, L);
    const auto& e = enumeration(L);
    for (int link = 0; link < e.linkCount(); ++link) {
      std::size_t n = 0;
      for (const auto& c : e.coverings()) n += c.has(link);
      QCOMPARE(4 * n, e.count());
      QCOMPARE(e.linkProbability(link), 0.25);
    }
  }

  void encodingIndexMatchesScienceLayout() {
    const int L = 6;
    for (int y = 0; y < L; ++y)
      for (int x = 0; x < L; ++x) {
        QCOMPARE(rsmi::exact::dimerLinkEncodingIndex(L, dimerLinkIndex(L, x, y, H)),
                 static_cast<std::size_t>((2 * y) * 2 * L + 2 * x + 1));
        QCOMPARE(rsmi::exact::dimerLinkEncodingIndex(L, dimerLinkIndex(L, x, y, V)),
                 static_cast<std::size_t>((2 * y + 1) * 2 * L + 2 * x));
      }
    QCOMPARE(dimerLinkIndex(L, -1, L, H), dimerLinkIndex(L, L - 1, 0, H));
  }

  // The square torus is symmetric under translations, the x ↔ y reflection and x → −x.
  void symmetries_data() {
    QTest::addColumn<int>("L");
    QTest::addRow("4x4") << 4;
    QTest::addRow("6x6") << 6;
  }
  void symmetries() {
    QFETCH(int, L);
    const auto& e = enumeration(L);
    const double pH = e.horizontalPairProbability(), pV = e.verticalPairProbability();
    QVERIFY(pH > 0);
    QCOMPARE(pH, pV);
    for (int y = 0; y < L; ++y)
      for (int x = 0; x < L; ++x) QCOMPARE(e.parallelPlaquetteProbability(x, y), pH + pV);
    for (int r = 1; r < L; ++r) {
      const int a = dimerLinkIndex(L, 0, 0, H);
      QCOMPARE(e.jointLinkProbability(a, dimerLinkIndex(L, r, 0, H)),
               e.jointLinkProbability(a, dimerLinkIndex(L, -r, 0, H)));
      QCOMPARE(e.jointLinkProbability(a, dimerLinkIndex(L, 0, r, H)),
               e.jointLinkProbability(dimerLinkIndex(L, 0, 0, V), dimerLinkIndex(L, r, 0, V)));
    }
    // Adjacent links sharing a site never both hold dimers.
    QCOMPARE(e.jointLinkProbability(dimerLinkIndex(L, 0, 0, H), dimerLinkIndex(L, 1, 0, H)), 0.0);
    QCOMPARE(e.jointLinkProbability(dimerLinkIndex(L, 0, 0, H), dimerLinkIndex(L, 0, 0, V)), 0.0);
    QCOMPARE(e.linkCorrelation(0, 0), 4.0 * (0.25 - 0.0625));
  }

  void windingSectors_data() { counts_data(); }
  void windingSectors() {
    QFETCH(int, L);
    const auto& e = enumeration(L);
    const auto p = e.windingDistribution();
    double total = 0;
    for (const auto& [w, prob] : p) {
      total += prob;
      QVERIFY(std::abs(w.first) <= L / 2 && std::abs(w.second) <= L / 2);
      QVERIFY(p.count({-w.first, w.second}) == 1);
      QCOMPARE(p.at({-w.first, w.second}), prob);
      QCOMPARE(p.at({w.second, w.first}), prob);
    }
    QCOMPARE(total, 1.0);
    // Every sector is a sum of one sign per row, so the extreme sectors (±L/2, 0) — the staggered
    // coverings with all dimers horizontal — are present; the columnar sector (0, 0) too.
    QVERIFY(p.count({L / 2, 0}) == 1 && p.count({0, 0}) == 1);
    // Exactly the sectors with |W_x| + |W_y| ≤ L/2 occur (a diamond of 2m² + 2m + 1 points, m = L/2).
    const int m = L / 2;
    QCOMPARE(static_cast<int>(p.size()), 2 * m * m + 2 * m + 1);
    for (const auto& [w, prob] : p) QVERIFY(std::abs(w.first) + std::abs(w.second) <= m);
  }
};

QTEST_GUILESS_MAIN(TestDimerEnumeration)
#include "tst_dimer_enumeration.moc"
