// analyseFlow with levels whose filter training diverged (docs/cli.md, "Training that diverges"):
// their points are kept and marked, but left out of the step map — and a temperature whose level-0
// training diverged out of the thermometer's calibration. Synthetic runs with a nearest-neighbour
// reading equal to β at step 0 and to the linear map β* + Λ(β − β*) at step 1, so that every
// expected number is exact.
#include <QtTest>

#include <cmath>
#include <set>

#include "core/rg/rg_flow.h"

using namespace rsmi;

namespace {

constexpr double kBetaStar = 0.44, kLambda = 1.5;

FlowSpec nnSpec() {
  FlowSpec spec;
  spec.betas = {0.38, 0.40, 0.42, 0.44, 0.46, 0.48, 0.50};
  spec.thermometer = ThermometerKind::NearestNeighbour;
  spec.fixedPointWindow = 0;  // every point in range
  return spec;
}

RgLevel level(int k, double reading) {
  RgLevel l;
  l.level = k;
  l.shape = {16 >> k, 16 >> k};
  l.learned = true;
  l.observables.nearestNeighbour = {reading, 1e-3};
  return l;
}

// `divergedAt[β index]` = the level whose training diverged (-1: none); a level-0 divergence also
// spoils that level's reading, as a poor filter's MI would.
std::vector<RgIterationResult> runs(const FlowSpec& spec, const std::vector<int>& divergedAt) {
  std::vector<RgIterationResult> out;
  for (std::size_t i = 0; i < spec.betas.size(); ++i) {
    const double beta = spec.betas[i];
    RgIterationResult run;
    run.levels = {level(0, beta), level(1, kBetaStar + kLambda * (beta - kBetaStar))};
    if (divergedAt[i] >= 0) {
      run.levels[std::size_t(divergedAt[i])].learning.training.divergence = "filter training diverged";
      if (divergedAt[i] == 0) run.levels[0].observables.nearestNeighbour.mean = 0.2;
    }
    out.push_back(run);
  }
  return out;
}

} // namespace

class TestFlowDivergence : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void divergedPointsAreMarkedAndNotFitted() {
    const FlowSpec spec = nnSpec();
    const FlowResult clean = analyseFlow(spec, runs(spec, {-1, -1, -1, -1, -1, -1, -1}));
    QVERIFY(clean.fixedPoint.found);
    QCOMPARE(clean.fixedPoint.pointsUsed, 5);  // steps of 0.38 and 0.50 leave the calibrated range
    for (const FlowPoint& p : clean.points) QVERIFY(!p.trainingDiverged);

    // Step 1 of β0 = 0.42 diverged; step 0 of β0 = 0.50 diverged and reads nonsense. Without 0.50
    // the calibration ends at 0.48, where the step of 0.48 (0.50) leaves it.
    const FlowResult r = analyseFlow(spec, runs(spec, {-1, -1, 1, -1, -1, -1, 0}));
    std::set<std::pair<double, int>> marked;
    for (const FlowPoint& p : r.points)
      if (p.trainingDiverged) marked.insert({p.beta0, p.level});
    const std::set<std::pair<double, int>> expected{{0.42, 1}, {0.50, 0}, {0.50, 1}};
    QVERIFY(marked == expected);
    QVERIFY2(r.fixedPoint.found, r.fixedPoint.problem.c_str());
    QCOMPARE(r.fixedPoint.pointsUsed, 3);  // 0.40, 0.44 and 0.46
    QVERIFY(std::abs(r.fixedPoint.betaStar - kBetaStar) < 1e-9);
    QVERIFY(std::abs(r.fixedPoint.lambdaT - kLambda) < 1e-9);
    // 0.50 does not calibrate: the thermometer still reads the others exactly.
    for (const FlowPoint& p : r.points)
      if (p.level == 1 && !p.betaEff.outOfRange && p.beta0 != 0.50)
        QVERIFY2(std::abs(p.betaEff.beta - (kBetaStar + kLambda * (p.beta0 - kBetaStar))) < 1e-9,
                 qPrintable(QString::number(p.beta0)));
    QCOMPARE(r.calibration.size(), spec.betas.size());  // reported in full, fitted without 0.50
  }

  // With every temperature's training diverged nothing is fitted, and the reason says why.
  void allDivergedIsExplained() {
    const FlowSpec spec = nnSpec();
    const FlowResult r = analyseFlow(spec, runs(spec, {1, 1, 1, 1, 1, 1, 1}));
    QVERIFY(!r.fixedPoint.found);
    QCOMPARE(QString::fromStdString(r.fixedPoint.problem),
             QStringLiteral("the step map needs at least two finite points (5 of 7 temperatures left out: their "
                            "filter training diverged)"));
    for (const FlowPoint& p : r.points) QCOMPARE(p.trainingDiverged, p.level == 1);
  }
};

QTEST_GUILESS_MAIN(TestFlowDivergence)
#include "tst_flow_divergence.moc"
