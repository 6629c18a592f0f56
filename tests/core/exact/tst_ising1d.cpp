// The 1D Ising model (SCIENCE.md §1, §7): transfer-matrix ring results against brute-force
// enumeration of small rings (ln Z, energy, correlations at every distance), and the open chain.
#include <QtTest>

#include <cmath>
#include <vector>

#include "core/exact/ising1d.h"

using namespace rsmi::exact;

namespace {

// All 2^N states of a ring of N sites with bonds (i, i+1 mod N): ln Z, ⟨bond sum⟩/N and ⟨s₀s_r⟩.
struct RingBruteForce {
  double lnZ = 0, energyPerSite = 0;
  std::vector<double> correlation;
};

RingBruteForce enumerateRing(int N, double K, double J) {
  RingBruteForce out;
  out.correlation.assign(N, 0.0);
  double Z = 0, bondMean = 0;
  // Shift by the largest possible exponent |K|·N so nothing overflows.
  const double shift = std::abs(K) * N;
  for (unsigned state = 0; state < (1u << N); ++state) {
    auto s = [state](int i) { return (state >> i) & 1u ? -1 : 1; };
    int bonds = 0;
    for (int i = 0; i < N; ++i) bonds += s(i) * s((i + 1) % N);
    const double w = std::exp(K * bonds - shift);
    Z += w;
    bondMean += w * bonds;
    for (int r = 0; r < N; ++r) out.correlation[r] += w * s(0) * s(r);
  }
  out.lnZ = std::log(Z) + shift;
  out.energyPerSite = -J * bondMean / Z / N;
  for (double& c : out.correlation) c /= Z;
  return out;
}

} // namespace

class TestIsing1D : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void ringMatchesEnumeration_data() {
    QTest::addColumn<int>("N");
    QTest::addColumn<double>("beta");
    QTest::addColumn<double>("J");
    for (int N : {1, 2, 3, 4, 7, 12})
      for (double b : {0.1, 0.7, 2.5}) {
        QTest::addRow("N%d beta %g ferro", N, b) << N << b << 1.0;
        QTest::addRow("N%d beta %g antiferro", N, b) << N << b << -0.8;  // odd N is frustrated
      }
  }
  void ringMatchesEnumeration() {
    QFETCH(int, N);
    QFETCH(double, beta);
    QFETCH(double, J);
    const RingBruteForce bf = enumerateRing(N, beta * J, J);
    QVERIFY(std::abs(ising1DRingLnZ(N, beta, J) - bf.lnZ) < 1e-12 * std::max(1.0, std::abs(bf.lnZ)));
    QVERIFY(std::abs(ising1DRingEnergyPerSite(N, beta, J) - bf.energyPerSite) < 1e-12);
    for (int r = 0; r < N; ++r)
      QVERIFY2(std::abs(ising1DRingCorrelation(N, r, beta, J) - bf.correlation[r]) < 1e-12,
               qPrintable(QStringLiteral("r = %1").arg(r)));
    // Periodicity: r and r ± N are the same site.
    QVERIFY(std::abs(ising1DRingCorrelation(N, N + 1, beta, J) - ising1DRingCorrelation(N, 1, beta, J)) < 1e-15);
    QVERIFY(std::abs(ising1DRingCorrelation(N, -1, beta, J) - ising1DRingCorrelation(N, N - 1, beta, J)) < 1e-15);
  }

  void energyIsMinusDerivativeOfLnZ() {
    for (int N : {3, 10, 100})
      for (double b : {0.2, 1.0}) {
        const double h = 1e-4;
        const double d = (ising1DRingLnZ(N, b + h) - ising1DRingLnZ(N, b - h)) / (2 * h);
        QVERIFY(std::abs(ising1DRingEnergyPerSite(N, b) + d / N) < 1e-7);
      }
  }

  void chain_data() {
    QTest::addColumn<int>("r");
    QTest::addColumn<double>("beta");
    QTest::addRow("r0") << 0 << 0.5;
    QTest::addRow("r1") << 1 << 0.5;
    QTest::addRow("r5") << 5 << 0.5;
    QTest::addRow("r3 hot") << 3 << 0.05;
    QTest::addRow("r20 cold") << 20 << 3.0;
  }
  void chain() {
    QFETCH(int, r);
    QFETCH(double, beta);
    QVERIFY(std::abs(ising1DChainCorrelation(r, beta) - std::pow(std::tanh(beta), r)) < 1e-15);
    // A long ring looks like the open chain when t^(N−r) is negligible (N ≫ correlation length).
    QVERIFY(std::abs(ising1DRingCorrelation(40000, r, beta) - ising1DChainCorrelation(r, beta)) < 1e-12);
  }

  void largeRingsAndLimits() {
    // Thermodynamic limit: ln Z/N → ln(2 cosh K); u → −J tanh K. No overflow at large N·K.
    const int N = 100000;
    QVERIFY(std::abs(ising1DRingLnZ(N, 2.0) / N - std::log(2 * std::cosh(2.0))) < 1e-12);
    // Cold ring: ln Z = N ln(2cosh K) + ln(1 + t^N) keeps its (here non-negligible) second term.
    const double t = std::tanh(5.0);
    QVERIFY(std::abs(ising1DRingLnZ(N, 5.0) - N * std::log(2 * std::cosh(5.0)) - std::log1p(std::pow(t, N))) < 1e-9);
    // Frustrated ring (J < 0, odd N) at low T: Z = (2cosh K)^N (1 − |t|^N) with 1 − |t|^N ≈ 2N e^{−2|K|}.
    QVERIFY(std::abs(ising1DRingLnZ(3, 30.0, -1.0) - (3 * 30.0 + std::log(6.0) - 60.0)) < 1e-12);
    QVERIFY(std::abs(ising1DRingEnergyPerSite(3, 30.0, -1.0) - (-1.0 / 3.0)) < 1e-12);
    QVERIFY(std::abs(ising1DRingEnergyPerSite(N, 0.4) + std::tanh(0.4)) < 1e-12);
    QVERIFY(std::isfinite(ising1DRingLnZ(1000, 800.0)));
    QVERIFY(std::abs(ising1DRingLnZ(10, 0.0) - 10 * std::log(2.0)) < 1e-13);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ising1DRingLnZ(0, 1.0));
  }
};

QTEST_GUILESS_MAIN(TestIsing1D)
#include "tst_ising1d.moc"
