// Start and stop, again and again, through the main window: 100 cycles (RSMI_STRESS_CYCLES) of a
// small experiment stopped at a random moment of a random target stage — sampling, filter
// training, coarse-graining, the flow analysis at the end, or just after the start. The histogram
// reports the stage the state showed at the stop: it shows the latest progress report of any of
// the temperatures running side by side, published at 30 Hz, so the short coarse-graining (a few ms
// at these sizes) is seldom seen even when a cycle waited for it, and the flow analysis only when
// it was still running at a frame. Every cycle the worker
// ends within 2 s of the stop, what was computed is consistent (curves where filters are drawn,
// finished temperatures among the spec's) and saves as a session that reads back; a finished run
// exports its results. Across all cycles a 10 ms pulse on the GUI thread measures the worst stall,
// and the resident memory after cycle 10 and after the last cycle shows whether runs leak.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <malloc.h>

#include <algorithm>
#include <map>
#include <random>
#include <unistd.h>

#include "io/session.h"
#include "ui/experiment_job.h"
#include "ui/main_window.h"

using namespace rsmi;
using namespace rsmi::ui;

namespace {

constexpr int kDefaultCycles = 100;
constexpr qint64 kStopLimitMs = 2000;
constexpr qint64 kStallLimitMs = 50;
// A timed bound needs the cores to itself (the suite is RUN_SERIAL in CTest), but other work on a
// shared machine still takes them: with the 1-minute load of everything else above one per core,
// the GUI thread is preempted mid-frame and a frame's 10-30 ms of work stretch to 100-300 ms even
// after its waits on the run queue are subtracted. Then only a bound that catches a real block (a
// lock held across a computation, a join of a running worker) is asserted, and the figure is
// reported.
constexpr qint64 kStallLimitOnBusyMachineMs = 500;
// Sanitizer builds (scripts/sanitizers.sh) run a few cycles, slowed several times over: their
// timing says nothing about the studio's, and LeakSanitizer checks leaks properly.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif
constexpr int kOwnThreads = 3;  // the GUI thread and the experiment's two workers on a 2-core machine
// After a few cycles the allocator's pools, TBB's arenas and Qt's caches are warm; the floor of the
// readings of cycles 6–15 is compared with that of the last ten. One cycle holds up to
// 16 temperatures × 1500 samples × 256 sites of samples (6 MB) plus its state (curves, filters, levels:
// well under 1 MB here), so a run that leaked its samples would grow the process by ~0.5 GB over 90
// cycles, and one that leaked its state by tens of MB. 50 MB allows the allocator's own slack.
constexpr double kRssGrowthLimitMb = 50;

enum class Stage { Start, Sampling, Training, CoarseGraining, FlowAnalysis, Ended };

const char* name(Stage s) {
  switch (s) {
    case Stage::Start: return "starting";
    case Stage::Sampling: return "sampling";
    case Stage::Training: return "filter training";
    case Stage::CoarseGraining: return "coarse-graining";
    case Stage::FlowAnalysis: return "flow analysis";
    case Stage::Ended: return "already ended";
  }
  return "?";
}

// What the published state shows, in the words of the Experiment's progress stages.
Stage stageOf(const ExperimentState& s) {
  if (s.phase != ExperimentPhase::Running && s.phase != ExperimentPhase::Paused) return Stage::Ended;
  if (s.temperatures.size() == s.spec.flow.betas.size()) return Stage::FlowAnalysis;
  const QString stage = QString::fromStdString(s.stage);
  if (stage.contains("thermalising") || stage.contains("sampling")) return Stage::Sampling;
  if (stage.contains("coarse-graining")) return Stage::CoarseGraining;
  if (stage.contains("training") || stage.contains("estimator") || stage.contains("scoring") ||
      stage.contains("conditional model"))
    return Stage::Training;
  return Stage::Start;
}

// Nanoseconds this thread has waited on a run queue (runnable, not running): /proc/thread-self/schedstat.
qint64 runQueueWaitNs() {
  QFile schedstat(QStringLiteral("/proc/thread-self/schedstat"));
  if (!schedstat.open(QIODevice::ReadOnly)) return 0;
  return schedstat.readAll().split(' ').value(1).toLongLong();
}

QString loadAverage() {
  QFile loadavg(QStringLiteral("/proc/loadavg"));
  return loadavg.open(QIODevice::ReadOnly) ? QString::fromLatin1(loadavg.readAll().left(14)) : QString();
}

// The 1-minute load of other processes per core (our own threads subtracted).
double otherLoadPerCore() {
  const double load = loadAverage().section(QLatin1Char(' '), 0, 0).toDouble();
  const long cores = std::max(1L, sysconf(_SC_NPROCESSORS_ONLN));
  return std::max(0.0, load - kOwnThreads) / static_cast<double>(cores);
}

// The process's resident memory after handing freed memory back to the system: glibc keeps freed
// blocks in per-thread arenas (one per TBB worker) until trimmed, which would make RSS follow the
// largest recent run rather than what is still in use.
double residentMb() {
  malloc_trim(0);
  QFile statm(QStringLiteral("/proc/self/statm"));
  if (!statm.open(QIODevice::ReadOnly)) return -1;
  const QList<QByteArray> fields = statm.readAll().split(' ');
  return fields.value(1).toDouble() * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// Sizes vary so that the stages take different times: many samples make sampling and coarse-graining
// long, many epochs make training long; a tiny run reaches its flow analysis quickly. Sixteen
// temperatures keep work queued on any machine.
RunSpec cycleSpec(RunSpec spec, Stage target, std::mt19937& rng) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  spec.flow.sampling.model = ModelKind::Ising2D;
  spec.flow.sampling.size = 16;
  spec.flow.sampling.sampler = SamplerKind::Auto;
  spec.flow.sampling.seed = static_cast<std::uint64_t>(uniform(1, 1000000));
  spec.flow.betas.clear();
  for (int i = 0; i < 16; ++i) spec.flow.betas.push_back(0.30 + 0.0125 * i);
  const bool tiny = target == Stage::FlowAnalysis;
  const bool coarse = target == Stage::CoarseGraining;  // many sites to coarse-grain, short training
  if (coarse) spec.flow.sampling.size = 32;
  spec.flow.sampling.samples = tiny ? uniform(40, 80) : coarse ? uniform(1500, 3000) : uniform(100, 1500);
  spec.flow.rg.learning.training.epochs = tiny ? uniform(2, 4) : coarse ? uniform(2, 4) : uniform(4, 120);
  spec.flow.rg.steps = tiny ? 1 : uniform(1, 2);
  return spec;
}

} // namespace

