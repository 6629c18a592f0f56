// MainWindow's File and Presets menus: sessions, recent files, exports, presets. Kept apart from the
// window's layout and run controls (main_window.cpp); the same class.
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

#include <memory>
#include <vector>

#include "io/atomic_file.h"
#include "io/flow_result_json.h"
#include "io/run_spec_json.h"
#include "io/session.h"
#include "ui/background_writer.h"
#include "ui/experiment_export.h"
#include "ui/experiment_job.h"
#include "ui/experiment_panel.h"
#include "ui/experiment_view.h"
#include "ui/dimer_filter_view.h"
#include "ui/figure_export.h"
#include "ui/file_locations.h"
#include "ui/main_window.h"
#include "ui/presets.h"
#include "ui/sampling_panel.h"

namespace rsmi::ui {

namespace {
constexpr int kRecentFiles = 8;
const QString kSessionFilter = QStringLiteral("RSMI Studio sessions (*.rsmi.json *.json)");
} // namespace

void MainWindow::buildFileMenu() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* newAction = file->addAction(tr("&New experiment"), this, [this] {
    job_->stop();
    clearExperimentViews();
    sessionPath_.clear();
    // The forms' defaults, keeping the model and size the user is looking at.
    RunSpec fresh;
    fresh.flow.sampling = panel_->spec();
    fresh.flow.sampling.samples = 1000;
    fresh.flow.betas = {0.40, 0.41, 0.42, 0.43, 0.44, 0.45, 0.46, 0.47, 0.48};
    if (fresh.flow.sampling.model == ModelKind::Ising1D) fresh.flow.rg.learning.window.blockHeight = 1;
    setExperimentSpec(fresh);
    setWindowTitle(tr("RSMI Studio"));
  });
  newAction->setShortcut(QKeySequence::New);
  QAction* open = file->addAction(tr("&Open session…"), this, [this] {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open session"), file_locations::lastFolder(), kSessionFilter);
    file_locations::remember(path);
    if (!path.isEmpty()) openSession(path);
  });
  open->setShortcut(QKeySequence::Open);
  recentMenu_ = file->addMenu(tr("Open &recent"));
  refreshRecentMenu();
  QAction* import = file->addAction(tr("&Import samples…"), this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Import samples"), file_locations::lastFolder(),
                                                      tr("NumPy arrays (*.npy);;All files (*)"));
    file_locations::remember(path);
    if (!path.isEmpty()) importSamples(path);
  });
  import->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
  import->setObjectName(QStringLiteral("importSamples"));
  QAction* save = file->addAction(tr("&Save session"), this, [this] {
    QString path = sessionPath_;
    if (path.isEmpty())
      path = QFileDialog::getSaveFileName(this, tr("Save session"),
                                          file_locations::suggested(QStringLiteral("experiment.rsmi.json")), kSessionFilter);
    file_locations::remember(path);
    if (!path.isEmpty()) writeInBackground(QStringLiteral("session"), path);
  });
  save->setShortcut(QKeySequence::Save);
  QAction* saveAs = file->addAction(tr("Save session &as…"), this, [this] {
    const QString start =
        sessionPath_.isEmpty() ? file_locations::suggested(QStringLiteral("experiment.rsmi.json")) : sessionPath_;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save session as"), start, kSessionFilter);
    file_locations::remember(path);
    if (!path.isEmpty()) writeInBackground(QStringLiteral("session"), path);
  });
  saveAs->setShortcut(QKeySequence::SaveAs);
  file->addSeparator();
  buildExportMenu(file);
  QMenu* figures = file->addMenu(tr("Export &figure"));
  const std::pair<QString, QString> views[] = {{QStringLiteral("filters"), tr("Filters…")},
                                               {QStringLiteral("mi"), tr("MI curve…")},
                                               {QStringLiteral("flow"), tr("RG flow…")},
                                               {QStringLiteral("thermometer"), tr("Thermometer…")}};
  for (const auto& [name, title] : views)
    figures->addAction(title, this, [this, name] {
      const QString path = QFileDialog::getSaveFileName(
          this, tr("Export figure"), file_locations::suggested(name + QLatin1Char('.') + file_locations::figureFormat()),
          tr("Figures (*.png *.svg *.pdf)"));
      if (path.isEmpty()) return;
      file_locations::remember(path);
      file_locations::rememberFigureFormat(path);
      exportView(name, path);
    });
  for (QAction* a : {newAction, open, import, save, saveAs}) addAction(a);
}

