// A dimer experiment through the Experiment pipeline (core/rg/dimer_rg_step.h): dimer coverings with
// noise, two hidden units on a block of 4×4 cells learned by the variational estimator (the paper's
// result 4, small), one coarse-graining step, no thermometer and no flow analysis. The result is
// bit-identical on 1 and 2 threads, its filters weigh the links (the electric fields), not the noise,
// and dimer-specific mistakes in a spec are refused with messages that say what to change.
#include <QtTest>

#include <tbb/task_arena.h>

#include <cmath>

#include "core/dimer_filters.h"
#include "core/pipeline/experiment.h"
#include "core/rg/dimer_rg_step.h"

using namespace rsmi;

namespace {

// L = 32 (a 64 × 64 encoding), 400 samples, noise K = 1; the window of docs/recipes.md, result 4.
RunSpec smallDimerSpec() {
  RunSpec spec;
  FlowSpec& f = spec.flow;
  f.sampling.model = ModelKind::Dimer;
  f.sampling.size = 32;
  f.sampling.samples = 400;
  f.sampling.seed = 3;
  f.sampling.noise = true;
  f.sampling.noiseCoupling = 1.0;
  f.betas = {kDimerPlaceholderBeta};
  f.rg.steps = 1;
  f.rg.seed = 3;
  LearningSpec& l = f.rg.learning;
  l.window = {testing::kDimerBlock, testing::kDimerBlock, testing::kDimerBuffer, testing::kDimerEnvironment};
  l.estimator = EstimatorKind::Variational;
  l.training.hiddenCount = 2;
  l.training.epochs = 20;
  l.scoreBaselines = false;
  return spec;
}

void compareRuns(const RgIterationResult& a, const RgIterationResult& b) {
  QCOMPARE(a.levels.size(), b.levels.size());
  for (std::size_t k = 0; k < a.levels.size(); ++k) {
    const RgLevel &x = a.levels[k], &y = b.levels[k];
    QCOMPARE(x.shape, y.shape);
    QCOMPARE(x.observables.nearestNeighbour.mean, y.observables.nearestNeighbour.mean);
    QCOMPARE(x.learned, y.learned);
    QCOMPARE(x.learning.heldOutNats, y.learning.heldOutNats);
    QVERIFY(x.learning.training.filter.weights == y.learning.training.filter.weights);
    QCOMPARE(x.learning.training.curve.size(), y.learning.training.curve.size());
    QCOMPARE(x.snapshot.values, y.snapshot.values);
  }
}

}  // namespace

class TestExperimentDimer : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void runsOneStepThreadIndependently() {
    const Experiment experiment(smallDimerSpec());
    QCOMPARE(experiment.runKeys().size(), std::size_t(1));
    int epochs = 0, levels = 0;
    ExperimentResult two, one;
    tbb::task_arena(2).execute([&] {
      two = experiment.run({}, [&](const ExperimentEvent& e) {
        epochs += std::holds_alternative<EpochEvent>(e);
        levels += std::holds_alternative<LevelEvent>(e);
      });
    });
    tbb::task_arena(1).execute([&] { one = experiment.run(); });
    QVERIFY(epochs > 0);
    QCOMPARE(levels, 2);
    QCOMPARE(two.flows.size(), std::size_t(1));
    QCOMPARE(one.flows.size(), std::size_t(1));
    compareRuns(two.flows[0].flow.runs.at(0), one.flows[0].flow.runs.at(0));

    const RgIterationResult& run = two.flows[0].flow.runs.at(0);
    QCOMPARE(run.levels.size(), std::size_t(2));
    // Level 0: the 2L × 2L encoding, filter learned. Level 1: 8 × 8 blocks, each block's two hidden
    // units side by side; no filter (the dimer window means nothing there, and nothing reads its MI).
    QCOMPARE(run.levels[0].shape, (std::vector<int>{64, 64}));
    QVERIFY(run.levels[0].learned);
    QCOMPARE(run.levels[1].shape, (std::vector<int>{8, 16}));
    QVERIFY(!run.levels[1].learned);
    QVERIFY(run.stoppedBecause.empty());
    QCOMPARE(run.levels[1].snapshot.values.size(), std::size_t(8 * 16));
    const double bits = run.levels[0].learning.heldOutNats / std::log(2.0);
    QVERIFY2(bits > 0.05 && bits < 2.0, qPrintable(QString::number(bits)));