class TestExperimentStress : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void startStopCycles() {
    const int cycles = qEnvironmentVariableIsSet("RSMI_STRESS_CYCLES") ? qEnvironmentVariableIntValue("RSMI_STRESS_CYCLES")
                                                                        : kDefaultCycles;
    QVERIFY(cycles >= 1);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString sessionPath = dir.filePath(QStringLiteral("cycle.rsmi.json"));

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ExperimentJob* job = window.experimentJob();
    std::mt19937 rng(20261128);

    QElapsedTimer clock;
    clock.start();
    // The pulse measures two gaps: the wall-clock one, and the same minus the time the GUI thread
    // waited for a CPU. On a shared 2-core machine other processes take the CPU for tens of ms at
    // a time; what the studio controls — and what is asserted — is how long the GUI thread itself
    // computes or blocks between two ticks. Saving and exporting are left out (`measuring`): they
    // write synchronously on the GUI thread, as the File menu does, and are timed on their own.
    qint64 lastTick = 0, lastWait = 0, worstGap = 0, worstStall = 0, worstFiles = 0;
    bool measuring = true;
    QTimer pulse;
    pulse.setInterval(10);
    auto restartPulse = [&] {
      lastTick = clock.elapsed();
      lastWait = runQueueWaitNs();
    };
    QObject::connect(&pulse, &QTimer::timeout, [&] {
      const qint64 now = clock.elapsed(), wait = runQueueWaitNs();
      if (measuring) {
        worstGap = std::max(worstGap, now - lastTick);
        worstStall = std::max(worstStall, now - lastTick - (wait - lastWait) / 1000000);
      }
      lastTick = now;
      lastWait = wait;
    });
    restartPulse();
    pulse.start();

    std::map<std::string, int> histogram;
    int finished = 0;
    qint64 worstStop = 0;
    double rssAfter10 = -1, rssAtEnd = -1;  // the lowest readings of cycles 6–15 and of the last 10
    for (int cycle = 1; cycle <= cycles; ++cycle) {
      const Stage target = static_cast<Stage>(std::uniform_int_distribution<int>(0, 4)(rng));
      window.setExperimentSpec(cycleSpec(window.experimentSpec(), target, rng));
      const RunSpec spec = window.experimentSpec();  // as the form holds it (β printed to 10 digits)
      QVERIFY2(window.experimentProblem().isEmpty(), qPrintable(window.experimentProblem()));
      QSignalSpy stopped(job, &ExperimentJob::stopped);
      // Half of the cycles from the keyboard, half through the window's API.
      const bool keyboard = cycle % 2 == 0;
      if (keyboard)
        QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier);
      else
        window.startExperiment();
      QVERIFY(window.isExperimentRunning());

      // Wait until the state shows the target stage (at most 1.5 s), then a random moment more.
      QElapsedTimer waited;
      waited.start();
      if (target == Stage::Start) {
        QTest::qWait(std::uniform_int_distribution<int>(0, 150)(rng));
      } else {
        while (waited.elapsed() < 1500 && job->isRunning() && stageOf(*job->state()) != target) QTest::qWait(2);
        QTest::qWait(std::uniform_int_distribution<int>(0, 20)(rng));
      }
      const Stage shown = stageOf(*job->state());
      ++histogram[name(shown)];

