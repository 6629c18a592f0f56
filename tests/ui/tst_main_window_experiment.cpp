// The main window runs an RG experiment end to end: Ctrl+R starts it from the forms, the views fill
// (filters, MI curve, flow, thermometer), the progress bar ends full, Escape stops a long one and
// what was computed stays; an impossible form is explained, not run. While it runs, the GUI thread
// keeps its frame timer: the worst gap between 10 ms ticks is reported.
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSignalSpy>
#include <QtTest>

#include "io/run_spec_json.h"
#include "ui/dimer_filter_view.h"
#include "ui/experiment_job.h"
#include "ui/experiment_panel.h"
#include "ui/experiment_view.h"
#include "ui/filter_heatmap.h"
#include "ui/main_window.h"
#include "ui/mi_curve_chart.h"
#include "ui/rg_cascade_view.h"
#include "ui/rg_flow_chart.h"
#include "ui/thermometer_chart.h"

using namespace rsmi;
using namespace rsmi::ui;

namespace {

RunSpec smallSpec(MainWindow& window, int samples, int epochs) {
  RunSpec spec = window.experimentSpec();
  spec.flow.sampling.model = ModelKind::Ising2D;
  spec.flow.sampling.size = 16;
  spec.flow.sampling.samples = samples;
  spec.flow.sampling.sampler = SamplerKind::Auto;
  spec.flow.betas = {0.40, 0.44, 0.48};
  spec.flow.rg.steps = 1;
  spec.flow.rg.learning.training.epochs = epochs;
  return spec;
}

} // namespace

class TestMainWindowExperiment : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void runsFromTheKeyboard() {
    MainWindow window;
    window.setExperimentSpec(smallSpec(window, 100, 10));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy stopped(window.experimentJob(), &ExperimentJob::stopped);

    // The GUI's own pulse while the experiment runs.
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0, worst = 0;
    QTimer pulse;
    pulse.setInterval(10);
    QObject::connect(&pulse, &QTimer::timeout, [&] {
      const qint64 now = clock.elapsed();
      worst = std::max(worst, now - last);
      last = now;
    });
    pulse.start();

    QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier);
    QVERIFY(window.isExperimentRunning());
    QVERIFY(!window.experimentRunButton()->isEnabled());
    QVERIFY(stopped.wait(120000));
    pulse.stop();
    qInfo("worst gap between 10 ms GUI ticks during the experiment: %lld ms", static_cast<long long>(worst));

    const auto state = window.experimentJob()->state();
    QCOMPARE(state->phase, ExperimentPhase::Finished);
    QVERIFY(!window.experimentView()->filters()->isEmpty());
    QVERIFY(window.experimentView()->flow()->curveCount() == 3);
    // The centre shows the selected temperature's cascade: L = 16 and its coarse 8 × 8 lattice.
    QCOMPARE(window.cascadeView()->levelCount(), 2);
    QVERIFY(window.cascadeView()->isVisible());
    QVERIFY(window.experimentRunButton()->isEnabled());
  }

  void escapeStopsAndKeepsResults() {
    MainWindow window;
    // More temperatures than any machine has cores: when the first level is in, work is still queued,
    // so Escape always meets a running experiment.
    RunSpec spec = smallSpec(window, 400, 400);
    spec.flow.betas.clear();
    for (int i = 0; i < 64; ++i) spec.flow.betas.push_back(0.30 + 0.004 * i);
    window.setExperimentSpec(spec);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy stopped(window.experimentJob(), &ExperimentJob::stopped);
    window.startExperiment();
    QTRY_VERIFY_WITH_TIMEOUT(!window.experimentJob()->state()->levels.empty(), 60000);
    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(stopped.wait(5000));
    QCOMPARE(window.experimentJob()->state()->phase, ExperimentPhase::Cancelled);
    QVERIFY(!window.experimentJob()->state()->levels.empty());
    QVERIFY(window.experimentRunButton()->isEnabled());
  }

  void impossibleFormsAreExplained() {
    MainWindow window;
    RunSpec spec = smallSpec(window, 100, 5);
    spec.flow.rg.learning.window.blockWidth = 3;  // 3 does not tile 16
    window.setExperimentSpec(spec);
    QVERIFY(!window.experimentRunButton()->isEnabled());
    window.startExperiment();
    QVERIFY(!window.isExperimentRunning());
    QVERIFY(!window.experimentPanel()->problem(window.experimentSpec().flow.sampling).isEmpty());
  }

  // The dimer preset (08, the paper's result 4) at a lecture-test size: the form takes it as it is,
  // the run ends, the filters are drawn on links and noise sites (two hidden units), the flow and
  // thermometer give way to one-line notes, and the cascade shows the covering then the coarse lattice.
  void runsTheDimerPreset() {
    const RunSpec preset =
        io::readRunSpec(QStringLiteral(RSMI_SOURCE_DIR "/resources/presets/08-dimers-electric-fields.json"));
    MainWindow window;
    window.loadPreset(preset);
    QCOMPARE(window.experimentSpec().flow.sampling.model, ModelKind::Dimer);
    QCOMPARE(window.experimentProblem(), QString());
    RunSpec spec = window.experimentSpec();
    spec.flow.sampling.size = 32;
    spec.flow.sampling.samples = 400;
    spec.flow.rg.learning.training.epochs = 20;
    window.setExperimentSpec(spec);
    QCOMPARE(window.experimentProblem(), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy stopped(window.experimentJob(), &ExperimentJob::stopped);
    window.startExperiment();
    QVERIFY(stopped.wait(120000));
    QCOMPARE(window.experimentJob()->state()->phase, ExperimentPhase::Finished);

    ExperimentView* view = window.experimentView();
    QVERIFY(view->dimerFilters()->isVisible());
    QCOMPARE(view->dimerFilters()->hiddenCount(), 2);
    QCOMPARE(view->dimerFilters()->cellColumns(), 4);
    QVERIFY(!view->filters()->isVisible());
    QVERIFY(!view->flow()->isVisible() && !view->thermometer()->isVisible());
    QVERIFY(view->noFlowNote()->isVisible() && view->noThermometerNote()->isVisible());
    QVERIFY(view->noFlowNote()->text().contains(QStringLiteral("No RG flow for dimers")));
    QVERIFY(view->miCurve()->isVisible());
    QCOMPARE(view->findChild<QSpinBox*>()->maximum(), 0);  // one filter, at step 0
    const LevelTrace* trace = window.experimentJob()->state()->trace(RunKey{}, 0);
    QVERIFY(trace && trace->done && !trace->curve.empty());
    QCOMPARE(window.cascadeView()->levelCount(), 2);
    QVERIFY(window.cascadeView()->dimersFirst());
    // File → Export figure: the filters as drawn on the lattice; no flow to export.
    QTemporaryDir dir;
    QCOMPARE(window.exportView(QStringLiteral("filters"), dir.filePath(QStringLiteral("filters.png"))), QString());
    QVERIFY(QImage(dir.filePath(QStringLiteral("filters.png"))).width() > 100);
    QVERIFY(window.exportView(QStringLiteral("flow"), dir.filePath(QStringLiteral("flow.png"))).contains(QStringLiteral("no RG flow for dimers")));
    // A saved session reopens with the dimer views, without recomputing.
    const QString session = dir.filePath(QStringLiteral("dimers.rsmi.json"));
    QCOMPARE(window.saveSession(session), QString());
    {
      MainWindow reopened;
      QSignalSpy done(reopened.experimentJob(), &ExperimentJob::stopped);
      QCOMPARE(reopened.openSession(session), QString());
      QVERIFY(done.count() > 0 || done.wait(60000));
      QCOMPARE(reopened.experimentJob()->state()->phase, ExperimentPhase::Finished);
      QCOMPARE(reopened.experimentView()->dimerFilters()->hiddenCount(), 2);
      QVERIFY(!reopened.experimentView()->dimerFilters()->isHidden());
      QVERIFY(!reopened.experimentView()->noFlowNote()->isHidden());
    }

    // Back to an Ising experiment: the Ising views return.
    RunSpec ising = smallSpec(window, 100, 5);
    ising.flow.sampling.noise = false;
    ising.flow.rg.learning.window = {2, 2, 1, 1};
    ising.flow.rg.learning.estimator = EstimatorKind::Exact;
    ising.flow.rg.learning.training.hiddenCount = 1;
    window.setExperimentSpec(ising);
    QCOMPARE(window.experimentProblem(), QString());
    QSignalSpy again(window.experimentJob(), &ExperimentJob::stopped);
    window.startExperiment();
    QVERIFY(again.wait(120000));
    QVERIFY(view->filters()->isVisible() && view->flow()->isVisible());
    QVERIFY(!view->dimerFilters()->isVisible() && !view->noFlowNote()->isVisible());
    QVERIFY(!window.cascadeView()->dimersFirst());
  }

  void temperatureLists() {
    QCOMPARE(ExperimentPanel::parseTemperatures("0.40:0.48:3").value(), (std::vector<double>{0.40, 0.44, 0.48}));
    QCOMPARE(ExperimentPanel::parseTemperatures("0.4, 0.5").value(), (std::vector<double>{0.4, 0.5}));
    QCOMPARE(ExperimentPanel::parseTemperatures("T 2, 4").value(), (std::vector<double>{0.5, 0.25}));
    QString error;
    QVERIFY(!ExperimentPanel::parseTemperatures("0.4, warm", &error));
    QVERIFY(error.contains("warm"));
    QVERIFY(!ExperimentPanel::parseTemperatures("0.5:0.4:3", &error));
    QVERIFY(!ExperimentPanel::parseTemperatures("", &error));
    QVERIFY(!ExperimentPanel::parseTemperatures("-0.4", &error));
  }
};

QTEST_MAIN(TestMainWindowExperiment)
#include "tst_main_window_experiment.moc"