    // No thermometer, no flow analysis: β_eff undefined, no fixed point, no collapse.
    const FlowResult& flow = two.flows[0].flow;
    QCOMPARE(flow.points.size(), std::size_t(2));
    for (const FlowPoint& p : flow.points) QVERIFY(std::isnan(p.betaEff.beta));
    QVERIFY(!flow.fixedPoint.found);
    QVERIFY(QString::fromStdString(flow.fixedPoint.problem).contains(QStringLiteral("no temperature")));
    QVERIFY(!two.learned.found);
    QVERIFY(!two.collapse.found);

    // The filters weigh the links — the staggered patterns P_x, P_y of the fields — not the noise
    // spins (docs/recipes.md, result 4: 92–96% in the span there; here 96% and 94%, noise rms 5% and 7%).
    const Filter& filter = run.levels[0].learning.training.filter;
    QCOMPARE(filter.hiddenCount(), 2);
    for (int j = 0; j < 2; ++j) {
      const Vector w = filter.weights.row(j).transpose();
      const testing::FieldDecomposition d = testing::decompose(w, testing::kDimerBlock, testing::kDimerBlock);
      const QString what = QStringLiteral("hidden %1: span %2, noise max %3, rms %4")
                               .arg(j)
                               .arg(d.spanFraction)
                               .arg(d.noiseMaxRatio)
                               .arg(d.noiseRmsRatio);
      QVERIFY2(d.spanFraction > 0.85, qPrintable(what));
      QVERIFY2(d.noiseRmsRatio < 0.15, qPrintable(what));
      QVERIFY2(d.noiseMaxRatio < 0.3, qPrintable(what));
    }
  }

  void refusesBadDimerSpecs_data() {
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("expected");
    QTest::addRow("odd L") << "odd L"
                           << "even size L";
    QTest::addRow("block not whole cells") << "block 7x8"
                                           << "whole cells";
    QTest::addRow("block does not tile") << "block 12x12"
                                         << "dimer samples are 2L×2L arrays";
    QTest::addRow("odd buffer") << "buffer 3"
                                << "must be even";
    QTest::addRow("two temperatures") << "two betas"
                                      << "dimers have no temperature";
    QTest::addRow("two steps") << "steps 2"
                               << "dimers take one RG step";
    QTest::addRow("majority") << "majority"
                              << "majority rule is an Ising block spin";
    QTest::addRow("exact too large") << "exact"
                                     << "limited to 16 visible spins";
    QTest::addRow("exact without noise") << "exact 4x4 no noise"
                                         << "without noise";
  }
  void refusesBadDimerSpecs() {
    QFETCH(QString, change);
    QFETCH(QString, expected);
    RunSpec spec = smallDimerSpec();
    WindowGeometry& w = spec.flow.rg.learning.window;
    if (change == "odd L") spec.flow.sampling.size = 31;
    if (change == "block 7x8") w.blockWidth = 7;
    if (change == "block 12x12") w.blockWidth = w.blockHeight = 12;
    if (change == "buffer 3") w.buffer = 3;
    if (change == "two betas") spec.flow.betas = {0.4, 0.5};
    if (change == "steps 2") spec.flow.rg.steps = 2;
    if (change == "majority") spec.compareMajority = true;
    if (change == "exact") spec.flow.rg.learning.estimator = EstimatorKind::Exact;
    if (change == "exact 4x4 no noise") {
      spec.flow.rg.learning.estimator = EstimatorKind::Exact;
      w = {4, 4, 2, 2};
      spec.flow.sampling.noise = false;
    }
    const std::string problem = validate(spec);
    QVERIFY2(QString::fromStdString(problem).contains(expected), problem.c_str());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Experiment{spec});
    QVERIFY(validate(smallDimerSpec()).empty());
  }
};

QTEST_APPLESS_MAIN(TestExperimentDimer)
#include "tst_experiment_dimer.moc"