      QElapsedTimer stopClock;
      stopClock.start();
      if (keyboard)
        QTest::keyClick(&window, Qt::Key_Escape);
      else
        window.stopExperiment();
      if (stopped.isEmpty()) QVERIFY2(stopped.wait(int(kStopLimitMs)), qPrintable(QStringLiteral("cycle %1").arg(cycle)));
      worstStop = std::max(worstStop, stopClock.elapsed());
      QVERIFY(stopClock.elapsed() < kStopLimitMs);
      QVERIFY(!window.isExperimentRunning());
      QVERIFY(window.experimentRunButton()->isEnabled());

      // The partial state is consistent.
      const auto state = job->state();
      QVERIFY2(state->phase == ExperimentPhase::Cancelled || state->phase == ExperimentPhase::Finished,
               qPrintable(QString::fromStdString(state->error)));
      if (state->phase == ExperimentPhase::Finished) ++finished;
      QCOMPARE(state->spec.flow.betas, spec.flow.betas);
      const std::size_t n = spec.flow.betas.size();
      for (const auto& [key, trace] : state->levels) {
        QVERIFY(key.first.betaIndex < n);
        // A level being learned, or learned, is drawn with its MI curve and filter.
        if (!trace.done || trace.result.learned) {
          QVERIFY2(!trace.curve.empty(), qPrintable(QStringLiteral("cycle %1: empty curve").arg(cycle)));
          QVERIFY(trace.filter.visibleCount() > 0);
        }
      }
      for (const auto& [key, run] : state->temperatures) {
        QVERIFY(key.betaIndex < n);
        QCOMPARE(key.replica, 0);
        QVERIFY(!run.levels.empty());
      }
      QCOMPARE(state->result != nullptr, state->phase == ExperimentPhase::Finished);

      // What was computed saves and reads back; a finished run exports.
      measuring = false;
      QElapsedTimer files;
      files.start();
      QCOMPARE(window.saveSession(sessionPath), QString());
      const io::Session reread = io::readSession(sessionPath);
      QCOMPARE(reread.runs.size(), state->temperatures.size());
      QCOMPARE(reread.spec.flow.sampling.samples, spec.flow.sampling.samples);
      if (state->phase == ExperimentPhase::Finished) {
        QCOMPARE(window.exportResults(dir.path()), QString());
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("flow.json"))));
      }
      worstFiles = std::max(worstFiles, files.elapsed());
      restartPulse();
      measuring = true;
      // The floor of a window of cycles: each reading includes the last run's state, whose size varies
      // with its spec; a leak raises the floor.
      const double rss = residentMb();
      if (cycle >= 6 && cycle < 16) rssAfter10 = rssAfter10 < 0 ? rss : std::min(rssAfter10, rss);
      if (cycle > cycles - 10) rssAtEnd = rssAtEnd < 0 ? rss : std::min(rssAtEnd, rss);
    }
    pulse.stop();

    QStringList counts;
    for (const auto& [stage, count] : histogram) counts << QStringLiteral("%1 %2").arg(QString::fromStdString(stage)).arg(count);
    qInfo("%d cycles in %.1f s; stage shown at the stop: %s; %d finished before the stop", cycles,
          clock.elapsed() / 1000.0, qPrintable(counts.join(QStringLiteral(", "))), finished);
    qInfo("worst time from stop to stopped(): %lld ms", static_cast<long long>(worstStop));
    qInfo("worst time to save, re-read and export on the GUI thread: %lld ms", static_cast<long long>(worstFiles));
    qInfo("worst gap between 10 ms GUI ticks: %lld ms wall clock, %lld ms without the GUI thread's waits for a CPU "
          "(load average now %s)",
          static_cast<long long>(worstGap), static_cast<long long>(worstStall), qPrintable(loadAverage()));
    if (kSanitized) {
      QVERIFY(worstStall < kStallLimitOnBusyMachineMs);
    } else if (const double busy = otherLoadPerCore(); busy > 1.0) {
      qWarning("other processes load this machine (%.1f per core): the %lld ms stall bound is not asserted, only %lld ms",
               busy, static_cast<long long>(kStallLimitMs), static_cast<long long>(kStallLimitOnBusyMachineMs));
      QVERIFY(worstStall < kStallLimitOnBusyMachineMs);
    } else {
      QVERIFY(worstStall < kStallLimitMs);
    }
    if (cycles >= 30) {
      qInfo("resident memory, lowest of cycles 6-15: %.1f MB, of the last 10 of %d: %.1f MB (%+.1f MB)", rssAfter10,
            cycles, rssAtEnd, rssAtEnd - rssAfter10);
      QVERIFY(rssAtEnd - rssAfter10 < kRssGrowthLimitMb);
    }
  }
};

QTEST_MAIN(TestExperimentStress)
#include "tst_experiment_stress.moc"
