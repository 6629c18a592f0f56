// Onsager and Yang (SCIENCE.md §7): critical values, independent reference values, high- and
// low-temperature series, the std::comp_ellint_1 form of the correlation, and the large torus.
#include <QtTest>

#include <cmath>
#include <numbers>

#include "core/exact/kaufman.h"
#include "core/exact/onsager.h"

using namespace rsmi::exact;

namespace {

constexpr double kCatalan = 0.915965594177219015054603514932384110774;

// −βf from Onsager's double integral, (1/2π²)∫₀^π∫₀^π ln[cosh²2K − sinh 2K (cos θ₁ + cos θ₂)] + ln 2,
// by the trapezoidal rule on the periodic integrand (exponentially convergent away from β_c) —
// a different route from the library's 1D integral.
double lnZPerSiteDoubleIntegral(double K, int n) {
  const double c2 = std::cosh(2 * K) * std::cosh(2 * K), s = std::sinh(2 * K);
  double sum = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double t1 = 2 * std::numbers::pi * (i + 0.5) / n, t2 = 2 * std::numbers::pi * (j + 0.5) / n;
      sum += std::log(c2 - s * (std::cos(t1) + std::cos(t2)));
    }
  return std::log(2.0) + 0.5 * sum / (double(n) * n);
}

} // namespace

