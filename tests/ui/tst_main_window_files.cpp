// Sessions, exports and presets from the main window: a saved session reopens with the same
// results without recomputing them; a corrupt session or an unwritable folder is explained and
// leaves what is on screen alone; results and figures export to files that load back.
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "io/session.h"
#include "ui/experiment_job.h"
#include "ui/main_window.h"
#include "studio_test_runs.h"
#include "ui/presets.h"

using namespace rsmi;
using namespace rsmi::ui;
using rsmi::ui::testing::runToEnd;
using rsmi::ui::testing::smallSpec;

class TestMainWindowFiles : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // recent files go to a test folder, not the user's
    qputenv("RSMI_PRESETS_DIR", RSMI_SOURCE_DIR "/resources/presets");
  }

  void sessionRoundTrip() {
    QTemporaryDir dir;
    const QString path = dir.filePath("a.rsmi.json");
    double betaStar = 0;
    {
      MainWindow window;
      window.setExperimentSpec(smallSpec(window));
      QVERIFY(runToEnd(window));
      betaStar = window.experimentJob()->state()->result->learned.betaStar;
      QCOMPARE(window.saveSession(path), QString());
    }
    MainWindow reopened;
    QSignalSpy stopped(reopened.experimentJob(), &ExperimentJob::stopped);
    QCOMPARE(reopened.openSession(path), QString());
    QVERIFY(stopped.wait(30000));
    const auto state = reopened.experimentJob()->state();
    QCOMPARE(state->phase, ExperimentPhase::Finished);
    QCOMPARE(state->result->learned.betaStar, betaStar);  // the same numbers, nothing recomputed
    QCOMPARE(state->spec.flow.sampling.samples, 100);
  }

  void badSessionsAreExplained() {
    QTemporaryDir dir;
    MainWindow window;
    window.setExperimentSpec(smallSpec(window));
    const RunSpec before = window.experimentSpec();
    QFile bad(dir.filePath("bad.rsmi.json"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{\"format\": \"rsmi-session\", \"spec\": {\"sampling\": 3}}");
    bad.close();
    QVERIFY(window.openSession(bad.fileName()).contains("'sampling' must be an object"));
    QVERIFY(!window.openSession(dir.filePath("missing.json")).isEmpty());
    QCOMPARE(window.experimentSpec().flow.sampling.samples, before.flow.sampling.samples);  // untouched
    QVERIFY(!window.isExperimentRunning());
  }

  void exports() {
    QTemporaryDir dir;
    MainWindow window;
    window.resize(1400, 900);
    QVERIFY(!window.exportResults(dir.path()).isEmpty());  // nothing finished yet
    window.setExperimentSpec(smallSpec(window));
    QVERIFY(runToEnd(window));
    QCOMPARE(window.exportResults(dir.path()), QString());
    for (const char* name : {"flow.json", "flow.csv", "run.json"}) QVERIFY2(QFile::exists(dir.filePath(name)), name);
    QCOMPARE(window.exportView("flow", dir.filePath("flow.png")), QString());
    QVERIFY(!QImage(dir.filePath("flow.png")).isNull());
    QCOMPARE(window.exportView("filters", dir.filePath("filters.svg")), QString());
    QCOMPARE(window.exportView("mi", dir.filePath("mi.pdf")), QString());
    QVERIFY(!window.exportView("flow", dir.filePath("flow.gif")).isEmpty());
    QVERIFY(!window.exportResults(dir.filePath("no/such/folder")).isEmpty());
  }

  void presetsLoadIntoTheForms() {
    const std::vector<Preset> presets = loadPresets();
    QVERIFY(presets.size() >= 5);
    MainWindow window;
    window.loadPreset(presets.front().spec);
    QCOMPARE(window.experimentSpec().flow.betas, presets.front().spec.flow.betas);
  }
};

QTEST_MAIN(TestMainWindowFiles)
#include "tst_main_window_files.moc"
