// Observables and their error bars (core/models/observables.h): the binning analysis on AR(1) series
// with known τ_int and known error of the mean, and measureIsing on hand-made configurations.
#include <QtTest>

#include <cmath>
#include <memory>
#include <vector>

#include "core/common/random.h"
#include "core/models/observables.h"

using namespace rsmi;

using SampleSetPtr = std::shared_ptr<rsmi::SampleSet>;
Q_DECLARE_METATYPE(SampleSetPtr)

namespace {

// Stationary AR(1) with unit variance: x_t = ρ x_{t−1} + sqrt(1 − ρ²) ε_t, ε standard normal
// (Box–Muller on xoshiro words). τ_int = ½ (1 + ρ)/(1 − ρ).
std::vector<double> ar1(std::size_t n, double rho, std::uint64_t seed) {
  Xoshiro256pp rng(seed);
  auto normal = [&] {
    const double u1 = 1.0 - rng.uniform(), u2 = rng.uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  };
  std::vector<double> x(n);
  x[0] = normal();
  const double c = std::sqrt(1.0 - rho * rho);
  for (std::size_t t = 1; t < n; ++t) x[t] = rho * x[t - 1] + c * normal();
  return x;
}

// The exact standard error of the mean of n consecutive AR(1) values (unit variance).
double ar1ErrorOfMean(std::size_t n, double rho) {
  const double nd = static_cast<double>(n);
  const double var = ((1 + rho) / (1 - rho) - 2 * rho * (1 - std::pow(rho, nd)) / (nd * (1 - rho) * (1 - rho))) / nd;
  return std::sqrt(var);
}

SampleSet fromRows(std::vector<int> shape, const std::vector<std::vector<int>>& samples) {
  SampleSet s;
  s.shape = std::move(shape);
  for (const auto& sample : samples)
    for (int v : sample) s.values.push_back(static_cast<std::int8_t>(v));
  return s;
}

std::vector<int> checkerboard(int L, int sign = 1) {
  std::vector<int> v;
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x) v.push_back((x + y) % 2 == 0 ? sign : -sign);
  return v;
}

} // namespace

