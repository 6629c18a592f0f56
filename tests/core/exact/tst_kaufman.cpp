// Kaufman's finite torus (SCIENCE.md §7) against brute-force enumeration (L = 2…5, odd L included),
// its analytic β-derivatives against high-order finite differences of ln Z (L = 16, 32, 64, at and
// off β_c), and its approach to Onsager as L grows.
#include <QtTest>

#include <cmath>
#include <cstdint>
#include <map>
#include <functional>
#include <numbers>

#include "core/exact/ising_enumeration.h"
#include "core/exact/kaufman.h"
#include "core/exact/onsager.h"

using namespace rsmi::exact;

namespace {

const IsingDensityOfStates& enumerated(int L) {
  static std::map<int, IsingDensityOfStates> cache;
  auto it = cache.find(L);
  if (it == cache.end()) it = cache.emplace(L, enumerateIsingTorus(L)).first;
  return it->second;
}

// 8th-order central differences.
double firstDerivative(const std::function<double(double)>& f, double x, double h) {
  return (672 * (f(x + h) - f(x - h)) - 168 * (f(x + 2 * h) - f(x - 2 * h)) + 32 * (f(x + 3 * h) - f(x - 3 * h)) -
          3 * (f(x + 4 * h) - f(x - 4 * h))) /
         (840 * h);
}
double secondDerivative(const std::function<double(double)>& f, double x, double h) {
  return (-14350 * f(x) + 8064 * (f(x + h) + f(x - h)) - 1008 * (f(x + 2 * h) + f(x - 2 * h)) +
          128 * (f(x + 3 * h) + f(x - 3 * h)) - 9 * (f(x + 4 * h) + f(x - 4 * h))) /
         (5040 * h * h);
}

double relErr(double a, double b) { return std::abs(a - b) / std::abs(b); }

} // namespace

