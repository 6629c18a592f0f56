// File → Export data, Edit → Copy plot and the writes off the GUI thread: every export holds the
// numbers the state holds (read back exactly), with its manifest; the sample file is the one
// `rsmi sample` writes for the same spec; nothing to export, a missing folder or a cancel write
// nothing and say so; a write in flight when the window goes is finished, not lost.
#include <sys/fsuid.h>
#include <unistd.h>
#include <QClipboard>
#include <QElapsedTimer>
#include <QFile>
#include <QGraphicsView>
#include <QGuiApplication>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMouseEvent>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <functional>
#include <map>

#include "core/learn/mutual_information_estimator.h"
#include "core/mc/draw_samples.h"
#include "io/manifest.h"
#include "io/npy.h"
#include "io/session.h"
#include "studio_test_runs.h"
#include "ui/experiment_export.h"
#include "ui/experiment_job.h"
#include "ui/experiment_view.h"
#include "ui/main_window.h"
#include "ui/mi_curve_chart.h"
#include "ui/rg_flow_chart.h"
#include "ui/thermometer_chart.h"

using namespace rsmi;
using namespace rsmi::ui;
using rsmi::ui::testing::inLockedFolder;
using rsmi::ui::testing::runToEnd;
using rsmi::ui::testing::smallSpec;

namespace {

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject readJson(const QString& path) { return QJsonDocument::fromJson(readAll(path)).object(); }

// The level an exported row describes: its replica, rule, temperature index and step.
const LevelTrace* traceOfRow(const ExperimentState& state, const std::map<QByteArray, QByteArray>& row) {
  RunKey key;
  key.replica = row.at("replica").toInt();
  key.rule = *parseRule(row.at("rule").toStdString());
  key.betaIndex = row.at("beta_index").toULongLong();
  return state.trace(key, row.at("step").toInt());
}

// Rows of a CSV file as name → value maps (no quoting: the exports write none).
std::vector<std::map<QByteArray, QByteArray>> readCsv(const QString& path) {
  const QList<QByteArray> lines = readAll(path).split('\n');
  std::vector<std::map<QByteArray, QByteArray>> rows;
  if (lines.isEmpty()) return rows;
  const QList<QByteArray> header = lines.front().split(',');
  for (qsizetype i = 1; i < lines.size(); ++i) {
    if (lines[i].isEmpty()) continue;
    const QList<QByteArray> cells = lines[i].split(',');
    std::map<QByteArray, QByteArray> row;
    for (qsizetype c = 0; c < header.size() && c < cells.size(); ++c) row[header[c]] = cells[c];
    rows.push_back(row);
  }
  return rows;
}

RunKey keyOf(const QJsonObject& o) {
  RunKey key;
  key.replica = o["replica"].toInt();
  key.rule = *parseRule(o["rule"].toString().toStdString());
  key.betaIndex = static_cast<std::size_t>(o["beta_index"].toInteger());
  return key;
}

// The manifest beside an export lists each file with its size and hash, and the run.
void checkManifest(const QString& dir, const QString& stem, const QStringList& files,
                   const ExperimentState& state) {
  const QJsonObject m = readJson(dir + "/" + stem + ".manifest.json");
  QCOMPARE(m["format"].toString(), QStringLiteral("rsmi-export-manifest"));
  QCOMPARE(m["version"].toString(), QStringLiteral(RSMI_VERSION));
  QCOMPARE(m["phase"].toString(), phaseName(state.phase));
  QCOMPARE(io::specFromJson(m["spec"].toObject()).seed, state.spec.flow.sampling.seed);
  QVERIFY(m["run"].toObject().contains("sampling"));
  const QJsonArray listed = m["files"].toArray();
  QCOMPARE(listed.size(), files.size());
  for (int i = 0; i < files.size(); ++i) {
    const QJsonObject f = listed[i].toObject();
    QCOMPARE(f["file"].toString(), files[i]);
    const QByteArray bytes = readAll(dir + "/" + files[i]);
    QCOMPARE(f["bytes"].toInteger(), qint64(bytes.size()));
    QCOMPARE(f["sha256"].toString(), io::sha256Hex(bytes));
  }
}

}  // namespace

