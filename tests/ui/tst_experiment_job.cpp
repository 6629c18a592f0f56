// ExperimentJob (ui/experiment_job.h): the studio's worker for whole experiments. It publishes the
// accumulated state at most once per frame, reports the result, stops promptly keeping what was
// computed, pauses between events and steps one RG level at a time; a bad spec is refused.
#include <QSignalSpy>
#include <QtTest>

#include <QTemporaryDir>

#include "core/mc/draw_samples.h"
#include "core/rg/dimer_rg_step.h"
#include "core/rg/rg_flow.h"
#include "io/imported_samples.h"
#include "io/npy.h"
#include "ui/experiment_job.h"

using namespace rsmi;
using namespace rsmi::ui;

namespace {

// `temperatures` beyond the machine's cores keep work queued, so that a pause or a stop issued after the
// first events always meets a running experiment, however fast the machine.
RunSpec smallSpec(int samples = 80, int epochs = 6, int temperatures = 3) {
  RunSpec spec;
  FlowSpec& f = spec.flow;
  f.sampling.model = ModelKind::Ising2D;
  f.sampling.size = 16;
  f.sampling.samples = samples;
  f.sampling.seed = 2;
  for (int i = 0; i < temperatures; ++i) f.betas.push_back(0.40 + 0.08 * i / (temperatures - 1));
  f.rg.steps = 2;
  f.rg.seed = 2;
  f.rg.learning.training.epochs = epochs;
  f.rg.learning.training.patience = 0;
  f.rg.learning.scoreBaselines = false;
  return spec;
}

} // namespace