class TestObservables : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void binningOnAr1_data() {
    QTest::addColumn<double>("rho");
    QTest::addColumn<quint64>("seed");
    QTest::addRow("independent") << 0.0 << quint64(1);
    QTest::addRow("rho 0.5") << 0.5 << quint64(2);
    QTest::addRow("rho 0.9") << 0.9 << quint64(3);
    QTest::addRow("rho 0.98") << 0.98 << quint64(4);
  }
  void binningOnAr1() {
    QFETCH(double, rho);
    QFETCH(quint64, seed);
    // 63 · 2^14 values: the top binning level (bins of 2^14 ≫ τ) has 63 bins.
    const std::size_t n = 63u << 14;
    const std::vector<double> x = ar1(n, rho, seed);
    const Estimate e = binningEstimate(x);
    const double trueError = ar1ErrorOfMean(n, rho);
    const double trueTau = 0.5 * (1 + rho) / (1 - rho);
    // An error estimated from B = 63 bins has relative standard deviation 1/sqrt(2(B − 1)) ≈ 9%; the
    // plateau average is a little better, so 4 of these is a 4σ bound. τ ∝ error², so twice that.
    const double delta = 1.0 / std::sqrt(2.0 * 62.0);
    QVERIFY2(std::abs(e.error / trueError - 1) < 4 * delta,
             qPrintable(QString("error %1 vs exact %2").arg(e.error).arg(trueError)));
    QVERIFY2(std::abs(e.tau / trueTau - 1) < 8 * delta,
             qPrintable(QString("tau %1 vs exact %2").arg(e.tau).arg(trueTau)));
    // The mean (exactly 0) within 4 exact standard errors.
    QVERIFY(std::abs(e.mean) < 4 * trueError);
  }

  void binningEdgeCases() {
    const std::vector<double> constant(1000, 2.5);
    const Estimate c = binningEstimate(constant);
    QCOMPARE(c.mean, 2.5);
    QCOMPARE(c.error, 0.0);
    QCOMPARE(c.tau, 0.5);
    const std::vector<double> one{3.0};
    QCOMPARE(binningEstimate(one).mean, 3.0);
    QCOMPARE(binningEstimate(one).error, 0.0);
    // Few values: no binning level with ≥ 32 bins beyond the first, so the naive error.
    const std::vector<double> few{1, 2, 3, 4};
    const Estimate f = binningEstimate(few);
    QCOMPARE(f.mean, 2.5);
    QVERIFY(std::abs(f.error - std::sqrt(5.0 / 3.0 / 4.0)) < 1e-12);
    QVERIFY(std::isnan(binningEstimate(std::vector<double>{}).mean));
  }

  void handMadeConfigurations_data() {
    QTest::addColumn<SampleSetPtr>("set");
    QTest::addColumn<double>("coupling");
    QTest::addColumn<double>("energy");
    QTest::addColumn<double>("absM");
    QTest::addColumn<double>("m2");
    QTest::addColumn<double>("binder");
    QTest::addColumn<double>("nn");
    QTest::addColumn<double>("nnn");
    auto add = [](const char* name, SampleSet s, double J, double e, double am, double m2, double u, double nn,
                  double nnn) {
      QTest::addRow("%s", name) << SampleSetPtr(std::make_shared<SampleSet>(std::move(s))) << J << e << am << m2 << u
                                << nn << nnn;
    };
    // 2D: two bonds per site. All up: E = −2J, m = 1, U = 1 − 1/3 = 2/3.
    add("2D all up", fromRows({4, 4}, {std::vector<int>(16, 1)}), 1.0, -2.0, 1.0, 1.0, 2.0 / 3.0, 1.0, 1.0);
    add("2D all down, J=2", fromRows({4, 4}, {std::vector<int>(16, -1)}), 2.0, -4.0, 1.0, 1.0, 2.0 / 3.0, 1.0, 1.0);
    // Checkerboard: every bond unsatisfied, diagonal neighbours equal; m = 0 (U reported as 0).
    add("2D checkerboard", fromRows({4, 4}, {checkerboard(4)}), 1.0, 2.0, 0.0, 0.0, 0.0, -1.0, 1.0);
    add("2D checkerboard, J=-1", fromRows({6, 6}, {checkerboard(6, -1)}), -1.0, -2.0, 0.0, 0.0, 0.0, -1.0, 1.0);
    // All up and a checkerboard, one sample each: averages of the two.
    {
      std::vector<int> up(16, 1);
      add("2D up + checkerboard", fromRows({4, 4}, {up, checkerboard(4)}), 1.0, 0.0, 0.5, 0.5,
          1.0 - 0.5 / (3 * 0.25), 0.0, 1.0);
    }
    // 1D: one bond per site; next-nearest is distance 2.
    add("1D all up", fromRows({8}, {std::vector<int>(8, 1)}), 1.0, -1.0, 1.0, 1.0, 2.0 / 3.0, 1.0, 1.0);
    add("1D alternating", fromRows({8}, {{1, -1, 1, -1, 1, -1, 1, -1}}), 1.0, 1.0, 0.0, 0.0, 0.0, -1.0, 1.0);
    // Two domains of 4 on a ring of 8: 2 broken bonds of 8 → ⟨ss⟩ = 6/8 − 2/8 = 0.5;
    // at distance 2, 4 of 8 pairs straddle a wall → 0.
    add("1D two domains", fromRows({8}, {{1, 1, 1, 1, -1, -1, -1, -1}}), 1.0, -0.5, 0.0, 0.0, 0.0, 0.5, 0.0);
    // Periodic wrap in 2D: a single flipped spin in a 3×3 all-up lattice breaks 4 of 18 bonds
    // (14 − 4 = 10 → ⟨ss⟩ = 10/18) and 4 of 18 diagonal pairs.
    {
      std::vector<int> v(9, 1);
      v[8] = -1;  // the corner (2,2): its neighbours wrap to (0,2), (2,0) and diagonals to (0,0)
      const double m = 7.0 / 9.0;
      add("2D wrap, one flipped corner", fromRows({3, 3}, {v}), 1.0, -2.0 * 10.0 / 18.0, m, m * m, 2.0 / 3.0,
          10.0 / 18.0, 10.0 / 18.0);
    }
  }
  void handMadeConfigurations() {
    QFETCH(SampleSetPtr, set);
    QFETCH(double, coupling);
    QFETCH(double, energy);
    QFETCH(double, absM);
    QFETCH(double, m2);
    QFETCH(double, binder);
    QFETCH(double, nn);
    QFETCH(double, nnn);
    const IsingObservables o = measureIsing(*set, coupling);
    const double eps = 1e-12;
    QVERIFY2(std::abs(o.energyPerSite.mean - energy) < eps, qPrintable(QString::number(o.energyPerSite.mean)));
    QVERIFY(std::abs(o.absMagnetization.mean - absM) < eps);
    QVERIFY(std::abs(o.magnetizationSquared.mean - m2) < eps);
    QVERIFY2(std::abs(o.binderCumulant.mean - binder) < eps, qPrintable(QString::number(o.binderCumulant.mean)));
    QVERIFY2(std::abs(o.nearestNeighbour.mean - nn) < eps, qPrintable(QString::number(o.nearestNeighbour.mean)));
    QVERIFY2(std::abs(o.nextNearestNeighbour.mean - nnn) < eps,
             qPrintable(QString::number(o.nextNearestNeighbour.mean)));
  }

  void binderJackknifeOnIndependentGaussians() {
    // Independent samples that are all up (m = 1) or alternating (m = 0), each with probability ½:
    // ⟨m²⟩ = ⟨m⁴⟩ = f, U = 1 − 1/(3f) = 1/3 at f = ½ — a non-linear estimate with a known error.
    SampleSet s;
    s.shape = {4};
    Xoshiro256pp rng(11);
    const int n = 4000;
    int ups = 0;
    for (int i = 0; i < n; ++i) {
      const bool up = rng.next() >> 63;
      ups += up;
      const std::vector<int> v = up ? std::vector<int>{1, 1, 1, 1} : std::vector<int>{1, -1, 1, -1};
      for (int x : v) s.values.push_back(static_cast<std::int8_t>(x));
    }
    const double f = static_cast<double>(ups) / n;  // the fraction actually drawn
    const IsingObservables o = measureIsing(s);
    QVERIFY(std::abs(o.binderCumulant.mean - (1.0 - f / (3 * f * f))) < 1e-3);  // jackknife bias-corrected
    // U(f) = 1 − 1/(3f) at f = ½: dU/df = 1/(3f²) = 4/3, σ_f = sqrt(f(1−f)/n) → σ_U ≈ 0.0105.
    const double expected = 4.0 / 3.0 * std::sqrt(0.25 / n);
    QVERIFY2(std::abs(o.binderCumulant.error / expected - 1) < 4.0 / std::sqrt(2.0 * 31.0),
             qPrintable(QString("%1 vs %2").arg(o.binderCumulant.error).arg(expected)));
    // The truth U = 1/3 within 4 errors.
    QVERIFY(std::abs(o.binderCumulant.mean - 1.0 / 3.0) < 4 * o.binderCumulant.error);
  }
};

QTEST_APPLESS_MAIN(TestObservables)
#include "tst_observables.moc"
