// Closing the window while an experiment runs (or is paused) ends it: close() and the window's
// destructor return within a second with the experiment's worker thread joined, and afterwards the
// process computes nothing (the TBB workers are idle). The times are reported.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QtTest>

#include <memory>
#include <thread>

#include "ui/experiment_job.h"
#include "ui/main_window.h"

using namespace rsmi;
using namespace rsmi::ui;

namespace {

constexpr qint64 kCloseLimitMs = 1000;

// Many temperatures and long training: work is queued and running on any machine when we close.
RunSpec longSpec(const MainWindow& window) {
  RunSpec spec = window.experimentSpec();
  spec.flow.sampling.model = ModelKind::Ising2D;
  spec.flow.sampling.size = 16;
  spec.flow.sampling.samples = 400;
  spec.flow.sampling.sampler = SamplerKind::Auto;
  spec.flow.betas.clear();
  for (int i = 0; i < 32; ++i) spec.flow.betas.push_back(0.30 + 0.005 * i);
  spec.flow.rg.steps = 2;
  spec.flow.rg.learning.training.epochs = 400;
  return spec;
}

// The threads of this process. The experiment's TBB workers are named after the thread that
// started them ("rsmi-experiment", like the job's own worker) and stay in TBB's pool after the run,
// so the job's thread is recognised by the count: one fewer than while the experiment ran.
int threadCount() {
  return int(QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

// CPU time of the whole process (all threads), in clock ticks.
long long cpuTicks() {
  QFile stat(QStringLiteral("/proc/self/stat"));
  if (!stat.open(QIODevice::ReadOnly)) return -1;
  const QByteArray line = stat.readAll();
  // Fields after the command name (which may hold spaces) in parentheses: utime is 14th, stime 15th.
  const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
  return fields.value(11).toLongLong() + fields.value(12).toLongLong();
}

// After the experiment ended, the process should be idle: under 5 % of one core over 400 ms.
bool processIsIdle() {
  QTest::qWait(50);  // TBB workers spin briefly before they sleep
  const long long before = cpuTicks();
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  const long long used = cpuTicks() - before;
  const double seconds = static_cast<double>(used) / static_cast<double>(sysconf(_SC_CLK_TCK));
  qInfo("CPU used in the 400 ms after closing: %.0f ms", seconds * 1000);
  return seconds < 0.02;
}

// Returns the thread count while the experiment trains its filters.
int startAndWaitForTraining(MainWindow& window) {
  window.setExperimentSpec(longSpec(window));
  window.startExperiment();
  if (!window.isExperimentRunning()) return -1;
  if (!QTest::qWaitFor([&] { return !window.experimentJob()->state()->levels.empty(); }, 60000)) return -1;
  return threadCount();
}

} // namespace

class TestMainWindowClose : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void closeWhileRunning_data() {
    QTest::addColumn<bool>("paused");
    QTest::addRow("running") << false;
    QTest::addRow("paused") << true;
  }

  void closeWhileRunning() {
    QFETCH(bool, paused);
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const int running = startAndWaitForTraining(window);
    QVERIFY(running > 0 && !window.experimentJob()->state()->levels.empty());
    if (paused) {
      window.togglePause();
      QTRY_COMPARE_WITH_TIMEOUT(window.experimentJob()->state()->phase, ExperimentPhase::Paused, 5000);
    }
    QSignalSpy stopped(window.experimentJob(), &ExperimentJob::stopped);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(window.close());
    const qint64 ms = clock.elapsed();
    qInfo("close() with the experiment %s returned after %lld ms", paused ? "paused" : "running", static_cast<long long>(ms));
    QVERIFY(ms < kCloseLimitMs);
    QVERIFY(!window.isExperimentRunning());  // the job has joined its worker
    QVERIFY(threadCount() <= running - 1);
    QCOMPARE(stopped.count(), 1);
    QCOMPARE(window.experimentJob()->state()->phase, ExperimentPhase::Cancelled);
    QVERIFY(processIsIdle());
  }

  void destroyWhileRunning_data() { closeWhileRunning_data(); }

  void destroyWhileRunning() {
    QFETCH(bool, paused);
    {
      // For comparison: the widgets alone (charts, heatmaps, panels) take this long to destroy.
      auto idle = std::make_unique<MainWindow>();
      QElapsedTimer clock;
      clock.start();
      idle.reset();
      qInfo("destroying an idle window took %lld ms", static_cast<long long>(clock.elapsed()));
    }
    auto window = std::make_unique<MainWindow>();
    const int running = startAndWaitForTraining(*window);
    QVERIFY(running > 0);
    if (paused) window->togglePause();
    QElapsedTimer clock;
    clock.start();
    window.reset();
    const qint64 ms = clock.elapsed();
    qInfo("destroying the window with the experiment %s took %lld ms", paused ? "paused" : "running", static_cast<long long>(ms));
    QVERIFY(ms < kCloseLimitMs);
    QVERIFY(threadCount() <= running - 1);
    QVERIFY(processIsIdle());
  }
};

QTEST_MAIN(TestMainWindowClose)
#include "tst_main_window_close.moc"