class TestExperimentJob : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void runsToTheEnd() {
    ExperimentJob job;
    QSignalSpy states(&job, &ExperimentJob::stateChanged);
    QSignalSpy finished(&job, &ExperimentJob::finished);
    QSignalSpy stopped(&job, &ExperimentJob::stopped);
    QVERIFY(job.start(smallSpec()));
    QVERIFY(job.isRunning());
    QVERIFY(stopped.wait(60000));
    QCOMPARE(finished.count(), 1);
    QVERIFY(!job.isRunning());
    const auto state = job.state();
    QCOMPARE(state->phase, ExperimentPhase::Finished);
    QVERIFY(state->result);
    QCOMPARE(state->temperatures.size(), std::size_t(3));
    QCOMPARE(state->flows.size(), std::size_t(1));
    QCOMPARE(state->fraction, 1.0);
    // Every level of every temperature has its trace: the MI curve and the learned filter where the
    // window fits (L = 16 and 8; not on the 4×4 lattice of the last level).
    for (std::size_t i = 0; i < 3; ++i)
      for (int level = 0; level < 3; ++level) {
        const LevelTrace* trace = state->trace(RunKey{0, CoarseGrainingRule::Learned, i}, level);
        QVERIFY(trace);
        QVERIFY(trace->done);
        QCOMPARE(trace->result.learned, level < 2);
        QCOMPARE(int(trace->curve.size()), level < 2 ? 6 : 0);
        if (level < 2) QCOMPARE(trace->filter.visibleCount(), 4);
      }
    // States are published per frame, not per event: far fewer than the events of the run.
    QVERIFY(states.count() >= 2);
    QVERIFY(states.count() < 3 * 3 * 8 * 2);
  }

  void stopKeepsWhatWasComputed() {
    ExperimentJob job;
    QSignalSpy stopped(&job, &ExperimentJob::stopped);
    QSignalSpy finished(&job, &ExperimentJob::finished);
    QVERIFY(job.start(smallSpec(400, 200, 16)));
    // Wait for the first finished level, then stop.
    QTRY_VERIFY_WITH_TIMEOUT(!job.state()->levels.empty() && job.state()->levels.begin()->second.curve.size() > 2, 60000);
    QElapsedTimer clock;
    clock.start();
    job.stop();
    QVERIFY(stopped.wait(10000));
    qInfo("stopped %lld ms after stop()", static_cast<long long>(clock.elapsed()));
    QVERIFY(clock.elapsed() < 2000);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(job.state()->phase, ExperimentPhase::Cancelled);
    QVERIFY(!job.state()->levels.empty());  // the curves drawn so far stay
  }

  void pausesAndSteps() {
    ExperimentJob job;
    QSignalSpy stopped(&job, &ExperimentJob::stopped);
    QVERIFY(job.start(smallSpec(200, 30, 16)));
    QTRY_VERIFY_WITH_TIMEOUT(!job.state()->levels.empty(), 60000);
    job.setPaused(true);
    QTRY_COMPARE_WITH_TIMEOUT(job.state()->phase, ExperimentPhase::Paused, 5000);
    // Held: after the events already under way, nothing changes any more.
    QTest::qWait(300);
    const std::uint64_t revision = job.state()->revision;
    QTest::qWait(400);
    QCOMPARE(job.state()->revision, revision);
    QVERIFY(job.isRunning());

    // Step: run to the end of the next level, then hold again.
    auto doneLevels = [&] {
      int n = 0;
      for (const auto& [key, trace] : job.state()->levels) n += trace.done;
      return n;
    };
    const int before = doneLevels();
    job.step();
    QTRY_VERIFY_WITH_TIMEOUT(doneLevels() > before, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(job.state()->phase, ExperimentPhase::Paused, 5000);
    QTest::qWait(300);
    const std::uint64_t afterStep = job.state()->revision;
    QTest::qWait(400);
    QCOMPARE(job.state()->revision, afterStep);
    job.setPaused(false);
    QVERIFY(stopped.wait(120000));
    QCOMPARE(job.state()->phase, ExperimentPhase::Finished);
  }

  void stopWhilePaused() {
    ExperimentJob job;
    QSignalSpy stopped(&job, &ExperimentJob::stopped);
    QVERIFY(job.start(smallSpec(200, 30, 16)));
    QTRY_VERIFY_WITH_TIMEOUT(!job.state()->levels.empty(), 60000);
    job.setPaused(true);
    job.stop();
    QVERIFY(stopped.wait(5000));
    QCOMPARE(job.state()->phase, ExperimentPhase::Cancelled);
  }

  void refusesABadSpec() {
    ExperimentJob job;
    QSignalSpy failed(&job, &ExperimentJob::failed);
    RunSpec spec = smallSpec();
    spec.flow.sampling.size = 3;
    QVERIFY(!job.start(spec));
    QCOMPARE(failed.count(), 1);
    QVERIFY(!job.isRunning());
  }

  // A spec that imports its samples (a saved session, a spec file): the job reads them on its worker
  // and learns on them; a file gone since is a failed run with the reason, not a crash.
  void importedSamplesAreReadOnTheWorker() {
    QTemporaryDir dir;
    const QString path = dir.filePath("imported.npy");
    RunSpec drawn = smallSpec(80, 4, 2);
    io::writeNpy(path, drawSamples(samplingFor(drawn.flow, 0)));
    RunSpec spec = drawn;
    spec.flow.sampling = io::importSamples(path).sampling;
    spec.flow.betas = {kDimerPlaceholderBeta};
    ExperimentJob job;
    QSignalSpy stopped(&job, &ExperimentJob::stopped);
    QVERIFY(job.start(spec));
    QVERIFY(stopped.wait(60000));
    QCOMPARE(job.state()->phase, ExperimentPhase::Finished);
    const LevelTrace* trace = job.state()->trace(RunKey{0, CoarseGrainingRule::Learned, 0}, 0);
    QVERIFY(trace && trace->done && trace->result.learned);
    QVERIFY(trace->result.learning.heldOutNats > 0);

    QVERIFY(QFile::remove(path));
    QSignalSpy failed(&job, &ExperimentJob::failed);
    QVERIFY(job.start(spec));
    QVERIFY(failed.wait(60000));
    QVERIFY2(failed.at(0).at(0).toString().contains("imported.npy"), qPrintable(failed.at(0).at(0).toString()));
  }

  void destroyingARunningJobStopsIt() {
    QElapsedTimer clock;
    {
      ExperimentJob job;
      QVERIFY(job.start(smallSpec(400, 200, 16)));
      QTRY_VERIFY_WITH_TIMEOUT(!job.state()->levels.empty(), 60000);
      clock.start();
    }
    qInfo("destroyed in %lld ms", static_cast<long long>(clock.elapsed()));
    QVERIFY(clock.elapsed() < 2000);
  }
};

QTEST_MAIN(TestExperimentJob)
#include "tst_experiment_job.moc"
