// Thermometers (SCIENCE.md §6): exact inversion of known calibrations, monotonicity under noise,
// error propagation, out-of-range readings and refusals.
#include <QtTest>

#include <cmath>

#include "core/common/random.h"
#include "core/rg/thermometer.h"

using namespace rsmi;

class TestThermometer : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void linearCalibrationInvertsExactly_data() {
    QTest::addColumn<int>("fit");
    QTest::addRow("interpolation") << int(ThermometerFit::MonotoneInterpolation);
    QTest::addRow("linear") << int(ThermometerFit::Linear);
  }
  void linearCalibrationInvertsExactly() {
    QFETCH(int, fit);
    std::vector<CalibrationPoint> pts;
    for (double b = 0.30; b < 0.601; b += 0.05) pts.push_back({b, 1 + 2 * b, 0.0});
    const Thermometer t(pts, ThermometerFit(fit));
    QVERIFY(t.increasing());
    const ThermometerReading r = t.read(1 + 2 * 0.4321, 0.01);
    QVERIFY(std::abs(r.beta - 0.4321) < 1e-10);
    QVERIFY(std::abs(r.error - 0.005) < 1e-6);  // σ_β = σ_τ / |τ'|
    QVERIFY(!r.outOfRange);
  }

  void smoothDecreasingFunction() {
    // τ(β) = exp(−3β) on a grid of spacing h = 0.05. The cubic's error is O(h³ τ'''/τ') ≈ 1e-4 in β
    // (5.3e-5 measured over the whole grid); the tolerance is that bound, not a fit to the result.
    std::vector<CalibrationPoint> pts;
    for (int i = 0; i <= 12; ++i) pts.push_back({0.2 + 0.05 * i, std::exp(-3 * (0.2 + 0.05 * i)), 0});
    const Thermometer t(pts);
    QVERIFY(!t.increasing());
    for (double b : {0.23, 0.41, 0.55, 0.77}) {
      const ThermometerReading r = t.read(std::exp(-3 * b));
      QVERIFY2(std::abs(r.beta - b) < 1e-4, qPrintable(QString::number(r.beta - b)));
    }
  }

  void noisyPointsStayMonotone() {
    Xoshiro256pp rng(5);
    std::vector<CalibrationPoint> pts;
    for (int i = 0; i < 20; ++i) {
      const double b = 0.3 + 0.01 * i;
      pts.push_back({b, std::tanh(b) + 0.01 * (rng.uniform() - 0.5), 0.005});
    }
    const Thermometer t(pts);
    double previous = -1e9;
    for (double b = 0.3; b <= 0.49; b += 0.0005) {
      const double v = t.value(b);
      QVERIFY(v >= previous - 1e-15);
      previous = v;
    }
  }

  void outOfRange() {
    std::vector<CalibrationPoint> pts{{0.3, 0.1, 0}, {0.4, 0.2, 0}, {0.5, 0.4, 0}};
    const Thermometer t(pts);
    ThermometerReading r = t.read(0.5);
    QVERIFY(r.outOfRange);
    QCOMPARE(r.beta, 0.5);
    r = t.read(0.0);
    QVERIFY(r.outOfRange);
    QCOMPARE(r.beta, 0.3);
  }

  void refusals() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Thermometer({{0.3, 0.1, 0}}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Thermometer({{0.3, 0.1, 0}, {0.3, 0.2, 0}}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Thermometer({{0.3, std::nan(""), 0}, {0.4, 0.2, 0}}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Thermometer({{0.3, 0.2, 0}, {0.4, 0.2, 0}}));
  }
};

QTEST_GUILESS_MAIN(TestThermometer)
#include "tst_thermometer.moc"
