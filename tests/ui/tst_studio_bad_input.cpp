// The studio's experiment fields with bad input (docs/robustness.md, section 10): every wrong
// temperature list, window geometry or run too large for this machine is explained under the form,
// the Run button is disabled, and startExperiment (Ctrl+R) starts nothing. A session or preset with
// a run far beyond the machine does not start either, and a refused session leaves the current
// experiment on screen.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "core/pipeline/cost_estimate.h"
#include "io/session.h"
#include "ui/experiment_job.h"
#include "ui/experiment_panel.h"
#include "ui/filter_heatmap.h"
#include "ui/experiment_view.h"
#include "ui/main_window.h"
#include "studio_test_runs.h"
#include "ui/sampling_panel.h"

using namespace rsmi;
using namespace rsmi::ui;
using rsmi::ui::testing::runToEnd;
using rsmi::ui::testing::smallSpec;

namespace {

// Ising 2D at L = 2048 (the largest the size box offers) with 10^5 samples: about 400 GiB of
// samples per temperature, beyond any machine these tests run on.
RunSpec beyondTheMachine(const MainWindow& window, int size = 2048) {
  RunSpec spec = smallSpec(window);
  spec.flow.sampling.size = size;
  spec.flow.sampling.samples = 100000;
  return spec;
}

QLabel* problemLabel(const MainWindow& window) {
  return window.experimentPanel()->findChild<QLabel*>(QStringLiteral("problem"));
}

// The form refuses: a message under it that contains `expected`, Run disabled, Ctrl+R does nothing.
bool refuses(MainWindow& window, const QString& expected) {
  QLabel* label = problemLabel(window);
  const QString problem = window.experimentProblem();
  if (!problem.contains(expected)) {
    qWarning("problem '%s' does not contain '%s'", qPrintable(problem), qPrintable(expected));
    return false;
  }
  if (window.experimentRunButton()->isEnabled()) return false;
  // The sampling panel's own problems (e.g. an odd dimer lattice) are shown in that panel instead.
  if (window.samplingPanel()->problem().isEmpty() && (label->isHidden() || !label->text().contains(expected, Qt::CaseInsensitive)))
    return false;
  QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier);
  window.startExperiment();
  return !window.isExperimentRunning();
}

} // namespace

