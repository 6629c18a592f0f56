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

#include "io/atomic_file.h"
#include "io/flow_result_json.h"
#include "io/run_spec_json.h"
#include "io/session.h"
#include "ui/experiment_job.h"
#include "ui/experiment_panel.h"
#include "ui/experiment_view.h"
#include "ui/dimer_filter_view.h"
#include "ui/figure_export.h"
#include "ui/filter_heatmap.h"
#include "ui/main_window.h"
#include "ui/mi_curve_chart.h"
#include "ui/presets.h"
#include "ui/rg_flow_chart.h"
#include "ui/sampling_panel.h"
#include "ui/thermometer_chart.h"

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
    const QString path = QFileDialog::getOpenFileName(this, tr("Open session"), QString(), kSessionFilter);
    if (!path.isEmpty()) openSession(path);
  });
  open->setShortcut(QKeySequence::Open);
  recentMenu_ = file->addMenu(tr("Open &recent"));
  refreshRecentMenu();
  QAction* save = file->addAction(tr("&Save session"), this, [this] {
    QString path = sessionPath_;
    if (path.isEmpty()) path = QFileDialog::getSaveFileName(this, tr("Save session"), QStringLiteral("experiment.rsmi.json"), kSessionFilter);
    if (!path.isEmpty()) saveSession(path);
  });
  save->setShortcut(QKeySequence::Save);
  QAction* saveAs = file->addAction(tr("Save session &as…"), this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save session as"), sessionPath_, kSessionFilter);
    if (!path.isEmpty()) saveSession(path);
  });
  saveAs->setShortcut(QKeySequence::SaveAs);
  file->addSeparator();
  QAction* exportData = file->addAction(tr("&Export results (flow.json, flow.csv)…"), this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export results into"));
    if (!folder.isEmpty()) exportResults(folder);
  });
  exportData->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  QMenu* figures = file->addMenu(tr("Export &figure"));
  const std::pair<QString, QString> views[] = {{QStringLiteral("filters"), tr("Filters…")},
                                               {QStringLiteral("mi"), tr("MI curve…")},
                                               {QStringLiteral("flow"), tr("RG flow…")},
                                               {QStringLiteral("thermometer"), tr("Thermometer…")}};
  for (const auto& [name, title] : views)
    figures->addAction(title, this, [this, name] {
      const QString path = QFileDialog::getSaveFileName(this, tr("Export figure"), name + QStringLiteral(".png"),
                                                        tr("Figures (*.png *.svg *.pdf)"));
      if (!path.isEmpty()) exportView(name, path);
    });
  for (QAction* a : {newAction, open, save, saveAs, exportData}) addAction(a);
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

QString MainWindow::saveSession(const QString& path) {
  io::Session session;
  const auto state = job_->state();
  session.spec = state->phase == ExperimentPhase::Idle ? experimentSpec() : state->spec;
  session.runs = FinishedRuns(state->temperatures.begin(), state->temperatures.end());
  try {
    io::writeSession(path, session, true);
  } catch (const std::exception& e) {
    const QString problem = QString::fromUtf8(e.what());
    reportFileProblem(tr("Cannot save the session"), problem);
    return problem;
  }
  sessionPath_ = path;
  rememberRecent(path);
  statusBar()->showMessage(tr("Saved %1 (%2 finished temperature runs)").arg(path).arg(session.runs.size()), 6000);
  return {};
}

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

QString MainWindow::exportResults(const QString& folder) {
  const auto state = job_->state();
  if (!state->result) {
    const QString problem = tr("the experiment has not finished: there are no results to export yet");
    reportFileProblem(tr("Cannot export"), problem);
    return problem;
  }
  try {
    // All three go to temporaries and are renamed only when all are written: a full disk or an
    // unwritable folder leaves an earlier export whole, and the results stay here for another try.
    const QDir dir(folder);
    io::AtomicFile json(dir.filePath(QStringLiteral("flow.json")), true), csv(dir.filePath(QStringLiteral("flow.csv")), true),
        spec(dir.filePath(QStringLiteral("run.json")), true);
    json.write(QJsonDocument(io::experimentResultToJson(state->spec, *state->result)).toJson(QJsonDocument::Indented));
    csv.write(io::experimentResultCsv(state->spec, *state->result));
    spec.write(QJsonDocument(io::runSpecToJson(state->spec)).toJson(QJsonDocument::Indented));
    for (io::AtomicFile* file : {&json, &csv, &spec}) file->commit();
  } catch (const std::exception& e) {
    const QString problem = QString::fromUtf8(e.what());
    reportFileProblem(tr("Cannot export"), problem);
    return problem;
  }
  statusBar()->showMessage(tr("Exported flow.json, flow.csv and run.json into %1").arg(folder), 6000);
  return {};
}

QString MainWindow::exportView(const QString& view, const QString& path) {
  // A dimer run draws its filter on the lattice, and has no flow or thermometer to export.
  const bool dimers = !experimentView_->dimerFilters()->isHidden();
  if (dimers && (view == QStringLiteral("flow") || view == QStringLiteral("thermometer"))) {
    const QString problem = tr("no RG flow for dimers: there is no temperature to calibrate");
    reportFileProblem(tr("Cannot export the figure"), problem);
    return problem;
  }
  QWidget* widget = view == QStringLiteral("filters") && dimers ? static_cast<QWidget*>(experimentView_->dimerFilters())
                    : view == QStringLiteral("filters")       ? static_cast<QWidget*>(experimentView_->filters())
                    : view == QStringLiteral("mi")          ? static_cast<QWidget*>(experimentView_->miCurve())
                    : view == QStringLiteral("flow")        ? static_cast<QWidget*>(experimentView_->flow())
                    : view == QStringLiteral("thermometer") ? static_cast<QWidget*>(experimentView_->thermometer())
                                                            : nullptr;
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