class TestOnsager : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void criticalPoint() {
    // u(β_c) = −√2 exactly: the K(k₁) log singularity is multiplied by 2 tanh² 2K_c − 1 = 0.
    QVERIFY(std::abs(onsagerEnergyPerSite(kIsing2DCriticalBeta) + std::sqrt(2.0)) < 1e-12);
    QVERIFY(std::abs(onsagerNearestNeighbourCorrelation(kIsing2DCriticalBeta) - std::sqrt(0.5)) < 1e-12);
    // With J = 2 the critical β halves; u = −2J⟨s₀s₁⟩ doubles.
    QVERIFY(std::abs(onsagerEnergyPerSite(kIsing2DCriticalBeta / 2, 2.0) + 2 * std::sqrt(2.0)) < 1e-12);
    // −βf_c = ½ ln 2 + 2G/π (G Catalan's constant) = 0.92969539834161…
    const double lnZc = 0.5 * std::log(2.0) + 2 * kCatalan / std::numbers::pi;
    QVERIFY(std::abs(onsagerLnZPerSite(kIsing2DCriticalBeta) - lnZc) < 1e-12);
    QVERIFY(std::abs(kIsing2DCriticalBeta - 0.5 * std::log1p(std::sqrt(2.0))) < 1e-16);
    QVERIFY(std::abs(kIsing2DCriticalTemperature * kIsing2DCriticalBeta - 1.0) < 1e-15);
    // Continuous through β_c, no NaN from 0·∞.
    for (double d : {1e-14, 1e-12, 1e-9}) {
      QVERIFY(std::abs(onsagerEnergyPerSite(kIsing2DCriticalBeta + d) + std::sqrt(2.0)) < 1e-6);
      QVERIFY(std::abs(onsagerEnergyPerSite(kIsing2DCriticalBeta - d) + std::sqrt(2.0)) < 1e-6);
      QVERIFY(std::abs(onsagerLnZPerSite(kIsing2DCriticalBeta + d) - lnZc) < 2 * d + 1e-14);
    }
  }

  // Reference values computed independently with mpmath (40 digits): ln Z from the 1D integral with
  // mpmath.quad, u from ellipk, and u also as −d(ln Z)/dβ by mpmath.diff (they agree to 20 digits).
  void referenceValues_data() {
    QTest::addColumn<double>("beta");
    QTest::addColumn<double>("lnZ");
    QTest::addColumn<double>("u");
    QTest::addRow("0.1") << 0.1 << 0.70323124228583243463 << -0.20337739109735565549;
    QTest::addRow("0.2") << 0.2 << 0.73453081227632604504 << -0.42822883324034805783;
    QTest::addRow("0.3") << 0.3 << 0.7905590709512628659 << -0.70449907083244508064;
    QTest::addRow("0.4") << 0.4 << 0.87936382077494818803 << -1.1060792037457909122;
    QTest::addRow("0.44") << 0.44 << 0.92872854045688847611 << -1.4022269600314211763;
    QTest::addRow("0.441") << 0.441 << 0.93013935423694720029 << -1.4202951847338083051;
    QTest::addRow("0.45") << 0.45 << 0.94338377309879344386 << -1.5130458059983030544;
    QTest::addRow("0.5") << 0.5 << 1.0257928126949175757 << -1.7455645753125539646;
    QTest::addRow("0.7") << 0.7 << 1.4042215197291301594 << -1.9637756123337156926;
    QTest::addRow("1.0") << 1.0 << 2.0003482837007102806 << -1.9971602041122511268;
    QTest::addRow("2.5") << 2.5 << 5.000000002061340794 << -1.9999999835085248851;
  }
  void referenceValues() {
    QFETCH(double, beta);
    QFETCH(double, lnZ);
    QFETCH(double, u);
    QVERIFY2(std::abs(onsagerLnZPerSite(beta) - lnZ) < 1e-13, qPrintable(QString::number(onsagerLnZPerSite(beta) - lnZ)));
    QVERIFY2(std::abs(onsagerEnergyPerSite(beta) - u) < 1e-13, qPrintable(QString::number(onsagerEnergyPerSite(beta) - u)));
    // Coupling enters only through K = βJ (u scales with J).
    QVERIFY(std::abs(onsagerLnZPerSite(beta / 4, 4.0) - lnZ) < 1e-13);
    QVERIFY(std::abs(onsagerEnergyPerSite(beta / 4, 4.0) - 4 * u) < 1e-12);
  }

  void doubleIntegralAgrees_data() {
    QTest::addColumn<double>("beta");
    for (double b : {0.05, 0.25, 0.38, 0.5, 0.8, 1.5}) QTest::addRow("beta %g", b) << b;
  }
  void doubleIntegralAgrees() {
    QFETCH(double, beta);
    QVERIFY(std::abs(onsagerLnZPerSite(beta) - lnZPerSiteDoubleIntegral(beta, 400)) < 1e-12);
  }

  void energyIsMinusDerivativeOfLnZ_data() {
    QTest::addColumn<double>("beta");
    for (double b : {0.1, 0.3, 0.42, 0.46, 0.6, 1.2}) QTest::addRow("beta %g", b) << b;
  }
  void energyIsMinusDerivativeOfLnZ() {
    QFETCH(double, beta);
    const double h = 1e-3;
    auto f = [](double b) { return onsagerLnZPerSite(b); };
    // 8th-order central difference.
    const double d = (672 * (f(beta + h) - f(beta - h)) - 168 * (f(beta + 2 * h) - f(beta - 2 * h)) +
                      32 * (f(beta + 3 * h) - f(beta - 3 * h)) - 3 * (f(beta + 4 * h) - f(beta - 4 * h))) /
                     (840 * h);
    QVERIFY2(std::abs(onsagerEnergyPerSite(beta) + d) < 1e-9, qPrintable(QString::number(onsagerEnergyPerSite(beta) + d)));
  }

  void highTemperatureSeries_data() {
    QTest::addColumn<double>("K");
    for (double K : {0.02, 0.05, 0.1}) QTest::addRow("K %g", K) << K;
  }
  void highTemperatureSeries() {
    // Z = 2^N cosh^{2N}K (1 + N t⁴ + 2N t⁶ + …): ln Z/N = ln 2 + 2 ln cosh K + t⁴ + 2t⁶ + (9/2)t⁸ + O(t¹⁰),
    // u = −∂/∂K: u = −2t − 4t³ − 8t⁵ − 24t⁷ + O(t⁹), t = tanh K.
    QFETCH(double, K);
    const double t = std::tanh(K);
    const double lnZSeries = std::log(2.0) + 2 * std::log(std::cosh(K)) + std::pow(t, 4) + 2 * std::pow(t, 6) +
                             4.5 * std::pow(t, 8);
    const double uSeries = -2 * t - 4 * std::pow(t, 3) - 8 * std::pow(t, 5) - 24 * std::pow(t, 7);
    QVERIFY(std::abs(onsagerLnZPerSite(K) - lnZSeries) < 20 * std::pow(t, 10) + 1e-15);
    QVERIFY(std::abs(onsagerEnergyPerSite(K) - uSeries) < 200 * std::pow(t, 9) + 1e-15);
    // Leading order only: u ≈ −2 tanh K.
    QVERIFY(std::abs(onsagerEnergyPerSite(K) + 2 * t) < 5 * std::pow(t, 3));
  }

  void ellipticFormMatchesStdCompEllint() {
    // SCIENCE.md §7 as written, with std::comp_ellint_1 (modulus k₁), away from β_c.
    for (double K : {0.05, 0.2, 0.4, 0.43, 0.45, 0.55, 1.0, 2.0}) {
      const double s = std::sinh(2 * K), c = std::cosh(2 * K), k1 = 2 * s / (c * c);
      const double th = std::tanh(2 * K);
      const double ref = (c / s) * (0.5 + (2 * th * th - 1) * std::comp_ellint_1(k1) / std::numbers::pi);
      QVERIFY2(std::abs(onsagerNearestNeighbourCorrelation(K) - ref) < 1e-13, qPrintable(QString::number(K)));
    }
  }

  void symmetryAndLimits() {
    QCOMPARE(onsagerNearestNeighbourCorrelation(0.0), 0.0);
    QVERIFY(std::abs(onsagerLnZPerSite(0.0) - std::log(2.0)) < 1e-15);
    QVERIFY(std::abs(onsagerNearestNeighbourCorrelation(-0.3) + onsagerNearestNeighbourCorrelation(0.3)) < 1e-15);
    QVERIFY(std::abs(onsagerLnZPerSite(0.3, -1.0) - onsagerLnZPerSite(0.3)) < 1e-15);
    // Ground state: u → −2, ln Z/N → 2K.
    QVERIFY(std::abs(onsagerEnergyPerSite(8.0) + 2.0) < 1e-12);
    QVERIFY(std::abs(onsagerLnZPerSite(8.0) - 16.0) < 1e-12);
  }

  void yang_data() {
    QTest::addColumn<double>("beta");
    QTest::addColumn<double>("M");
    // (1 − sinh⁻⁴ 2β)^{1/8}, mpmath at 30 digits.
    QTest::addRow("0.45") << 0.45 << 0.749322612532376497214752670211;
    QTest::addRow("0.5") << 0.5 << 0.911319377877495977519410824841;
    QTest::addRow("1.0") << 1.0 << 0.999275751957061196560056796452;
    QTest::addRow("beta_c") << kIsing2DCriticalBeta << 0.0;
    QTest::addRow("0.44") << 0.44 << 0.0;
    QTest::addRow("0.2") << 0.2 << 0.0;
    QTest::addRow("0") << 0.0 << 0.0;
  }
  void yang() {
    QFETCH(double, beta);
    QFETCH(double, M);
    QVERIFY(std::abs(yangMagnetization(beta) - M) < 1e-14);
  }

  void yangSeriesAndCriticalLaw() {
    // Low-temperature series, x = e^{−2K}: M = 1 − 2x⁴ − 8x⁶ − 34x⁸ − O(x¹⁰).
    for (double K : {1.0, 1.5, 2.0}) {
      const double x = std::exp(-2 * K);
      const double series = 1 - 2 * std::pow(x, 4) - 8 * std::pow(x, 6) - 34 * std::pow(x, 8);
      QVERIFY(std::abs(yangMagnetization(K) - series) < 200 * std::pow(x, 10) + 1e-15);
    }
    // Critical law: sinh 2K ≈ 1 + 2√2 δ, so M ≈ (8√2 δ)^{1/8} as δ = β − β_c → 0⁺.
    for (double d : {1e-6, 1e-8}) {
      const double M = yangMagnetization(kIsing2DCriticalBeta + d);
      QVERIFY(std::abs(M / std::pow(8 * std::sqrt(2.0) * d, 0.125) - 1) < 10 * d);
    }
  }

  void agreesWithLargeKaufmanTorus_data() {
    QTest::addColumn<double>("beta");
    for (double b : {0.2, 0.35, 0.5, 0.8}) QTest::addRow("beta %g", b) << b;
  }
  void agreesWithLargeKaufmanTorus() {
    // Away from β_c finite-size corrections on the torus are exponentially small in L/ξ.
    QFETCH(double, beta);
    const TorusThermodynamics t = kaufmanTorus(1024, beta);
    QVERIFY(std::abs(t.energyPerSite - onsagerEnergyPerSite(beta)) < 1e-9);
    // Below T_c ln Z carries the ln 2 of the two ordered states: ln Z/N − (−βf) = ln 2 / N.
    const double offset = beta > kIsing2DCriticalBeta ? std::log(2.0) / (1024.0 * 1024.0) : 0.0;
    QVERIFY(std::abs(t.lnZ / (1024.0 * 1024.0) - onsagerLnZPerSite(beta) - offset) < 1e-12);
  }
};

QTEST_GUILESS_MAIN(TestOnsager)
#include "tst_onsager.moc"