// File → Export data: each export asks for a folder (a file for samples) and writes on a worker.
void MainWindow::buildExportMenu(QMenu* file) {
  QMenu* data = file->addMenu(tr("Export &data"));
  data->setObjectName(QStringLiteral("exportData"));
  const auto intoFolder = [this](const QString& what, const QString& title) {
    return [this, what, title] {
      const QString folder = QFileDialog::getExistingDirectory(this, title, file_locations::lastFolder());
      file_locations::remember(folder);
      if (!folder.isEmpty()) writeInBackground(what, folder);
    };
  };
  data->addAction(tr("&Filters (filters.json, filters.csv)…"), this,
                  intoFolder(QStringLiteral("filters"), tr("Export the filters into")));
  data->addAction(tr("&MI curves (mi_curves.csv)…"), this, intoFolder(QStringLiteral("mi"), tr("Export the MI curves into")));
  QAction* flow = data->addAction(tr("RG f&low (flow.json, flow.csv, run.json)…"), this,
                                  intoFolder(QStringLiteral("flow"), tr("Export the RG flow into")));
  flow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  addAction(flow);
  data->addAction(tr("&Samples (.npy)…"), this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export samples"),
                                                      file_locations::suggested(QStringLiteral("samples.npy")),
                                                      tr("NumPy arrays (*.npy)"));
    file_locations::remember(path);
    if (!path.isEmpty()) exportSamples(path);
  });
}

void MainWindow::buildPresetsMenu() {
  QMenu* menu = menuBar()->addMenu(tr("&Presets"));
  QStringList problems;
  const std::vector<Preset> presets = loadPresets(&problems);
  int n = 0;
  for (const Preset& preset : presets) {
    QAction* a = menu->addAction(QString::fromStdString(preset.spec.title), this, [this, spec = preset.spec] { loadPreset(spec); });
    a->setStatusTip(QString::fromStdString(preset.spec.description));
    if (++n <= 9) a->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_0 + n)));
    addAction(a);
  }
  if (presets.empty()) menu->addAction(tr("(no presets found)"))->setEnabled(false);
  for (const QString& p : problems) qWarning("preset skipped: %s", qPrintable(p));
}

void MainWindow::loadPreset(const RunSpec& spec) {
  job_->stop();
  clearExperimentViews();
  sessionPath_.clear();
  setExperimentSpec(spec);
  setWindowTitle(tr("RSMI Studio — %1").arg(QString::fromStdString(spec.title)));
  // The preset's description; a preset this machine cannot run is not started, and the form says why.
  if (!spec.description.empty()) showExperimentMessage(QString::fromStdString(spec.description), false);
}

void MainWindow::reportFileProblem(const QString& what, const QString& problem) {
  statusBar()->showMessage(what + QStringLiteral(": ") + problem, 10000);
  if (!isVisible()) return;
  // Window-modal but not blocking (open(), not exec()): the caller returns the problem at once, a
  // running experiment keeps drawing, and a second problem replaces the first box's text instead of
  // stacking boxes.
  if (!fileProblemBox_) {
    fileProblemBox_ = new QMessageBox(QMessageBox::Warning, what, problem, QMessageBox::Ok, this);
    fileProblemBox_->setAttribute(Qt::WA_DeleteOnClose);
    fileProblemBox_->setObjectName(QStringLiteral("fileProblem"));
  }
  fileProblemBox_->setWindowTitle(what);
  fileProblemBox_->setText(problem);
  fileProblemBox_->open();
}

MainWindow::FileWrite MainWindow::sessionWrite(const QString& path) {
  // The state is immutable: the worker serialises this snapshot while the experiment goes on.
  const auto state = job_->state();
  const RunSpec spec = state->phase == ExperimentPhase::Idle ? experimentSpec() : state->spec;
  const auto runs = state->temperatures.size();
  return {tr("Cannot save the session"), {},
          [state, spec, path] {
            io::Session session;
            session.spec = spec;
            session.runs = FinishedRuns(state->temperatures.begin(), state->temperatures.end());
            io::writeSession(path, session, true);
          },
          [this, path, runs] {
            sessionPath_ = path;
            rememberRecent(path);
            statusBar()->showMessage(tr("Saved %1 (%2 finished temperature runs)").arg(path).arg(runs), 6000);
          }};
}

