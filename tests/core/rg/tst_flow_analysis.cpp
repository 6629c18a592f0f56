// Fixed point, Λ_T and ν from a step map (SCIENCE.md §6): exact recovery from a linear map, and
// error bars that are honest — over many noisy replicas the pulls have unit spread.
#include <QtTest>

#include <cmath>

#include "core/common/random.h"
#include "core/rg/flow_analysis.h"

using namespace rsmi;

namespace {

constexpr double kBetaStar = 0.4406868;

double gaussian(Xoshiro256pp& rng) {
  const double u = 1.0 - rng.uniform(), v = rng.uniform();
  return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
}

std::vector<StepMapPoint> linearMap(double lambda, double noise, Xoshiro256pp* rng) {
  std::vector<StepMapPoint> pts;
  for (int i = -4; i <= 4; ++i) {
    const double b = kBetaStar * (1 + 0.01 * i);
    double next = kBetaStar + lambda * (b - kBetaStar);
    if (rng) next += noise * gaussian(*rng);
    pts.push_back({b, 0, next, noise});
  }
  return pts;
}

} // namespace

class TestFlowAnalysis : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void exactLinearMap() {
    const FixedPointEstimate e = fixedPointOfStepMap(linearMap(2.0, 1e-9, nullptr), 2.0, 0);
    QVERIFY2(e.found, e.problem.c_str());
    QVERIFY(std::abs(e.betaStar - kBetaStar) < 1e-12);
    QVERIFY(std::abs(e.lambdaT - 2.0) < 1e-9);
    QVERIFY(std::abs(e.nu - 1.0) < 1e-9);
    QCOMPARE(e.pointsUsed, 9);
  }

  void honestErrorBars() {
    // 400 replicas with Gaussian noise σ on β': the pull (β*_est − β*)/σ_est must have mean ≈ 0 and
    // standard deviation ≈ 1. With n = 400, the spread of the sample s.d. is ≈ 1/√800 ≈ 0.035.
    Xoshiro256pp rng(12);
    const int replicas = 400;
    double sum = 0, sum2 = 0, nuSum = 0, nuSum2 = 0;
    for (int r = 0; r < replicas; ++r) {
      const FixedPointEstimate e = fixedPointOfStepMap(linearMap(2.0, 2e-4, &rng), 2.0, 9);
      QVERIFY(e.found);
      const double pull = (e.betaStar - kBetaStar) / e.betaStarError;
      sum += pull, sum2 += pull * pull;
      const double nuPull = (e.nu - 1.0) / e.nuError;
      nuSum += nuPull, nuSum2 += nuPull * nuPull;
    }
    const double mean = sum / replicas, sd = std::sqrt(sum2 / replicas - mean * mean);
    QVERIFY2(std::abs(mean) < 4 / std::sqrt(double(replicas)), qPrintable(QString::number(mean)));
    // χ²/dof scaling inflates errors slightly when scatter fluctuates high, so the s.d. may be a bit below 1.
    QVERIFY2(sd > 0.8 && sd < 1.0 + 4 * 0.035, qPrintable(QString::number(sd)));
    const double nuMean = nuSum / replicas, nuSd = std::sqrt(nuSum2 / replicas - nuMean * nuMean);
    QVERIFY2(std::abs(nuMean) < 0.25 && nuSd > 0.8 && nuSd < 1.2, qPrintable(QString::number(nuSd)));
  }

  void noCrossing() {
    std::vector<StepMapPoint> pts{{0.3, 0, 0.2, 0.01}, {0.35, 0, 0.25, 0.01}, {0.4, 0, 0.3, 0.01}};
    const FixedPointEstimate e = fixedPointOfStepMap(pts);
    QVERIFY(!e.found);
    QVERIFY(QString::fromStdString(e.problem).contains("widen"));
  }

  void combining() {
    FixedPointEstimate a, b, c;
    a.found = b.found = c.found = true;
    a.betaStar = 0.44, b.betaStar = 0.441, c.betaStar = 0.442;
    a.nu = 0.9, b.nu = 1.0, c.nu = 1.1;
    const FixedPointEstimate m = combineEstimates({a, b, c});
    QVERIFY(std::abs(m.betaStar - 0.441) < 1e-12);
    QVERIFY(std::abs(m.betaStarError - 0.001 / std::sqrt(3.0)) < 1e-12);
    QVERIFY(std::abs(m.nu - 1.0) < 1e-12);
    QVERIFY(!combineEstimates({a}).found);
  }
};

QTEST_GUILESS_MAIN(TestFlowAnalysis)
#include "tst_flow_analysis.moc"
