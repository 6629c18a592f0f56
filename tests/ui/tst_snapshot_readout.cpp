// The single-configuration readout shown next to the live lattice: energy per site and |m| for
// Ising configurations, winding numbers and the dimer count for dimer coverings.
#include <cmath>
#include <vector>

#include <QtTest>

#include "ui/snapshot_readout.h"

using rsmi::ModelKind;
using rsmi::ui::SnapshotReadout;

namespace {

std::vector<std::int8_t> dimerCovering(int L, bool staggered) {
  // Horizontal dimers only. Columnar: on links starting at even x. Staggered: at x ≡ y (mod 2).
  const int side = 2 * L;
  std::vector<std::int8_t> s(static_cast<std::size_t>(side) * side, 0);
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x) {
      const bool dimer = staggered ? (x - y) % 2 == 0 : x % 2 == 0;
      s[(2 * y) * side + 2 * x + 1] = dimer ? 1 : -1;
      s[(2 * y + 1) * side + 2 * x] = -1;
    }
  return s;
}

} // namespace

class TestSnapshotReadout : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void ising2D_data();
  void ising2D();
  void ising1D_data();
  void ising1D();
  void dimers_data();
  void dimers();
  void mismatchedShapeGivesNothing();
};

void TestSnapshotReadout::ising2D_data() {
  QTest::addColumn<QList<int>>("spins");  // 4×4 torus
  QTest::addColumn<double>("coupling");
  QTest::addColumn<double>("energy");
  QTest::addColumn<double>("absM");
  const QList<int> up(16, 1);
  QList<int> checker;
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) checker << ((x + y) % 2 ? -1 : 1);
  QList<int> stripes;  // vertical stripes of width 2: half the bonds broken
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) stripes << (x < 2 ? 1 : -1);
  QList<int> oneDown = up;
  oneDown[5] = -1;
  QTest::addRow("all up") << up << 1.0 << -2.0 << 1.0;
  QTest::addRow("all up, J = 0.5") << up << 0.5 << -1.0 << 1.0;
  QTest::addRow("checkerboard") << checker << 1.0 << 2.0 << 0.0;
  QTest::addRow("checkerboard, antiferromagnet") << checker << -1.0 << -2.0 << 0.0;
  QTest::addRow("stripes") << stripes << 1.0 << -1.0 << 0.0;
  // One flipped spin breaks its 4 bonds: Σ s_i s_j = 32 − 8 = 24 over 16 sites.
  QTest::addRow("one spin down") << oneDown << 1.0 << -1.5 << 14.0 / 16.0;
}

void TestSnapshotReadout::ising2D() {
  QFETCH(QList<int>, spins);
  QFETCH(double, coupling);
  QFETCH(double, energy);
  QFETCH(double, absM);
  const std::vector<std::int8_t> s(spins.begin(), spins.end());
  const SnapshotReadout r = SnapshotReadout::measure(ModelKind::Ising2D, s, {4, 4}, coupling);
  QCOMPARE(r.energyPerSite, energy);
  QCOMPARE(r.absMagnetization, absM);
}

void TestSnapshotReadout::ising1D_data() {
  QTest::addColumn<QList<int>>("spins");
  QTest::addColumn<double>("energy");
  QTest::addColumn<double>("absM");
  // Open chain: the L−1 bonds, averaged per bond.
  QTest::addRow("aligned") << QList<int>{1, 1, 1, 1, 1} << -1.0 << 1.0;
  QTest::addRow("alternating") << QList<int>{1, -1, 1, -1, 1} << 1.0 << 0.2;
  QTest::addRow("one wall") << QList<int>{-1, -1, 1, 1, 1} << -0.5 << 0.2;
}

void TestSnapshotReadout::ising1D() {
  QFETCH(QList<int>, spins);
  QFETCH(double, energy);
  QFETCH(double, absM);
  const std::vector<std::int8_t> s(spins.begin(), spins.end());
  const SnapshotReadout r =
      SnapshotReadout::measure(ModelKind::Ising1D, s, {static_cast<int>(s.size())}, 1.0);
  QCOMPARE(r.energyPerSite, energy);
  QCOMPARE(r.absMagnetization, absM);
}

void TestSnapshotReadout::dimers_data() {
  QTest::addColumn<int>("L");
  QTest::addColumn<bool>("staggered");
  QTest::addColumn<int>("windingX");
  QTest::addRow("columnar 4") << 4 << false << 0;
  QTest::addRow("columnar 8") << 8 << false << 0;
  QTest::addRow("staggered 4") << 4 << true << 2;
  QTest::addRow("staggered 8") << 8 << true << 4;
}

void TestSnapshotReadout::dimers() {
  QFETCH(int, L);
  QFETCH(bool, staggered);
  QFETCH(int, windingX);
  const auto s = dimerCovering(L, staggered);
  const SnapshotReadout r = SnapshotReadout::measure(ModelKind::Dimer, s, {2 * L, 2 * L}, 1.0);
  QCOMPARE(r.dimers, L * L / 2);
  QCOMPARE(r.windingX, windingX);
  QCOMPARE(r.windingY, 0);
  QVERIFY(std::isnan(r.energyPerSite));
}

void TestSnapshotReadout::mismatchedShapeGivesNothing() {
  const std::vector<std::int8_t> s(10, 1);
  const SnapshotReadout r = SnapshotReadout::measure(ModelKind::Ising2D, s, {4, 4}, 1.0);
  QVERIFY(std::isnan(r.energyPerSite));
  QVERIFY(std::isnan(SnapshotReadout::measure(ModelKind::Ising2D, {}, {}, 1.0).absMagnetization));
}

QTEST_MAIN(TestSnapshotReadout)
#include "tst_snapshot_readout.moc"
