// An experiment with a learning rate far too large runs to the end with finite numbers everywhere.
// At 100 (SGD) the weights saturate and nothing diverges; at 1e10 they overflow: each level that
// diverged keeps its last good filter and says so, and the levels coarse-grained from it — and the
// flow analysis — see only finite filters and samples.
#include <QtTest>

#include <cmath>

#include "core/pipeline/experiment.h"

using namespace rsmi;

namespace {

RunSpec specWithLearningRate(double rate) {
  RunSpec spec;
  FlowSpec& f = spec.flow;
  f.sampling.model = ModelKind::Ising2D;
  f.sampling.size = 32;
  f.sampling.samples = 120;
  f.sampling.seed = 7;
  f.betas = {0.40, 0.44, 0.48};
  f.rg.steps = 2;
  f.rg.seed = 7;
  f.rg.learning.training.optimizer = OptimizerKind::Sgd;
  f.rg.learning.training.learningRate = rate;
  f.rg.learning.training.epochs = 40;
  f.rg.learning.training.patience = 0;
  f.rg.learning.scoreBaselines = false;
  f.thermometer = ThermometerKind::MutualInformation;
  return spec;
}

bool finite(const Filter& f) { return f.weights.allFinite() && f.bias.allFinite(); }

} // namespace

class TestExperimentDivergence : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void laterStepsStayFinite_data() {
    QTest::addColumn<double>("rate");
    QTest::addColumn<bool>("diverges");
    QTest::addRow("100") << 100.0 << false;
    QTest::addRow("1e10") << 1e10 << true;
  }
  void laterStepsStayFinite() {
    QFETCH(double, rate);
    QFETCH(bool, diverges);
    const ExperimentResult result = Experiment(specWithLearningRate(rate)).run();
    const FlowOutcome* learned = result.find(0, CoarseGrainingRule::Learned);
    QVERIFY(learned);
    int diverged = 0, followed = 0;  // levels that diverged; those a coarser level was made from
    for (const RgIterationResult& run : learned->flow.runs) {
      QCOMPARE(run.levels.size(), std::size_t(3));  // L = 32 → 16 → 8: no level was dropped
      for (const RgLevel& level : run.levels) {
        QVERIFY(level.learned);
        QVERIFY2(finite(level.learning.training.filter), qPrintable(QString::number(level.level)));
        QVERIFY(std::isfinite(level.learning.heldOutNats));
        QVERIFY(std::isfinite(level.observables.nearestNeighbour.mean));
        for (const EpochRecord& e : level.learning.training.curve)
          QVERIFY(std::isfinite(e.trainingNats) && std::isfinite(e.heldOutNats));
        if (!level.learning.training.divergence.empty()) {
          ++diverged;
          if (level.level + 1 < int(run.levels.size())) ++followed;
          QVERIFY2(level.learning.training.divergence.find("lower the learning rate (now 1e+10)") != std::string::npos,
                   level.learning.training.divergence.c_str());
        }
      }
    }
    QCOMPARE(diverged > 0, diverges);
    QCOMPARE(followed > 0, diverges);
    // Points made with a diverged filter are marked (and left out of the fits); the others are not.
    auto point = learned->flow.points.begin();
    int marked = 0;
    for (const RgIterationResult& run : learned->flow.runs) {
      bool divergedSoFar = false;
      for (const RgLevel& level : run.levels) {
        divergedSoFar = divergedSoFar || !level.learning.training.divergence.empty();
        const FlowPoint& p = *point++;
        QVERIFY(std::isfinite(p.miNats));
        QVERIFY(std::isfinite(p.reading));
        QCOMPARE(p.trainingDiverged, divergedSoFar);
        marked += p.trainingDiverged;
      }
    }
    QCOMPARE(marked > 0, diverges);
    QVERIFY(learned->flow.fixedPoint.pointsUsed <= 3 - (diverges ? 1 : 0) || !learned->flow.fixedPoint.found);
  }
};

QTEST_GUILESS_MAIN(TestExperimentDivergence)
#include "tst_experiment_divergence.moc"