QString MainWindow::saveSession(const QString& path) { return runFileWrite(sessionWrite(path), false); }

QString MainWindow::runFileWrite(FileWrite job, bool background) {
  if (!job.refusal.isEmpty()) {
    reportFileProblem(job.failure, job.refusal);
    Q_EMIT writeFinished(job.refusal);
    return job.refusal;
  }
  auto finish = [this, failure = job.failure, succeeded = job.succeeded](const QString& problem) {
    // A failed write changed nothing: the results stay here for another attempt.
    if (problem.isEmpty()) succeeded();
    else reportFileProblem(failure, problem);
    Q_EMIT writeFinished(problem);
  };
  if (background) {
    fileWriter_->post(
        [write = job.write](std::stop_token) {
          write();
          return QString();
        },
        finish);
    return {};
  }
  QString problem;
  try {
    job.write();
  } catch (const std::exception& e) {
    problem = QString::fromUtf8(e.what());
  }
  finish(problem);
  return problem;
}

void MainWindow::writeInBackground(const QString& what, const QString& path) {
  FileWrite job = what == QLatin1String("session")   ? sessionWrite(path)
                  : what == QLatin1String("flow")    ? flowExportWrite(path)
                  : what == QLatin1String("filters") ? filtersExportWrite(path)
                  : what == QLatin1String("mi")      ? miExportWrite(path)
                                                     : FileWrite{tr("Cannot export"), tr("unknown export '%1'").arg(what), {}, {}};
  runFileWrite(std::move(job), true);
}

bool MainWindow::isWriting() const { return fileWriter_->pending() > 0 || sampleWriter_->pending() > 0; }

QString MainWindow::openSession(const QString& path) {
  io::Session session;
  try {
    session = io::readSession(path);
  } catch (const std::exception& e) {
    const QString problem = QString::fromUtf8(e.what());
    reportFileProblem(tr("Cannot open the session"), problem);
    return problem;
  }
  // Refused before anything on screen changes: the current experiment and its results stay.
  if (const QString refused = ExperimentPanel::costProblem(session.spec); !refused.isEmpty()) {
    reportFileProblem(tr("Cannot open the session"), refused);
    return refused;
  }
  job_->stop();
  clearExperimentViews();
  setExperimentSpec(session.spec);
  sessionPath_ = path;
  rememberRecent(path);
  // Resume: the finished runs are used as they are; whatever is missing is computed now.
  job_->start(session.spec, std::move(session.runs));
  updateActions();
  return {};
}

namespace {

// Every file to temporaries first, renamed only when all are written: a full disk or an unwritable
// folder leaves an earlier export whole, and the results stay in memory for another try.
void writeAllOrNothing(const QString& folder, const std::vector<ExportedFile>& files) {
  const QDir dir(folder);
  std::vector<std::unique_ptr<io::AtomicFile>> out;
  for (const ExportedFile& f : files) {
    out.push_back(std::make_unique<io::AtomicFile>(dir.filePath(f.name), true));
    out.back()->write(f.bytes);
  }
  for (auto& file : out) file->commit();
}

// The files and, last, the manifest that lists them with their sizes and hashes.
void writeWithManifest(const QString& folder, const ExperimentState& state, const QString& what, const QString& stem,
                       std::vector<ExportedFile> files) {
  files.push_back({stem + QStringLiteral(".manifest.json"), exportManifestJson(state, what, files)});
  writeAllOrNothing(folder, files);
}

} // namespace

MainWindow::FileWrite MainWindow::flowExportWrite(const QString& folder) {
  const auto state = job_->state();
  FileWrite job{tr("Cannot export"), {}, {}, {}};
  if (!state->result) {
    job.refusal = tr("the experiment has not finished: there are no results to export yet");
    return job;
  }
  job.write = [state, folder] {
    writeAllOrNothing(folder, {{QStringLiteral("flow.json"),
                                QJsonDocument(io::experimentResultToJson(state->spec, *state->result)).toJson(QJsonDocument::Indented)},
                               {QStringLiteral("flow.csv"), io::experimentResultCsv(state->spec, *state->result)},
                               {QStringLiteral("run.json"), QJsonDocument(io::runSpecToJson(state->spec)).toJson(QJsonDocument::Indented)}});
  };
  job.succeeded = [this, folder] {
    statusBar()->showMessage(tr("Exported flow.json, flow.csv and run.json into %1").arg(folder), 6000);
  };
  return job;
}