class TestKaufman : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void enumerationSanity() {
    // The 4×4 torus density of states (Beale 1996 and many textbooks): g(B) for B = 32, 24, …, 0.
    const IsingDensityOfStates& d4 = enumerated(4);
    const std::map<int, std::uint64_t> expected{{-32, 2},     {-24, 32},   {-20, 64},   {-16, 424}, {-12, 1728},
                                                {-8, 6688},   {-4, 13568}, {0, 20524},  {4, 13568}, {8, 6688},
                                                {12, 1728},   {16, 424},   {20, 64},    {24, 32},   {32, 2}};
    QVERIFY(d4.byBondSum == expected);
    for (int L : {1, 2, 3, 4, 5}) {
      const IsingDensityOfStates& d = enumerated(L);
      QCOMPARE(d.L, L);
      std::uint64_t total = 0;
      std::map<int, std::uint64_t> marginal;
      for (const auto& [bm, g] : d.byBondSumAndMagnetization) {
        total += g;
        marginal[bm.first] += g;
        QCOMPARE(d.byBondSumAndMagnetization.at({bm.first, -bm.second}), g);  // spin-flip symmetry
      }
      QCOMPARE(total, std::uint64_t(1) << (L * L));
      QVERIFY(marginal == d.byBondSum);
      QCOMPARE(d.byBondSum.rbegin()->first, 2 * L * L);                      // 2L² bonds
      QCOMPARE(d.byBondSumAndMagnetization.at({2 * L * L, L * L}), std::uint64_t(1));
      double sum = 0, mean = 0;
      for (const auto& [b, p] : d.bondSumDistribution(0.4)) {
        sum += p;
        mean += b * p;
      }
      QVERIFY(std::abs(sum - 1) < 1e-14);
      QVERIFY(std::abs(-mean / (L * L) - d.energyPerSite(0.4)) < 1e-14);
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, enumerateIsingTorus(6));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, enumerateIsingTorus(0));
  }

  void matchesEnumeration_data() {
    QTest::addColumn<int>("L");
    QTest::addColumn<double>("beta");
    const double bc = kIsing2DCriticalBeta;
    for (int L : {2, 3, 4, 5})
      for (double b : {0.05, 0.2, 0.35, bc, 0.5, 0.8, 1.5, 3.0}) QTest::addRow("L%d beta %.4f", L, b) << L << b;
  }
  void matchesEnumeration() {
    QFETCH(int, L);
    QFETCH(double, beta);
    const IsingDensityOfStates& dos = enumerated(L);
    const TorusThermodynamics k = kaufmanTorus(L, beta);
    QVERIFY2(relErr(k.lnZ, dos.lnZ(beta)) < 1e-12, qPrintable(QString::number(k.lnZ - dos.lnZ(beta))));
    QVERIFY2(std::abs(k.energyPerSite - dos.energyPerSite(beta)) < 1e-12,
             qPrintable(QString::number(k.energyPerSite - dos.energyPerSite(beta))));
    QVERIFY2(std::abs(k.specificHeatPerSite - dos.specificHeatPerSite(beta)) < 1e-11,
             qPrintable(QString::number(k.specificHeatPerSite - dos.specificHeatPerSite(beta))));
  }

  void couplingEntersThroughK() {
    const TorusThermodynamics a = kaufmanTorus(8, 0.3);
    const TorusThermodynamics b = kaufmanTorus(8, 0.15, 2.0);
    QVERIFY(std::abs(a.lnZ - b.lnZ) < 1e-12);
    QVERIFY(std::abs(2 * a.energyPerSite - b.energyPerSite) < 1e-12);  // u = −J⟨bond sum⟩/N
    QVERIFY(std::abs(a.specificHeatPerSite - b.specificHeatPerSite) < 1e-12);
    const TorusThermodynamics zero = kaufmanTorus(8, 0.0);
    QVERIFY(std::abs(zero.lnZ - 64 * std::log(2.0)) < 1e-12);
    QCOMPARE(zero.energyPerSite, 0.0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, kaufmanTorus(0, 0.3));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, kaufmanTorus(8, 0.3, -1.0));
  }

  void derivativesMatchFiniteDifferences_data() {
    QTest::addColumn<int>("L");
    QTest::addColumn<double>("beta");
    for (int L : {16, 32, 64})
      for (double b : {0.3, 0.43, kIsing2DCriticalBeta, 0.45, 0.6, 1.0})
        QTest::addRow("L%d beta %.4f", L, b) << L << b;
  }
  void derivativesMatchFiniteDifferences() {
    QFETCH(int, L);
    QFETCH(double, beta);
    const double N = double(L) * L;
    // Step ∝ 1/L: near β_c each β-derivative brings a factor ~L. Measured agreement: ~1e-12 for u,
    // ~1e-10 for c from ln Z (rounding of ln Z ~ N·1e-16 over h²), ~1e-12 for c from u.
    const double h = 0.02 / L;
    auto lnZ = [L](double b) { return kaufmanTorus(L, b).lnZ; };
    auto u = [L](double b) { return kaufmanTorus(L, b).energyPerSite; };
    const TorusThermodynamics t = kaufmanTorus(L, beta);
    const double uFd = -firstDerivative(lnZ, beta, h) / N;
    const double cFd = beta * beta * secondDerivative(lnZ, beta, h) / N;
    const double cFromU = -beta * beta * firstDerivative(u, beta, h);
    QVERIFY2(relErr(t.energyPerSite, uFd) < 1e-10, qPrintable(QString::number(relErr(t.energyPerSite, uFd))));
    // Second differences of ln Z (~N) lose ~eps·|ln Z|/h² to rounding; allow ten times that.
    const double cNoise = 10 * 2.2e-16 * std::abs(t.lnZ) / (h * h) * beta * beta / N;
    QVERIFY2(std::abs(t.specificHeatPerSite - cFd) < 1e-8 * t.specificHeatPerSite + cNoise,
             qPrintable(QString::number(relErr(t.specificHeatPerSite, cFd))));
    QVERIFY2(relErr(t.specificHeatPerSite, cFromU) < 1e-10,
             qPrintable(QString::number(relErr(t.specificHeatPerSite, cFromU))));
  }

  void exactlyAtCriticalPointIsSmooth() {
    // At β_c, γ₀ = 0 and Z₄ = 0 but its derivatives are not: the values must be finite and
    // continuous with those a hair away on either side.
    for (int L : {2, 8, 64, 1024}) {
      const TorusThermodynamics c = kaufmanTorus(L, kIsing2DCriticalBeta);
      const TorusThermodynamics lo = kaufmanTorus(L, kIsing2DCriticalBeta - 1e-9);
      const TorusThermodynamics hi = kaufmanTorus(L, kIsing2DCriticalBeta + 1e-9);
      QVERIFY(std::isfinite(c.lnZ) && std::isfinite(c.energyPerSite) && std::isfinite(c.specificHeatPerSite));
      QVERIFY(std::abs(lo.energyPerSite - c.energyPerSite) < 1e-7 * L);
      QVERIFY(std::abs(hi.energyPerSite - c.energyPerSite) < 1e-7 * L);
      QVERIFY(std::abs(lo.specificHeatPerSite - c.specificHeatPerSite) < 1e-6 * L);
      QVERIFY(std::abs(hi.specificHeatPerSite - c.specificHeatPerSite) < 1e-6 * L);
    }
  }

  void convergesToOnsager_data() {
    QTest::addColumn<double>("beta");
    for (double b : {0.05, 0.3, 0.42, 0.46, 0.6, 3.0}) QTest::addRow("beta %g", b) << b;
  }
  void convergesToOnsager() {
    QFETCH(double, beta);
    double last = 1e300;
    for (int L : {8, 32, 128, 512}) {
      const double err = std::abs(kaufmanTorus(L, beta).energyPerSite - onsagerEnergyPerSite(beta));
      QVERIFY(err <= last || err < 1e-12);
      last = err;
    }
    QVERIFY(last < 1e-10);
  }

  void criticalFiniteSizeScaling() {
    // At β_c the torus energy approaches −√2 like 1/L, and the specific heat grows like
    // (8/π)K_c² ln L (Ferdinand & Fisher 1969): successive doublings add (8/π)K_c² ln 2 ≈ 0.3428.
    const double bc = kIsing2DCriticalBeta;
    double lastC = kaufmanTorus(128, bc).specificHeatPerSite;
    for (int L : {256, 512, 1024}) {
      const TorusThermodynamics t = kaufmanTorus(L, bc);
      QVERIFY(std::abs(t.energyPerSite + std::sqrt(2.0)) < 1.0 / L);
      const double step = t.specificHeatPerSite - lastC;
      QVERIFY2(std::abs(step - 8 / std::numbers::pi * bc * bc * std::log(2.0)) < 2e-3, qPrintable(QString::number(step)));
      lastC = t.specificHeatPerSite;
    }
  }
};

QTEST_GUILESS_MAIN(TestKaufman)
#include "tst_kaufman.moc"