class TestStudioBadInput : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void temperatureList_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");  // in the problem; empty: accepted
    QTest::addRow("non-numeric") << "0.4, warm" << "'warm' is not a number";
    QTest::addRow("empty") << "" << "give at least one temperature";
    QTest::addRow("blank") << "   " << "give at least one temperature";
    QTest::addRow("only T") << "T" << "give at least one temperature";
    QTest::addRow("reversed range") << "0.48:0.40:9" << "a range must go upwards";
    QTest::addRow("empty range") << "0.44:0.44:3" << "a range must go upwards";
    QTest::addRow("range of one") << "0.40:0.48:1" << "a range needs a COUNT from 2 to 200";
    QTest::addRow("range of 201") << "0.40:0.48:201" << "a range needs a COUNT from 2 to 200";
    QTest::addRow("range without count") << "0.40:0.48" << "a range is FROM:TO:COUNT";
    QTest::addRow("negative") << "-0.4, 0.44" << "must be positive, finite numbers";
    QTest::addRow("zero") << "0, 0.44" << "must be positive, finite numbers";
    QTest::addRow("decimal comma") << "0,44" << "must be positive, finite numbers";  // 0 and 44
    QTest::addRow("NaN") << "0.4, nan" << "must be positive, finite numbers";
    QTest::addRow("inf") << "inf, 0.4" << "must be positive, finite numbers";
    QTest::addRow("1e999") << "0.4, 1e999" << "not a number";
    QTest::addRow("temperature 0") << "T 0, 2.2" << "must be positive, finite numbers";
    QTest::addRow("repeated beta") << "0.40, 0.44, 0.40" << "the flow's temperature list has a repeated beta";
    QTest::addRow("repeated temperature") << "T 2.5, 2.5" << "the flow's temperature list has a repeated beta";
    QTest::addRow("one temperature") << "0.44" << "";
    QTest::addRow("temperatures") << "T 2.1; 2.3 2.5" << "";
  }

  void temperatureList() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    MainWindow window;
    window.setExperimentSpec(smallSpec(window));
    window.experimentPanel()->findChild<QLineEdit*>(QStringLiteral("temperatures"))->setText(text);
    if (expected.isEmpty()) {
      QCOMPARE(window.experimentProblem(), QString());
      QVERIFY(window.experimentRunButton()->isEnabled());
      QVERIFY(problemLabel(window)->isHidden());
    } else {
      QVERIFY(refuses(window, expected));
    }
  }

  // What the spin boxes let through: their ranges are the limits a user can type or step to.
  void fieldRanges() {
    MainWindow window;
    const auto range = [&](const char* name) {
      const auto* box = window.experimentPanel()->findChild<QSpinBox*>(QLatin1String(name));
      return box ? std::pair{box->minimum(), box->maximum()} : std::pair{-1, -1};
    };
    QCOMPARE(range("samples"), (std::pair{2, 1000000}));
    QCOMPARE(range("blockWidth"), (std::pair{1, 16}));
    QCOMPARE(range("blockHeight"), (std::pair{1, 16}));
    QCOMPARE(range("buffer"), (std::pair{0, 16}));
    QCOMPARE(range("environment"), (std::pair{1, 16}));
    QCOMPARE(range("hidden"), (std::pair{1, 8}));
    QCOMPARE(range("epochs"), (std::pair{1, 100000}));
    QCOMPARE(range("steps"), (std::pair{1, 12}));
    // Typed beyond a limit, a spin box keeps the limit: a spec asking for 9 hidden units shows 8.
    RunSpec spec = smallSpec(window);
    spec.flow.rg.learning.training.hiddenCount = 9;
    spec.flow.sampling.samples = 1;
    window.setExperimentSpec(spec);
    QCOMPARE(window.experimentSpec().flow.rg.learning.training.hiddenCount, 8);
    QCOMPARE(window.experimentSpec().flow.sampling.samples, 2);
    // The size box of the Ising 2D model stops at 2048: a larger size from a session or preset is
    // shown as 2048 in the form.
    spec.flow.sampling.size = 8192;
    window.setExperimentSpec(spec);
    QCOMPARE(window.experimentSpec().flow.sampling.size, 2048);
  }

  void geometry_data() {
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("block");
    QTest::addColumn<int>("buffer");
    QTest::addColumn<int>("environment");
    QTest::addColumn<int>("estimator");
    QTest::addColumn<QString>("expected");
    QTest::addRow("block not tiling") << 16 << 3 << 1 << 1 << int(EstimatorKind::Exact) << "a 3x3 block does not tile a 16x16 lattice";
    QTest::addRow("window larger than lattice") << 8 << 2 << 2 << 2 << int(EstimatorKind::Exact) << "is larger than the lattice";
    QTest::addRow("exact estimator, 25 visible") << 20 << 5 << 1 << 1 << int(EstimatorKind::Exact) << "limited to 16 visible spins; this block has 25";
    QTest::addRow("variational, 25 visible") << 20 << 5 << 1 << 1 << int(EstimatorKind::Variational) << "";
  }

  void geometry() {
    QFETCH(int, size);
    QFETCH(int, block);
    QFETCH(int, buffer);
    QFETCH(int, environment);
    QFETCH(int, estimator);
    QFETCH(QString, expected);
    MainWindow window;
    RunSpec spec = smallSpec(window);
    spec.flow.sampling.size = size;
    WindowGeometry& g = spec.flow.rg.learning.window;
    g.blockWidth = g.blockHeight = block;
    g.buffer = buffer;
    g.environment = environment;
    spec.flow.rg.learning.estimator = static_cast<EstimatorKind>(estimator);
    window.setExperimentSpec(spec);
    QCOMPARE(window.experimentSpec().flow.sampling.size, size);
    if (expected.isEmpty())
      QCOMPARE(window.experimentProblem(), QString());
    else
      QVERIFY(refuses(window, expected));
  }

  void dimers() {
    MainWindow window;
    RunSpec spec = smallSpec(window);
    spec.flow.sampling.model = ModelKind::Dimer;
    spec.flow.sampling.sampler = SamplerKind::Auto;
    spec.flow.sampling.size = 6;
    window.setExperimentSpec(spec);
    // Dimers run (one RSMI step, no flow), but the Ising window of the small spec is in half cells.
    QVERIFY(refuses(window, "the buffer and the environment of a dimer window are whole cells"));
    // An odd side typed into the size box (it steps by 2 but takes any number): the sampling panel's
    // message, and the experiment is refused with it.
    window.samplingPanel()->findChild<QSpinBox*>(QStringLiteral("size"))->setValue(5);
    QVERIFY(refuses(window, "even size L"));
  }

  void runBeyondTheMachine() {
    if (physicalMemoryBytes() == 0) QSKIP("the physical memory of this machine is unknown");
    MainWindow window;
    window.setExperimentSpec(beyondTheMachine(window));
    QVERIFY(refuses(window, "of memory for its samples"));
    // The same sentence as `rsmi run` (app/cli/experiment_runner.cpp): estimate and suggestion.
    const std::string cli = refusal(estimateCost(window.experimentSpec()), physicalMemoryBytes());
    QCOMPARE(window.experimentProblem(), QString::fromStdString(cli));
    QVERIFY(window.experimentProblem().contains("use at most"));
    // The job itself refuses it too, whoever asks.
    QSignalSpy failed(window.experimentJob(), &ExperimentJob::failed);
    QVERIFY(!window.experimentJob()->start(window.experimentSpec()));
    QCOMPARE(failed.count(), 1);
    // Following the suggestion makes the form runnable again.
    RunSpec fits = window.experimentSpec();
    fits.flow.sampling.size = 16;
    fits.flow.sampling.samples = 100;
    window.setExperimentSpec(fits);
    QCOMPARE(window.experimentProblem(), QString());
    QVERIFY(window.experimentRunButton()->isEnabled());

    // A picture of the refusal, for a human to read (RSMI_SCREENSHOTS=folder).
    if (const QByteArray folder = qgetenv("RSMI_SCREENSHOTS"); !folder.isEmpty()) {
      window.setExperimentSpec(beyondTheMachine(window));
      window.resize(1440, 900);
      window.show();
      QVERIFY(QTest::qWaitForWindowExposed(&window));
      window.startExperiment();
      QVERIFY(window.grab().save(QString::fromLocal8Bit(folder) + QStringLiteral("/cost-refusal.png")));
    }
  }

  // A session with a run beyond the machine is refused before anything changes: the finished
  // experiment on screen stays, with its results.
  void sessionBeyondTheMachine() {
    if (physicalMemoryBytes() == 0) QSKIP("the physical memory of this machine is unknown");
    QTemporaryDir dir;
    MainWindow window;
    window.setExperimentSpec(smallSpec(window));
    QVERIFY(runToEnd(window));
    const auto before = window.experimentJob()->state();
    io::Session huge;
    huge.spec = beyondTheMachine(window, 8192);
    const QString path = dir.filePath("huge.rsmi.json");
    io::writeSession(path, huge, true);
    QVERIFY(window.openSession(path).contains("of memory for its samples"));
    QVERIFY(!window.isExperimentRunning());
    QCOMPARE(window.experimentJob()->state(), before);
    QCOMPARE(window.experimentSpec().flow.sampling.size, 16);
    QVERIFY(!window.experimentView()->filters()->isEmpty());
    QCOMPARE(window.exportResults(dir.path()), QString());  // the results are still there
  }

  void presetBeyondTheMachine() {
    if (physicalMemoryBytes() == 0) QSKIP("the physical memory of this machine is unknown");
    MainWindow window;
    RunSpec preset = beyondTheMachine(window, 8192);
    preset.title = "Too large";
    preset.description = "A preset of a run far beyond this machine.";
    window.loadPreset(preset);
    QVERIFY(!window.isExperimentRunning());
    QVERIFY(refuses(window, "of memory for its samples"));
  }
};

QTEST_MAIN(TestStudioBadInput)
#include "tst_studio_bad_input.moc"
