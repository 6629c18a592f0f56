// The RG flow experiment (SCIENCE.md §6) at small size: Ising 2D, L = 32, 400 samples at nine
// temperatures within ±8% of β_c, one learned 2×2 step, nearest-neighbour thermometer.
// Flows must move away from β_c for every β0 at least 2% from it; the fixed point and ν must agree
// with β_c and ν = 1 within four of their own error bars.
#include <QtTest>

#include <cmath>

#include "core/exact/onsager.h"
#include "core/pipeline/experiment.h"
#include "core/rg/rg_flow.h"

using namespace rsmi;

class TestRgFlow : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void isingFlowAndFixedPoint() {
    const double betaC = exact::kIsing2DCriticalBeta;
    FlowSpec spec;
    spec.sampling.model = ModelKind::Ising2D;
    spec.sampling.size = 32;
    spec.sampling.samples = 400;
    spec.sampling.seed = 11;
    for (int i = -4; i <= 4; ++i) spec.betas.push_back(betaC * (1 + 0.02 * i));
    spec.rg.steps = 1;
    spec.rg.learning.training.epochs = 20;
    spec.rg.learning.maxTrainingWindows = 100000;
    spec.rg.learning.scoreBaselines = false;
    spec.thermometer = ThermometerKind::NearestNeighbour;
    int runs = 0;
    const FlowResult r = runFlow(spec, {}, [&](std::size_t, const RgIterationResult&) { ++runs; });
    QCOMPARE(runs, 9);
    QCOMPARE(int(r.points.size()), 9 * 2);
    QCOMPARE(int(r.calibration.size()), 9);

    for (const FlowPoint& p : r.points) {
      if (p.level != 1) {
        QVERIFY2(std::abs(p.betaEff.beta - p.beta0) < 1e-9, qPrintable(QString("%1 -> %2").arg(p.beta0, 0, 'g', 17).arg(p.betaEff.beta, 0, 'g', 17)));  // level 0 reads back its own temperature
        continue;
      }
      QCOMPARE(p.size, 16);
      if (std::abs(p.beta0 / betaC - 1) < 0.02 - 1e-9) continue;
      const double away = (p.betaEff.beta - p.beta0) * (p.beta0 > betaC ? 1 : -1);
      // Readings beyond the calibrated grid are clamped to its end, which is away from β_c too.
      if (p.betaEff.outOfRange) QVERIFY(away >= 0);
      else QVERIFY2(away > 0, qPrintable(QString("beta0 %1 -> %2").arg(p.beta0).arg(p.betaEff.beta)));
    }

    const FixedPointEstimate& fp = r.fixedPoint;
    QVERIFY2(fp.found, fp.problem.c_str());
    QVERIFY2(std::abs(fp.betaStar - betaC) < 4 * fp.betaStarError,
             qPrintable(QString("beta* = %1 +- %2").arg(fp.betaStar).arg(fp.betaStarError)));
    QVERIFY2(std::abs(fp.nu - 1) < 4 * fp.nuError, qPrintable(QString("nu = %1 +- %2").arg(fp.nu).arg(fp.nuError)));
    qInfo("beta* = %.5f +- %.5f (beta_c %.5f), nu = %.3f +- %.3f", fp.betaStar, fp.betaStarError, betaC, fp.nu,
          fp.nuError);
  }

  // The same experiment through the pipeline with the learned-MI thermometer, and Kadanoff's majority
  // rule side by side on the same samples: both flows leave β_c, both fixed points agree with β_c
  // and ν = 1 within four of their error bars.
  void miThermometerAndMajorityRule() {
    const double betaC = exact::kIsing2DCriticalBeta;
    RunSpec spec;
    FlowSpec& f = spec.flow;
    f.sampling.model = ModelKind::Ising2D;
    f.sampling.size = 32;
    f.sampling.samples = 400;
    f.sampling.seed = 11;
    f.rg.seed = 11;
    for (int i = -4; i <= 4; ++i) f.betas.push_back(betaC * (1 + 0.02 * i));
    f.rg.steps = 1;
    f.rg.learning.training.epochs = 20;
    f.rg.learning.scoreBaselines = false;
    f.thermometer = ThermometerKind::MutualInformation;
    spec.compareMajority = true;
    const ExperimentResult r = Experiment(spec).run();
    for (CoarseGrainingRule rule : {CoarseGrainingRule::Learned, CoarseGrainingRule::Majority}) {
      const FlowOutcome* outcome = r.find(0, rule);
      QVERIFY(outcome);
      for (const FlowPoint& p : outcome->flow.points) {
        if (p.level != 1 || std::abs(p.beta0 / betaC - 1) < 0.02 - 1e-9) continue;
        QVERIFY(p.readingError > 0);  // every MI carries its error bar
        const double away = (p.betaEff.beta - p.beta0) * (p.beta0 > betaC ? 1 : -1);
        if (p.betaEff.outOfRange) QVERIFY(away >= 0);
        else QVERIFY2(away > 0, qPrintable(QString("%1: beta0 %2 -> %3").arg(ruleName(rule).data()).arg(p.beta0).arg(p.betaEff.beta)));
      }
      const FixedPointEstimate& fp = outcome->flow.fixedPoint;
      QVERIFY2(fp.found, fp.problem.c_str());
      qInfo("%s: beta* = %.5f +- %.5f, nu = %.3f +- %.3f", ruleName(rule).data(), fp.betaStar, fp.betaStarError, fp.nu,
            fp.nuError);
      QVERIFY2(std::abs(fp.betaStar - betaC) < 4 * fp.betaStarError, qPrintable(QString("beta* = %1 +- %2").arg(fp.betaStar).arg(fp.betaStarError)));
      QVERIFY2(std::abs(fp.nu - 1) < 4 * fp.nuError, qPrintable(QString("nu = %1 +- %2").arg(fp.nu).arg(fp.nuError)));
    }
    QCOMPARE(r.learned.betaStar, r.find(0, CoarseGrainingRule::Learned)->flow.fixedPoint.betaStar);
    QCOMPARE(r.majority.betaStar, r.find(0, CoarseGrainingRule::Majority)->flow.fixedPoint.betaStar);
  }

  void refusals() {
    FlowSpec spec;
    spec.betas = {0.4};
    QVERIFY(QString::fromStdString(validate(spec)).contains("two temperatures"));
    spec.betas = {0.4, 0.4};
    QVERIFY(QString::fromStdString(validate(spec)).contains("repeated"));
    spec.betas = {0.4, -1};
    QVERIFY(QString::fromStdString(validate(spec)).contains("positive"));
    spec.betas = {0.4, 0.5};
    spec.sampling.model = ModelKind::Dimer;
    spec.sampling.size = 8;
    QVERIFY(QString::fromStdString(validate(spec)).contains("dimers have no temperature"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runFlow(spec));
  }
};

QTEST_GUILESS_MAIN(TestRgFlow)
#include "tst_rg_flow.moc"