MainWindow::FileWrite MainWindow::filtersExportWrite(const QString& folder) {
  const auto state = job_->state();
  const std::size_t count = exportableFilterCount(*state);
  FileWrite job{tr("Cannot export the filters"), {}, {}, {}};
  if (count == 0) {
    job.refusal = tr("no filter has been learned yet: run an experiment (Ctrl+R) and export when the filter view shows one");
    return job;
  }
  job.write = [state, folder] {
    writeWithManifest(folder, *state, QStringLiteral("RSMI Studio: File > Export data > Filters"), QStringLiteral("filters"),
                      {{QStringLiteral("filters.json"), filtersJson(*state)}, {QStringLiteral("filters.csv"), filtersCsv(*state)}});
  };
  const bool partial = state->phase != ExperimentPhase::Finished;
  job.succeeded = [this, folder, count, partial] {
    statusBar()->showMessage(tr("Exported %1 filters%2 into %3 (filters.json, filters.csv, filters.manifest.json)")
                                 .arg(count)
                                 .arg(partial ? tr(" (those finished so far)") : QString())
                                 .arg(folder),
                             6000);
  };
  return job;
}

MainWindow::FileWrite MainWindow::miExportWrite(const QString& folder) {
  const auto state = job_->state();
  FileWrite job{tr("Cannot export the MI curves"), {}, {}, {}};
  if (exportableCurveCount(*state) == 0) {
    job.refusal = tr("no MI curve yet: run an experiment (Ctrl+R) and export once its first epochs are drawn");
    return job;
  }
  job.write = [state, folder] {
    writeWithManifest(folder, *state, QStringLiteral("RSMI Studio: File > Export data > MI curves"), QStringLiteral("mi_curves"),
                      {{QStringLiteral("mi_curves.csv"), miCurvesCsv(*state)}});
  };
  job.succeeded = [this, folder] {
    statusBar()->showMessage(tr("Exported mi_curves.csv and mi_curves.manifest.json into %1").arg(folder), 6000);
  };
  return job;
}

QString MainWindow::exportResults(const QString& folder) { return runFileWrite(flowExportWrite(folder), false); }
QString MainWindow::exportFilters(const QString& folder) { return runFileWrite(filtersExportWrite(folder), false); }
QString MainWindow::exportMiCurves(const QString& folder) { return runFileWrite(miExportWrite(folder), false); }

QString MainWindow::exportView(const QString& view, const QString& path) {
  if (isDimerPlotMissing(view)) {
    const QString problem = tr("no RG flow for dimers: there is no temperature to calibrate");
    reportFileProblem(tr("Cannot export the figure"), problem);
    return problem;
  }
  QWidget* widget = plotWidget(view);
  if (!widget) return tr("unknown view '%1'").arg(view);
  const auto format = figureFormatForPath(path);
  if (!format) {
    const QString problem = tr("'%1': the file name must end in .png, .svg or .pdf").arg(path);
    reportFileProblem(tr("Cannot export the figure"), problem);
    return problem;
  }
  const QString problem = exportFigure(*widget, path, *format, 300);
  if (!problem.isEmpty()) reportFileProblem(tr("Cannot export the figure"), problem);
  else statusBar()->showMessage(tr("Exported %1").arg(path), 6000);
  return problem;
}

void MainWindow::rememberRecent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value(QStringLiteral("recentSessions")).toStringList();
  recent.removeAll(QFileInfo(path).absoluteFilePath());
  recent.prepend(QFileInfo(path).absoluteFilePath());
  while (recent.size() > kRecentFiles) recent.removeLast();
  settings.setValue(QStringLiteral("recentSessions"), recent);
  refreshRecentMenu();
}

void MainWindow::refreshRecentMenu() {
  if (!recentMenu_) return;
  recentMenu_->clear();
  const QStringList recent = QSettings().value(QStringLiteral("recentSessions")).toStringList();
  for (const QString& path : recent)
    recentMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openSession(path); })->setToolTip(path);
  recentMenu_->setEnabled(!recent.isEmpty());
}

} // namespace rsmi::ui
