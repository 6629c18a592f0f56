// Writes from the studio that fail (docs/robustness.md, section 11): exporting the results or saving
// the session with a full disk (a file-size limit, which binds root too) or into a folder the user
// may not write. The message names the file and the reason, the earlier files stay byte for byte,
// and the results stay in memory, so that the next attempt, somewhere else, succeeds.
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <functional>
#include <sys/fsuid.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ui/experiment_job.h"
#include "ui/main_window.h"
#include "studio_test_runs.h"

using namespace rsmi;
using namespace rsmi::ui;
using rsmi::ui::testing::inLockedFolder;
using rsmi::ui::testing::runToEnd;
using rsmi::ui::testing::smallSpec;

namespace {

QMap<QString, QByteArray> snapshot(const QString& dir) {
  QMap<QString, QByteArray> files;
  for (const QString& name : QDir(dir).entryList(QDir::Files | QDir::Hidden)) {
    QFile f(QDir(dir).filePath(name));
    files[name] = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }
  return files;
}

// `write` with the file-size limit at `bytes` and SIGXFSZ ignored, as rsmi-studio runs.
QString underFileSizeLimit(rlim_t bytes, const std::function<QString()>& write) {
  rlimit saved{};
  getrlimit(RLIMIT_FSIZE, &saved);
  rlimit small = saved;
  small.rlim_cur = bytes;
  const auto previous = std::signal(SIGXFSZ, SIG_IGN);
  setrlimit(RLIMIT_FSIZE, &small);
  const QString problem = write();
  setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, previous);
  return problem;
}

} // namespace

class TestMainWindowFaults : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    qputenv("RSMI_PRESETS_DIR", RSMI_SOURCE_DIR "/resources/presets");
  }

  void failedWritesKeepFilesAndResults() {
    QTemporaryDir dir;
    MainWindow window;
    window.setExperimentSpec(smallSpec(window));
    QSignalSpy stopped(window.experimentJob(), &ExperimentJob::stopped);
    window.startExperiment();
    QVERIFY(stopped.wait(120000));
    QCOMPARE(window.experimentJob()->state()->phase, ExperimentPhase::Finished);
    const double betaStar = window.experimentJob()->state()->result->learned.betaStar;

    const QString session = dir.filePath("a.rsmi.json");
    QCOMPARE(window.exportResults(dir.path()), QString());
    QCOMPARE(window.saveSession(session), QString());
    const auto before = snapshot(dir.path());
    QCOMPARE(before.size(), 4);

    // A full disk: all three results or none; the session as it was.
    QString problem = underFileSizeLimit(256, [&] { return window.exportResults(dir.path()); });
    QVERIFY2(problem.startsWith("cannot write '" + dir.filePath("flow.json") + "': File too large"), qPrintable(problem));
    problem = underFileSizeLimit(256, [&] { return window.saveSession(session); });
    QVERIFY2(problem.startsWith("cannot write '" + session + "': File too large"), qPrintable(problem));
    QCOMPARE(snapshot(dir.path()), before);

    // A folder the user may not write.
    problem = inLockedFolder(dir.path(), [&] { return window.exportResults(dir.path()); });
    QCOMPARE(problem, "cannot write '" + dir.filePath("flow.json") + "': Permission denied");
    problem = inLockedFolder(dir.path(), [&] { return window.saveSession(session); });
    QCOMPARE(problem, "cannot write '" + session + "': Permission denied");
    QCOMPARE(snapshot(dir.path()), before);

    // The results are still there: another attempt, elsewhere, writes them.
    QVERIFY(window.experimentJob()->state()->result);
    QCOMPARE(window.experimentJob()->state()->result->learned.betaStar, betaStar);
    QTemporaryDir elsewhere;
    QCOMPARE(window.exportResults(elsewhere.path()), QString());
    QCOMPARE(snapshot(elsewhere.path()).value("flow.csv"), before.value("flow.csv"));
  }

  // A learning rate that makes the filter training diverge (SGD at 1e10): the run goes on with the
  // last good filter, and the window says where it happened and what to change.
  void divergedTrainingIsSaid() {
    MainWindow window;
    RunSpec spec = smallSpec(window);
    spec.flow.rg.learning.training.optimizer = OptimizerKind::Sgd;
    spec.flow.rg.learning.training.learningRate = 1e10;
    spec.flow.rg.learning.training.epochs = 40;
    spec.flow.rg.learning.training.patience = 0;
    // Through the job: the form's learning-rate field does not reach 1e10 (a session or RunSpec can).
    QSignalSpy stopped(window.experimentJob(), &ExperimentJob::stopped);
    QVERIFY(window.experimentJob()->start(spec));
    QVERIFY(stopped.wait(120000));
    QCOMPARE(window.experimentJob()->state()->phase, ExperimentPhase::Finished);
    const QString message = window.experimentMessage();
    QVERIFY2(message.startsWith("Training diverged at β₀ = ") && message.contains("lower the learning rate"),
             qPrintable(message));
    for (const auto& [where, trace] : window.experimentJob()->state()->levels)
      QVERIFY(trace.filter.weights.allFinite());
  }
};

QTEST_MAIN(TestMainWindowFaults)
#include "tst_main_window_faults.moc"
