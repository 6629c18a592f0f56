// File → Import samples (MainWindow::importSamples): a .npy from elsewhere is read off the GUI
// thread, shown, and learned on by the experiment — its filters and MI are those of `rsmi flow
// --import` on the same file — with no flow; a session keeps the import; a bad file changes nothing;
// "Draw samples instead" goes back to drawn samples.
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "core/mc/draw_samples.h"
#include "core/pipeline/experiment.h"
#include "core/rg/rg_flow.h"
#include "io/imported_samples.h"
#include "io/npy.h"
#include "studio_test_runs.h"
#include "ui/experiment_panel.h"
#include "ui/experiment_view.h"
#include "ui/lattice_view.h"
#include "ui/main_window.h"

using namespace rsmi;
using namespace rsmi::ui;
using rsmi::ui::testing::runToEnd;
using rsmi::ui::testing::smallSpec;

namespace {

// Waits for the window's import to end; its outcome (empty: imported).
QString importInto(MainWindow& window, const QString& path) {
  QSignalSpy imported(&window, &MainWindow::samplesImported);
  const QString refused = window.importSamples(path);
  if (!refused.isEmpty()) return refused;
  if (!imported.wait(30000)) return QStringLiteral("timed out");
  return imported.at(0).at(0).toString();
}

}  // namespace

class TestMainWindowImport : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void learnsOnImportedSamples() {
    QTemporaryDir dir;
    const QString path = dir.filePath("snapshots.npy");
    MainWindow window;
    RunSpec drawn = smallSpec(window);
    io::writeNpy(path, drawSamples(samplingFor(drawn.flow, 1)));
    window.setExperimentSpec(drawn);

    QCOMPARE(importInto(window, path), QString());
    QVERIFY(window.experimentPanel()->importing());
    const RunSpec spec = window.experimentSpec();
    QCOMPARE(QString::fromStdString(spec.flow.sampling.samplesFile), QFileInfo(path).absoluteFilePath());
    QCOMPARE(spec.flow.sampling.samples, 100);
    QCOMPARE(spec.flow.betas.size(), std::size_t(1));
    QVERIFY(!spec.compareMajority);
    auto* note = window.experimentPanel()->findChild<QLabel*>(QStringLiteral("importedNote"));
    QVERIFY(note && note->isVisibleTo(window.experimentPanel()));
    QVERIFY2(note->text().contains("snapshots.npy") && note->text().contains("100 16×16"), qPrintable(note->text()));
    QVERIFY(!window.experimentPanel()->findChild<QWidget*>(QStringLiteral("samples"))->isEnabled());

    QVERIFY(runToEnd(window));
    const auto state = window.experimentJob()->state();
    const LevelTrace* trace = state->trace(RunKey{0, CoarseGrainingRule::Learned, 0}, 0);
    QVERIFY(trace && trace->done && trace->result.learned);
    // The same file through the core, as `rsmi flow --import` runs it: the same filter, bit for bit.
    const io::ImportedSamples imported = io::importSamples(path);
    RunSpec direct = spec;
    direct.flow.sampling.threads = 1;
    direct.flow.rg.threads = 1;
    const ExperimentResult result = Experiment(direct, imported.samples).run();
    const RgLevel& level = result.flows.at(0).flow.runs.at(0).levels.at(0);
    QCOMPARE(trace->result.learning.heldOutNats, level.learning.heldOutNats);
    QVERIFY(trace->filter.weights == level.learning.training.filter.weights);
    // No temperature: the notes say why there is no flow.
    QVERIFY(window.experimentView()->noFlowNote()->isVisibleTo(window.experimentView()));
    QVERIFY(window.experimentView()->noFlowNote()->text().contains("imported samples"));

    // A session keeps the import: reopened, the experiment still learns on the file.
    const QString session = dir.filePath("s.rsmi.json");
    QCOMPARE(window.saveSession(session), QString());
    MainWindow other;
    QCOMPARE(other.openSession(session), QString());
    QVERIFY(other.experimentPanel()->importing());
    QCOMPARE(other.experimentSpec().flow.sampling.samplesSha256, spec.flow.sampling.samplesSha256);

    // Back to drawn samples: the form's temperatures and count again.
    window.experimentPanel()->drawInstead();
    QVERIFY(!window.experimentPanel()->importing());
    QVERIFY(window.experimentSpec().flow.sampling.samplesFile.empty());
    QCOMPARE(window.experimentSpec().flow.betas.size(), std::size_t(3));
    QVERIFY(!note->isVisibleTo(window.experimentPanel()));
  }

  void badFilesChangeNothing() {
    QTemporaryDir dir;
    MainWindow window;
    const RunSpec before = smallSpec(window);
    window.setExperimentSpec(before);
    SampleSet rectangle;
    rectangle.shape = {4, 8};
    rectangle.values.assign(3 * 32, 1);
    io::writeNpy(dir.filePath("rect.npy"), rectangle);
    QFile text(dir.filePath("notes.npy"));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("not an array");
    text.close();
    for (const char* name : {"rect.npy", "notes.npy", "missing.npy"}) {
      const QString problem = importInto(window, dir.filePath(name));
      QVERIFY2(problem.contains(QLatin1String(name)), qPrintable(problem));
      QVERIFY(!window.experimentPanel()->importing());
      QVERIFY(window.experimentSpec().flow.sampling.samplesFile.empty());
      QCOMPARE(window.experimentSpec().flow.betas, before.flow.betas);
    }
  }
};

QTEST_MAIN(TestMainWindowImport)
#include "tst_main_window_import.moc"
