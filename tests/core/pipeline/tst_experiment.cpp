// The Experiment pipeline (DESIGN.md, "Data flow"): typed events, bit-identical results whatever the
// number of threads, resumption from finished temperatures, cancellation; the majority-rule
// comparison; and the 1D Ising flow, which must go to disorder at every temperature.
#include <QtTest>

#include <tbb/task_arena.h>

#include <atomic>
#include <cmath>
#include <mutex>
#include <set>

#include "core/exact/onsager.h"
#include "core/pipeline/experiment.h"

using namespace rsmi;

namespace {

RunSpec smallIsingSpec() {
  RunSpec spec;
  FlowSpec& f = spec.flow;
  f.sampling.model = ModelKind::Ising2D;
  f.sampling.size = 16;
  f.sampling.samples = 120;
  f.sampling.seed = 5;
  f.betas = {0.40, 0.44, 0.48};
  f.rg.steps = 2;
  f.rg.seed = 5;
  f.rg.learning.training.epochs = 8;
  f.rg.learning.scoreBaselines = false;
  f.thermometer = ThermometerKind::MutualInformation;
  spec.compareMajority = true;
  return spec;
}

// Every number a result holds that the seed determines (not the timings).
void compareRuns(const RgIterationResult& a, const RgIterationResult& b) {
  QCOMPARE(a.levels.size(), b.levels.size());
  for (std::size_t k = 0; k < a.levels.size(); ++k) {
    const RgLevel &x = a.levels[k], &y = b.levels[k];
    QCOMPARE(x.shape, y.shape);
    QCOMPARE(x.observables.nearestNeighbour.mean, y.observables.nearestNeighbour.mean);
    QCOMPARE(x.observables.absMagnetization.mean, y.observables.absMagnetization.mean);
    QCOMPARE(x.learned, y.learned);
    QCOMPARE(x.learning.heldOutNats, y.learning.heldOutNats);
    QCOMPARE(x.learning.heldOutError, y.learning.heldOutError);
    QVERIFY(x.learning.training.filter.weights == y.learning.training.filter.weights);
    QCOMPARE(x.learning.training.curve.size(), y.learning.training.curve.size());
  }
}

void compareResults(const ExperimentResult& a, const ExperimentResult& b) {
  QCOMPARE(a.flows.size(), b.flows.size());
  for (std::size_t f = 0; f < a.flows.size(); ++f) {
    QCOMPARE(a.flows[f].rule, b.flows[f].rule);
    QCOMPARE(a.flows[f].flow.runs.size(), b.flows[f].flow.runs.size());
    for (std::size_t i = 0; i < a.flows[f].flow.runs.size(); ++i) compareRuns(a.flows[f].flow.runs[i], b.flows[f].flow.runs[i]);
    QCOMPARE(a.flows[f].flow.points.size(), b.flows[f].flow.points.size());
    for (std::size_t p = 0; p < a.flows[f].flow.points.size(); ++p) {
      const FlowPoint &x = a.flows[f].flow.points[p], &y = b.flows[f].flow.points[p];
      QCOMPARE(x.betaEff.beta, y.betaEff.beta);
      QCOMPARE(x.betaEff.error, y.betaEff.error);
    }
  }
  QCOMPARE(a.learned.found, b.learned.found);
  if (a.learned.found) QCOMPARE(a.learned.betaStar, b.learned.betaStar);
}

} // namespace

class TestExperiment : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void eventsAndThreadIndependence() {
    const Experiment experiment(smallIsingSpec());
    QCOMPARE(experiment.runKeys().size(), std::size_t(6));  // 3 temperatures × (learned, majority)

    std::mutex m;
    int temperatures = 0, flows = 0, levels = 0, epochs = 0, progress = 0;
    double lastFraction = 0;
    std::atomic<int> concurrent{0};
    std::atomic<bool> overlapped{false};
    ExperimentResult twoThreads;
    tbb::task_arena(2).execute([&] {
      twoThreads = experiment.run({}, [&](const ExperimentEvent& e) {
        // The Experiment serialises its events: never two calls at once.
        if (concurrent.fetch_add(1) != 0) overlapped = true;
        std::lock_guard lock(m);
        if (std::holds_alternative<TemperatureEvent>(e)) ++temperatures;
        if (std::holds_alternative<FlowEvent>(e)) ++flows;
        if (std::holds_alternative<LevelEvent>(e)) ++levels;
        if (std::holds_alternative<EpochEvent>(e)) ++epochs;
        if (const auto* p = std::get_if<ProgressEvent>(&e)) ++progress, lastFraction = p->fraction;
        concurrent.fetch_sub(1);
      });
    });
    QVERIFY(!overlapped);
    QCOMPARE(temperatures, 6);
    QCOMPARE(flows, 2);
    QCOMPARE(levels, 6 * 3);  // L = 16 → 8 → 4: three levels each
    QVERIFY(epochs > 0);
    QVERIFY(progress > 0);
    QCOMPARE(lastFraction, 1.0);
    QCOMPARE(twoThreads.flows.size(), std::size_t(2));
    QVERIFY(twoThreads.find(0, CoarseGrainingRule::Majority));
    // The majority rule has no training: its levels carry the rule's MI, no curve.
    const FlowOutcome* majority = twoThreads.find(0, CoarseGrainingRule::Majority);
    QVERIFY(majority->flow.runs[1].levels[0].learning.training.curve.empty());
    QVERIFY(majority->flow.runs[1].levels[0].learning.heldOutNats > 0);