class TestMainWindowExports : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    qputenv("RSMI_PRESETS_DIR", RSMI_SOURCE_DIR "/resources/presets");
    window_ = std::make_unique<MainWindow>();
    window_->resize(1400, 900);
    window_->setExperimentSpec(smallSpec(*window_));
    QVERIFY(runToEnd(*window_));
  }
  void cleanupTestCase() { window_.reset(); }

  void filtersRoundTrip() {
    QTemporaryDir dir;
    const auto state = window_->experimentJob()->state();
    QCOMPARE(window_->exportFilters(dir.path()), QString());
    const QJsonObject json = readJson(dir.filePath("filters.json"));
    QCOMPARE(json["format"].toString(), QStringLiteral("rsmi-studio-filters"));
    const QJsonArray filters = json["filters"].toArray();
    QCOMPARE(std::size_t(filters.size()), exportableFilterCount(*state));
    QVERIFY(filters.size() >= 3);  // three temperatures, one step at least learned
    const WindowGeometry& window = state->spec.flow.rg.learning.window;
    for (const QJsonValue& v : filters) {
      const QJsonObject f = v.toObject();
      const LevelTrace* t = state->trace(keyOf(f), f["step"].toInt());
      QVERIFY(t);
      QCOMPARE(f["beta0"].toDouble(), state->spec.flow.betas[t->key.betaIndex]);
      QCOMPARE(f["block"].toArray(), (QJsonArray{window.blockWidth, window.blockHeight}));
      QCOMPARE(f["mi_bits"].toDouble(), natsToBits(t->result.learning.heldOutNats));
      const QJsonArray rows = f["weights"].toArray();
      QCOMPARE(rows.size(), t->filter.hiddenCount());
      for (int j = 0; j < t->filter.hiddenCount(); ++j) {
        QCOMPARE(rows[j].toArray().size(), t->filter.visibleCount());
        for (int i = 0; i < t->filter.visibleCount(); ++i)
          QCOMPARE(rows[j][i].toDouble(), t->filter.weights(j, i));
      }
      QCOMPARE(f["baselines"].toObject().size(), qsizetype(t->result.learning.baselines.size()));
    }
    // The CSV: one row per hidden unit, the same numbers to the last bit.
    const auto rows = readCsv(dir.filePath("filters.csv"));
    std::size_t hiddenRows = 0;
    for (const auto& [where, t] : state->levels)
      hiddenRows += t.filter.visibleCount() ? t.filter.hiddenCount() : 0;
    QCOMPARE(rows.size(), hiddenRows);
    for (const auto& row : rows) {
      const LevelTrace* t = traceOfRow(*state, row);
      QVERIFY(t);
      const int j = row.at("hidden").toInt();
      for (int i = 0; i < t->filter.visibleCount(); ++i)
        QCOMPARE(row.at("w" + QByteArray::number(i)).toDouble(), t->filter.weights(j, i));
      QCOMPARE(row.at("mi_bits").toDouble(), natsToBits(t->result.learning.heldOutNats));
    }
    checkManifest(dir.path(), "filters", {"filters.json", "filters.csv"}, *state);
  }

  void miCurvesRoundTrip() {
    QTemporaryDir dir;
    const auto state = window_->experimentJob()->state();
    QCOMPARE(window_->exportMiCurves(dir.path()), QString());
    const auto rows = readCsv(dir.filePath("mi_curves.csv"));
    std::size_t epochs = 0, baselines = 0, levels = 0;
    for (const auto& [where, t] : state->levels) {
      epochs += t.curve.size();
      baselines += t.result.learning.baselines.size();
      ++levels;
    }
    std::size_t heldOut = 0, training = 0, ceilings = 0, rules = 0;
    for (const auto& row : rows) {
      const LevelTrace* t = traceOfRow(*state, row);
      QVERIFY(t);
      const QByteArray series = row.at("series");
      const double bits = row.at("mi_bits").toDouble();
      if (series == "held_out" || series == "training") {
        const int restart = row.at("restart").toInt(), epoch = row.at("epoch").toInt();
        const auto e = std::find_if(t->curve.begin(), t->curve.end(), [&](const EpochRecord& r) {
          return r.restart == restart && r.epoch == epoch;
        });
        QVERIFY(e != t->curve.end());
        QCOMPARE(bits, natsToBits(series == "held_out" ? e->heldOutNats : e->trainingNats));
        ++(series == "held_out" ? heldOut : training);
      } else if (series == "ceiling") {
        QCOMPARE(bits, double(state->spec.flow.rg.learning.training.hiddenCount));
        ++ceilings;
      } else {
        const auto b =
            std::find_if(t->result.learning.baselines.begin(), t->result.learning.baselines.end(),
                         [&](const RuleScore& r) { return QByteArray::fromStdString(r.name) == series; });
        QVERIFY2(b != t->result.learning.baselines.end(), series.constData());
        QCOMPARE(bits, natsToBits(b->nats));
        ++rules;
      }
    }
    QCOMPARE(heldOut, epochs);
    QCOMPARE(training, epochs);
    QCOMPARE(rules, baselines);
    QCOMPARE(ceilings, levels);
    checkManifest(dir.path(), "mi_curves", {"mi_curves.csv"}, *state);
  }

  void nothingToExportIsSaid() {
    QTemporaryDir dir;
    MainWindow fresh;
    QVERIFY(fresh.exportFilters(dir.path()).contains("no filter has been learned yet"));
    QVERIFY(fresh.exportMiCurves(dir.path()).contains("no MI curve yet"));
    QVERIFY(!fresh.exportResults(dir.path()).isEmpty());
    QVERIFY(QDir(dir.path()).isEmpty());
  }

  // A stopped experiment exports what it finished: the filters of the levels done so far.
  void partialExperimentExportsWhatIsFinished() {
    QTemporaryDir dir;
    MainWindow window;
    RunSpec spec = smallSpec(window);
    spec.flow.betas = {0.40, 0.41, 0.42, 0.43, 0.44, 0.45, 0.46, 0.47, 0.48};
    spec.flow.rg.learning.training.epochs = 40;
    spec.flow.rg.learning.training.patience = 0;
    window.setExperimentSpec(spec);
    QSignalSpy stopped(window.experimentJob(), &ExperimentJob::stopped);
    window.startExperiment();
    QTRY_VERIFY_WITH_TIMEOUT(exportableFilterCount(*window.experimentJob()->state()) > 0, 60000);
    window.stopExperiment();
    QVERIFY(stopped.count() > 0 || stopped.wait(60000));
    const auto state = window.experimentJob()->state();
    QVERIFY(state->phase != ExperimentPhase::Finished);
    QCOMPARE(window.exportFilters(dir.path()), QString());
    QCOMPARE(window.exportMiCurves(dir.path()), QString());
    const QJsonObject json = readJson(dir.filePath("filters.json"));
    QCOMPARE(json["phase"].toString(), phaseName(state->phase));
    QCOMPARE(std::size_t(json["filters"].toArray().size()), exportableFilterCount(*state));
  }

  // A folder the user may not write: the problem named, the earlier export left as it was.
  void unwritableFolderChangesNothing() {
    QTemporaryDir dir;
    QCOMPARE(window_->exportFilters(dir.path()), QString());
    QCOMPARE(window_->exportMiCurves(dir.path()), QString());
    const QByteArray filters = readAll(dir.filePath("filters.json")),
                     curves = readAll(dir.filePath("mi_curves.csv"));
    const QStringList before = QDir(dir.path()).entryList(QDir::Files);
    QString problem = inLockedFolder(dir.path(), [&] { return window_->exportFilters(dir.path()); });
    QCOMPARE(problem, "cannot write '" + dir.filePath("filters.json") + "': Permission denied");
    problem = inLockedFolder(dir.path(), [&] { return window_->exportMiCurves(dir.path()); });
    QCOMPARE(problem, "cannot write '" + dir.filePath("mi_curves.csv") + "': Permission denied");
    problem = inLockedFolder(dir.path(), [&] { return window_->exportSamples(dir.filePath("s.npy")); });
    QCOMPARE(problem, "cannot write '" + dir.filePath("s.npy") + "': Permission denied");
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), before);
    QCOMPARE(readAll(dir.filePath("filters.json")), filters);
    QCOMPARE(readAll(dir.filePath("mi_curves.csv")), curves);
    QVERIFY(!window_->isWriting());
  }

  // The menus' writes: on the worker, the outcome signalled; a failure changes nothing.
  void backgroundWrites() {
    QTemporaryDir dir;
    QSignalSpy finished(window_.get(), &MainWindow::writeFinished);
    const QString session = dir.filePath("a.rsmi.json");
    window_->writeInBackground("session", session);
    window_->writeInBackground("filters", dir.path());
    window_->writeInBackground("mi", dir.path());
    window_->writeInBackground("flow", dir.path());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 4, 30000);
    for (const auto& args : finished) QCOMPARE(args.at(0).toString(), QString());
    QVERIFY(!window_->isWriting());
    QCOMPARE(io::readSession(session).runs.size(), window_->experimentJob()->state()->temperatures.size());
    for (const char* name : {"filters.json", "filters.csv", "filters.manifest.json", "mi_curves.csv",
                             "mi_curves.manifest.json", "flow.json", "flow.csv", "run.json"})
      QVERIFY2(QFile::exists(dir.filePath(name)), name);

    finished.clear();
    const QString missing = dir.filePath("no/such/folder");
    window_->writeInBackground("filters", missing);
    window_->writeInBackground("session", missing + "/b.rsmi.json");
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
    QVERIFY(!finished.at(0).at(0).toString().isEmpty());
    QVERIFY(!finished.at(1).at(0).toString().isEmpty());
    QVERIFY(!QDir(missing).exists());
    QVERIFY(window_->experimentJob()->state()->result);  // the results stay for another attempt
  }

  // Closing (destroying) the window with a write queued: the file is written whole.
  void writeInFlightWhenTheWindowGoes() {
    QTemporaryDir dir;
    const QString session = dir.filePath("closing.rsmi.json");
    {
      MainWindow window;
      window.setExperimentSpec(smallSpec(window));
      QVERIFY(runToEnd(window));
      window.writeInBackground("session", session);
      window.close();
    }
    QCOMPARE(io::readSession(session).runs.size(), std::size_t(3));
  }

  // The samples are the bytes `rsmi sample` writes for the same spec, with its manifest.
  void samplesAreThoseOfRsmiSample() {
    QTemporaryDir dir;
    MainWindow window;
    SamplingSpec live = window.spec();
    live.model = ModelKind::Ising2D;
    live.size = 12;
    live.beta = 0.42;
    live.seed = 77;
    window.setSpec(live);
    RunSpec experiment = window.experimentSpec();
    experiment.flow.sampling.samples = 60;
    window.setExperimentSpec(experiment);
    QSignalSpy finished(&window, &MainWindow::writeFinished);
    const QString path = dir.filePath("s.npy");
    QCOMPARE(window.exportSamples(path), QString());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(0).at(0).toString(), QString());

    SamplingSpec expected = window.spec();
    expected.samples = 60;
    const SamplingSpec run = resolvedSpec(expected);
    const QByteArray bytes = readAll(path);
    QCOMPARE(bytes, io::encodeNpy(drawSamples(run)));
    const io::SampleManifest manifest = io::readManifest(dir.filePath("s.json"));
    QCOMPARE(manifest.sha256, io::sha256Hex(bytes));
    QCOMPARE(manifest.spec.seed, std::uint64_t(77));
    QCOMPARE(manifest.spec.samples, 60);
    QCOMPARE(manifest.spec.thermalization, run.thermalization);

    // The command recorded in the manifest, run with the CLI, gives the same bytes.
    if (!QFile::exists(RSMI_CLI_PATH)) return;  // the CLI is built with the app suites
    // ThreadSanitizer stops a process forked from a multi-threaded one (this window's workers) as
    // soon as it starts threads; the CLI's bytes are compared in the default and ASan builds.
    if (qgetenv("RSMI_SANITIZER") == "thread") return;
    QStringList args = manifest.command.split(' ');
    QCOMPARE(args.takeFirst(), QStringLiteral("rsmi"));
    args.last() = dir.filePath("cli.npy");
    QProcess cli;
    cli.start(RSMI_CLI_PATH, args << "--quiet");
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    QCOMPARE(readAll(dir.filePath("cli.npy")), bytes);
  }

  void sampleRefusalsAndCancel() {
    QTemporaryDir dir;
    MainWindow window;
    QVERIFY(window.exportSamples(dir.filePath("s.txt")).contains("must end in .npy"));
    QVERIFY(!window.exportSamples(dir.filePath("missing/s.npy")).isEmpty());
    QVERIFY(QDir(dir.path()).isEmpty());

    SamplingSpec big = window.spec();
    big.model = ModelKind::Ising2D;
    big.size = 128;
    big.sampler = SamplerKind::Metropolis;
    window.setSpec(big);
    RunSpec experiment = window.experimentSpec();
    experiment.flow.sampling.samples = 20000;
    window.setExperimentSpec(experiment);
    QSignalSpy finished(&window, &MainWindow::writeFinished);
    QCOMPARE(window.exportSamples(dir.filePath("big.npy")), QString());
    QVERIFY(window.isWriting());
    QVERIFY(window.exportSamples(dir.filePath("other.npy")).contains("being written already"));
    window.cancelSampleExport();
    QVERIFY(finished.wait(60000));
    QVERIFY(finished.at(0).at(0).toString().contains("cancelled"));
    QVERIFY(QDir(dir.path()).isEmpty());
  }

  void copyPlot() {
    MainWindow& window = *window_;
    QCOMPARE(window.plotToCopy(), QStringLiteral("flow"));
    const QSize flow = window.experimentView()->flow()->size();
    const QImage image = window.plotImage("flow");
    QCOMPARE(image.size(), flow * 2);
    QCOMPARE(image.devicePixelRatio(), 2.0);
    QVERIFY(image.pixelColor(0, 0).isValid());
    QVERIFY(window.plotImage("nonsense").isNull());

    // Focus in the MI chart's view, or a click on the thermometer, makes it the one copied.
    QWidget* thermometer = window.experimentView()->thermometer();
    QMouseEvent press(QEvent::MouseButtonPress, QPointF(10, 10), thermometer->mapToGlobal(QPointF(10, 10)),
                      Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(thermometer, &press);
    QCOMPARE(window.plotToCopy(), QStringLiteral("thermometer"));
    QFocusEvent focus(QEvent::FocusIn, Qt::MouseFocusReason);
    QCoreApplication::sendEvent(window.experimentView()->miCurve()->findChild<QGraphicsView*>()->viewport(),
                                &focus);
    QCOMPARE(window.plotToCopy(), QStringLiteral("mi"));
    QCOMPARE(window.copyPlot(), QString());
    const QImage copied = QGuiApplication::clipboard()->image();
    // The offscreen platform keeps the clipboard in the process: the image comes back as copied.
    QVERIFY(!copied.isNull());
    QCOMPARE(copied.size(), window.experimentView()->miCurve()->size() * 2);
  }

  // How long the GUI thread is busy saving a session: the whole write before, a snapshot now.
  void guiThreadTimeOfASave() {
    QTemporaryDir dir;
    QElapsedTimer t;
    t.start();
    QCOMPARE(window_->saveSession(dir.filePath("sync.rsmi.json")), QString());
    const double syncMs = t.nsecsElapsed() / 1e6;
    QSignalSpy finished(window_.get(), &MainWindow::writeFinished);
    t.restart();
    window_->writeInBackground("session", dir.filePath("async.rsmi.json"));
    const double asyncMs = t.nsecsElapsed() / 1e6;
    QVERIFY(finished.wait(30000));
    qInfo("session of %lld bytes: GUI thread busy %.2f ms writing it there, %.3f ms handing it to the worker",
          QFileInfo(dir.filePath("sync.rsmi.json")).size(), syncMs, asyncMs);
    QCOMPARE(readAll(dir.filePath("async.rsmi.json")).size(), readAll(dir.filePath("sync.rsmi.json")).size());
    QVERIFY(asyncMs < 50);
  }

  // The same with large sessions (RSMI_MEASURE_SAVE=1; a minute of experiment first): 36 runs of
  // a 64×64 flow with three steps, then the same runs spread over ten times the temperatures
  // (resumed, nothing recomputed). Prints the GUI thread's time for the write made there (as
  // before) and for handing it to the worker, and the longest the event loop then waited.
  void guiThreadTimeOfALargeSave() {
    if (qEnvironmentVariableIsEmpty("RSMI_MEASURE_SAVE")) QSKIP("set RSMI_MEASURE_SAVE=1 to measure");
    QTemporaryDir dir;
    MainWindow window;
    RunSpec spec = smallSpec(window);
    spec.flow.sampling.size = 64;
    spec.flow.sampling.samples = 400;
    spec.flow.betas = {0.40, 0.41, 0.42, 0.43, 0.44, 0.45, 0.46, 0.47, 0.48};
    spec.flow.rg.steps = 3;
    spec.flow.rg.learning.training.epochs = 60;
    spec.flow.rg.learning.training.patience = 0;
    spec.replicas = 2;
    spec.compareMajority = true;
    window.setExperimentSpec(spec);
    QVERIFY(runToEnd(window));
    for (int spread : {1, 10}) {
      if (spread > 1) {
        io::Session big;
        big.spec = spec;
        big.spec.flow.betas.clear();
        const std::size_t n = spec.flow.betas.size() * spread;
        for (std::size_t i = 0; i < n; ++i)
          big.spec.flow.betas.push_back(0.40 + 0.08 * double(i) / double(n - 1));
        for (const auto& [key, run] : window.experimentJob()->state()->temperatures)
          for (int k = 0; k < spread; ++k) {
            RunKey copy = key;
            copy.betaIndex = key.betaIndex * spread + k;
            big.runs[copy] = run;
          }
        io::writeSession(dir.filePath("big.rsmi.json"), big, true);
        QSignalSpy stopped(window.experimentJob(), &ExperimentJob::stopped);
        QCOMPARE(window.openSession(dir.filePath("big.rsmi.json")), QString());
        QVERIFY(stopped.wait(120000));
        QCOMPARE(window.experimentJob()->state()->temperatures.size(), big.runs.size());
      }
      QElapsedTimer t;
      double syncMs = 1e9, asyncMs = 1e9, gapMs = 0;
      for (int i = 0; i < 3; ++i) {
        t.start();
        QCOMPARE(window.saveSession(dir.filePath("sync.rsmi.json")), QString());
        syncMs = std::min(syncMs, t.nsecsElapsed() / 1e6);
        QSignalSpy finished(&window, &MainWindow::writeFinished);
        t.restart();
        window.writeInBackground("session", dir.filePath("async.rsmi.json"));
        asyncMs = std::min(asyncMs, t.nsecsElapsed() / 1e6);
        // The event loop while the worker writes: a 1 ms timer's longest wait.
        QElapsedTimer gap;
        gap.start();
        QTimer tick;
        tick.setInterval(1);
        connect(&tick, &QTimer::timeout, [&] {
          gapMs = std::max(gapMs, gap.nsecsElapsed() / 1e6);
          gap.restart();
        });
        tick.start();
        QVERIFY(finished.wait(60000));
      }
      qInfo(
          "session of %lld bytes: GUI thread busy %.1f ms writing it there; %.3f ms handing it to the "
          "worker, "
          "the event loop then waited at most %.1f ms",
          QFileInfo(dir.filePath("sync.rsmi.json")).size(), syncMs, asyncMs, gapMs);
      QVERIFY(asyncMs < 50);
    }
  }

 private:
  std::unique_ptr<MainWindow> window_;
};

QTEST_MAIN(TestMainWindowExports)
#include "tst_main_window_exports.moc"