    ExperimentResult oneThread;
    tbb::task_arena(1).execute([&] { oneThread = experiment.run(); });
    compareResults(twoThreads, oneThread);
  }

  void resumesFromFinishedTemperatures() {
    const Experiment experiment(smallIsingSpec());
    FinishedRuns all;
    const ExperimentResult full = experiment.run({}, [&](const ExperimentEvent& e) {
      if (const auto* t = std::get_if<TemperatureEvent>(&e)) all.emplace(t->key, t->run);
    });
    QCOMPARE(all.size(), std::size_t(6));
    FinishedRuns some;
    for (const auto& [key, run] : all)
      if (key.betaIndex != 1) some.emplace(key, run);
    int epochs = 0;
    std::set<std::size_t> trained;
    const ExperimentResult resumed = experiment.run({}, [&](const ExperimentEvent& e) {
      if (const auto* ep = std::get_if<EpochEvent>(&e)) ++epochs, trained.insert(ep->key.betaIndex);
    }, some);
    QVERIFY(epochs > 0);
    QCOMPARE(trained, std::set<std::size_t>{1});  // only the missing temperature was computed
    compareResults(full, resumed);
  }

  // A job array: the parts run disjoint temperatures, bit for bit as in the whole experiment, and
  // together they make the whole result.
  void partsMakeTheWhole() {
    const Experiment experiment(smallIsingSpec());
    const ExperimentResult full = experiment.run();
    FinishedRuns merged;
    for (int index = 0; index < 2; ++index) {
      const FinishedRuns part = experiment.runPart(ExperimentPart{index, 2});
      for (const auto& [key, run] : part) {
        QCOMPARE(int(key.betaIndex % 2), index);  // tasks index, index + 2, ... (one replica)
        QVERIFY(merged.emplace(key, run).second);
      }
    }
    QCOMPARE(merged.size(), std::size_t(6));
    int epochs = 0;
    const ExperimentResult whole = experiment.run({}, [&](const ExperimentEvent& e) {
      epochs += std::holds_alternative<EpochEvent>(e);
    }, merged);
    QCOMPARE(epochs, 0);  // nothing recomputed
    compareResults(full, whole);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, experiment.runPart(ExperimentPart{2, 2}));
    QVERIFY(!validate(ExperimentPart{0, 0}).empty());
  }

  void cancels() {
    const Experiment experiment(smallIsingSpec());
    std::stop_source stop;
    int temperaturesAfterStop = 0;
    bool stopped = false;
    try {
      experiment.run(stop.get_token(), [&](const ExperimentEvent& e) {
        if (std::holds_alternative<TemperatureEvent>(e)) {
          if (stopped) ++temperaturesAfterStop;
          stop.request_stop();
          stopped = true;
        }
      });
      QFAIL("a stopped experiment must throw Cancelled");
    } catch (const Cancelled&) {
    }
    QVERIFY(stopped);
    QVERIFY(temperaturesAfterStop <= 1);  // at most the temperature running beside it finished
  }

  void refusesBadSpecs() {
    RunSpec spec = smallIsingSpec();
    spec.replicas = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Experiment{spec});
    spec = smallIsingSpec();
    spec.flow.betas = {};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Experiment{spec});
    spec = smallIsingSpec();
    spec.flow.sampling.size = 3;  // the 2×2 block does not tile it
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Experiment{spec});
  }

  // Ising 1D has no finite-temperature critical point: coarse-graining must weaken the correlations
  // at every temperature, step after step — the flow goes to disorder (β_eff → 0).
  void ising1dFlowsToDisorder() {
    RunSpec spec;
    FlowSpec& f = spec.flow;
    f.sampling.model = ModelKind::Ising1D;
    f.sampling.size = 512;
    f.sampling.samples = 400;
    f.sampling.seed = 3;
    f.betas = {0.3, 0.5, 0.7, 0.9, 1.1, 1.3, 1.5};
    f.rg.learning.window.blockWidth = 2;
    f.rg.learning.window.blockHeight = 1;
    f.rg.learning.training.epochs = 20;
    f.rg.learning.scoreBaselines = false;
    f.rg.steps = 3;
    f.rg.seed = 3;
    f.thermometer = ThermometerKind::NearestNeighbour;
    spec.collapse = false;
    const ExperimentResult r = Experiment(spec).run();
    const FlowResult& flow = r.flows.front().flow;
    for (std::size_t i = 0; i < flow.runs.size(); ++i) {
      const auto& levels = flow.runs[i].levels;
      QCOMPARE(levels.size(), std::size_t(4));
      for (std::size_t k = 1; k < levels.size(); ++k) {
        const Estimate& before = levels[k - 1].observables.nearestNeighbour;
        const Estimate& after = levels[k].observables.nearestNeighbour;
        const double z = (before.mean - after.mean) / std::hypot(before.error, after.error);
        // Exact for decimation: ⟨s s'⟩ → ⟨s s'⟩²; a learned 2-site filter does no better than that.
        QVERIFY2(z > 4 || after.mean < 0.05,
                 qPrintable(QString("beta %1, step %2: nn %3 -> %4 (z = %5)")
                                .arg(f.betas[i]).arg(k).arg(before.mean).arg(after.mean).arg(z)));
      }
    }
    // Readings below the calibrated grid are clamped to its hottest end, β = 0.3.
    for (const FlowPoint& p : flow.points)
      if (p.level >= 1)
        QVERIFY2(p.betaEff.beta < p.beta0 || (p.betaEff.outOfRange && p.betaEff.beta == f.betas.front()), qPrintable(QString("beta %1 -> %2").arg(p.beta0).arg(p.betaEff.beta)));
    QVERIFY2(!r.learned.found || !(r.learned.lambdaT > 1),
             "the 1D flow must not show a relevant fixed point inside the grid");
  }
};

QTEST_GUILESS_MAIN(TestExperiment)
#include "tst_experiment.moc"
