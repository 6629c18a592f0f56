#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFont>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QSettings>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPalette>
#include <QFileInfo>
#include <QProgressBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStatusBar>
#include <QVBoxLayout>
#include <cmath>

#include "ui/background_writer.h"
#include "ui/experiment_job.h"
#include "ui/experiment_panel.h"
#include "ui/experiment_view.h"
#include "ui/lattice_snapshot.h"
#include "ui/lattice_view.h"
#include "ui/live_sampler.h"
#include "ui/observable_trace_chart.h"
#include "ui/quick_guide.h"
#include "ui/readout_panel.h"
#include "core/rg/dimer_rg_step.h"
#include "ui/rg_cascade_view.h"
#include "ui/sampling_panel.h"

namespace rsmi::ui {
namespace {

constexpr int kRestartDelayMs = 200;

QString compactRate(double v) {
  if (v >= 1e6) return QString::number(v / 1e6, 'f', 2) + QStringLiteral(" M");
  if (v >= 1e4) return QString::number(v / 1e3, 'f', 1) + QStringLiteral(" k");
  return QString::number(v, 'f', v < 10 ? 1 : 0);
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("RSMI Studio"));
  resize(1440, 900);
  // A projector-friendly base size; children inherit it.
  QFont base = font();
  if (base.pointSizeF() > 0 && base.pointSizeF() < 11) base.setPointSizeF(11);
  setFont(base);

  view_ = new LatticeView;
  view_->setFocusPolicy(Qt::StrongFocus);
  view_->setPlaceholderText(tr("Press Run (or Space) to start sampling"));
  experimentView_ = new ExperimentView;
  cascade_ = new RgCascadeView;
  traces_ = new ObservableTraceChart;
  // The live chain: its configuration above, its energy and |m| against the exact values below.
  liveSplit_ = new QSplitter(Qt::Vertical);
  liveSplit_->addWidget(view_);
  liveSplit_->addWidget(traces_);
  liveSplit_->setStretchFactor(0, 3);
  liveSplit_->setStretchFactor(1, 1);
  liveSplit_->setChildrenCollapsible(false);
  latticeStack_ = new QStackedWidget;
  latticeStack_->addWidget(liveSplit_);
  latticeStack_->addWidget(cascade_);
  connect(experimentView_, &ExperimentView::selectionChanged, this, [this] { updateCascade(true); });
  auto* centre = new QSplitter(Qt::Horizontal);
  centre->addWidget(latticeStack_);
  centre->addWidget(experimentView_);
  centre->setStretchFactor(0, 1);
  centre->setStretchFactor(1, 4);
  centre->setSizes({260, 1040});
  centre->setChildrenCollapsible(false);
  setCentralWidget(centre);

  sampler_ = new LiveSampler(this);
  job_ = new ExperimentJob(this);
  // Born inside the window, so that they start with its font and size themselves for it.
  panel_ = new SamplingPanel(this);
  experimentPanel_ = new ExperimentPanel(this);
  readout_ = new ReadoutPanel(this);

  auto* dock = new QDockWidget(tr("Sampling"), this);
  dock->setObjectName("samplingDock");
  dock->setFeatures(QDockWidget::DockWidgetMovable);
  dock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
  dock->setTitleBarWidget(new QWidget(dock));  // a plain side panel: no title bar, no float button
  dock->setWidget(buildSidePanel());
  addDockWidget(Qt::LeftDockWidgetArea, dock);

  status_ = new QLabel;
  QFont statusFont = status_->font();
  statusFont.setPointSize(12);
  status_->setFont(statusFont);
  status_->setContentsMargins(6, 2, 6, 2);
  // A normal widget, not a permanent one: a temporary message (saved, exported, copied) takes its
  // place for a few seconds instead of having no room at all.
  statusBar()->addWidget(status_, 1);
  stage_ = new QLabel;
  stage_->setContentsMargins(6, 2, 6, 2);
  progress_ = new QProgressBar;
  progress_->setRange(0, 1000);
  progress_->setTextVisible(false);
  progress_->setFixedWidth(220);
  statusBar()->addPermanentWidget(stage_);
  statusBar()->addPermanentWidget(progress_);
  stage_->hide();
  progress_->hide();

  fileWriter_ = new BackgroundWriter(this);
  sampleWriter_ = new BackgroundWriter(this);
  buildMenus();

  restart_.setSingleShot(true);
  restart_.setInterval(kRestartDelayMs);
  connect(&restart_, &QTimer::timeout, this, [this] {
    if (isRunning() && panel_->problem().isEmpty()) startRun();
  });
  connect(panel_, &SamplingPanel::specChanged, this, &MainWindow::onSpecChanged);
  connect(sampler_, &LiveSampler::snapshotReady, this, &MainWindow::onSnapshot);
  connect(sampler_, &LiveSampler::statsChanged, this, &MainWindow::onStats);
  connect(sampler_, &LiveSampler::failed, this, &MainWindow::onFailed);
  connect(sampler_, &LiveSampler::started, this, &MainWindow::updateActions);
  connect(sampler_, &LiveSampler::stopped, this, &MainWindow::updateActions);
  connect(job_, &ExperimentJob::stateChanged, this, &MainWindow::onExperimentState);
  connect(job_, &ExperimentJob::started, this, &MainWindow::updateActions);
  connect(job_, &ExperimentJob::stopped, this, &MainWindow::updateActions);
  connect(job_, &ExperimentJob::failed, this,
          [this](const QString& message) { showExperimentMessage(tr("The experiment stopped: %1").arg(message), true); });
  connect(experimentPanel_, &ExperimentPanel::specChanged, this, &MainWindow::onExperimentSpecChanged);
  connect(panel_, &SamplingPanel::specChanged, this, &MainWindow::onExperimentSpecChanged);
  onExperimentSpecChanged();

  onSpecChanged();
  styleRunButtons();
  fitSidePanel();
  view_->setFocus();
}

// The coloured Run / Stop / Run experiment buttons. Disabled, they fade towards the window's
// background: pale on the light theme, dark on the dark one (a pale block would glare there).
void MainWindow::styleRunButtons() {
  const QString style = QStringLiteral(
      "QPushButton { border-radius: 5px; color: white; background: %1; }"
      "QPushButton:hover { background: %2; }"
      "QPushButton:disabled { background: %3; color: %4; }");
  const QString fadedText = dark_ ? QStringLiteral("#8B949E") : QStringLiteral("#F5F6F7");
  run_->setStyleSheet(style.arg("#1F6F50", "#257F5D", dark_ ? "#2C3A34" : "#C5D1CB", fadedText));
  stop_->setStyleSheet(style.arg("#A23B2A", "#B44634", dark_ ? "#3D2D2A" : "#DDD0CD", fadedText));
  runExperiment_->setStyleSheet(style.arg("#1F4E8C", "#275DA3", dark_ ? "#2B3442" : "#C3CCD8", fadedText));
}

void MainWindow::fitSidePanel() {
  // Now that the panel has the window's font, make room for all of it (no horizontal scrolling).
  if (QWidget* side = sideScroll_->widget())
    sideScroll_->setMinimumWidth(side->sizeHint().width() + sideScroll_->verticalScrollBar()->sizeHint().width());
}

MainWindow::~MainWindow() {
  // The writers first: queued files are written and the threads joined while everything their
  // queued calls and progress reports refer to still exists. A sample draw is stopped (it writes
  // nothing then, like Ctrl+C in `rsmi sample`).
  sampleWriter_->cancel();
  delete sampleWriter_;
  delete fileWriter_;
  // The figure style and the application's palette are process-wide: the next window (a test's)
  // starts from the defaults.
  if (dark_ || zoom_ != 1 || presenting_) {
    dark_ = false;
    zoom_ = 1;
    presenting_ = false;
    applyLook();
  }
}

void MainWindow::restoreLayout() {
  persistLayout_ = true;
  QSettings settings;
  restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
  setDarkTheme(settings.value(QStringLiteral("view/theme")).toString() == QLatin1String("dark"));
  setZoom(settings.value(QStringLiteral("view/zoom"), 1.0).toDouble());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (persistLayout_) {
    // In presentation mode, the layout it will return to.
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), presenting_ ? before_.geometry : saveGeometry());
    settings.setValue(QStringLiteral("window/state"), presenting_ ? before_.state : saveState());
  }
  saveViewSettings();
  restart_.stop();
  cancelSampleExport();  // a session or export being written finishes (the destructor waits for it)
  sampler_->stop();
  job_->halt();
  QMainWindow::closeEvent(event);
}

QWidget* MainWindow::buildSidePanel() {
  auto* side = new QWidget(this);
  auto* samplingBox = samplingBox_ = new QGroupBox(tr("Model and sampler"), side);
  auto* samplingLayout = new QVBoxLayout(samplingBox);
  samplingLayout->addWidget(panel_);

  run_ = new QPushButton(tr("Run"), side);
  stop_ = new QPushButton(tr("Stop"), side);
  run_->setToolTip(tr("Start sampling (Space)"));
  stop_->setToolTip(tr("Stop sampling (Space)"));
  for (QPushButton* b : {run_, stop_}) {
    b->setMinimumHeight(44);
    b->setFocusPolicy(Qt::TabFocus);
    QFont f = b->font();
    f.setPointSize(14);
    f.setWeight(QFont::DemiBold);
    b->setFont(f);
  }
  connect(run_, &QPushButton::clicked, this, &MainWindow::startRun);
  connect(stop_, &QPushButton::clicked, this, &MainWindow::stopRun);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(run_);
  buttons->addWidget(stop_);

  message_ = new QLabel(side);
  message_->setWordWrap(true);
  QPalette messagePalette = message_->palette();
  messagePalette.setColor(QPalette::WindowText, QColor(0xB3, 0x26, 0x1E));
  message_->setPalette(messagePalette);
  message_->hide();

  QWidget* experimentBox = buildExperimentBox(side);

  auto* readoutBox = readoutBox_ = new QGroupBox(tr("This configuration"), side);
  auto* readoutLayout = new QVBoxLayout(readoutBox);
  readoutLayout->addWidget(readout_);

  auto* layout = new QVBoxLayout(side);
  layout->setContentsMargins(10, 6, 10, 10);
  layout->setSpacing(10);
  layout->addWidget(samplingBox);
  layout->addLayout(buttons);
  layout->addWidget(message_);
  layout->addWidget(experimentBox);
  layout->addWidget(readoutBox);
  layout->addStretch(1);

  auto* scroll = new QScrollArea;
  scroll->setWidget(side);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  sideScroll_ = scroll;
  return scroll;
}

void MainWindow::buildMenus() {
  buildFileMenu();
  QMenu* file = menuBar()->actions().front()->menu();
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
  quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
  quit->setShortcutContext(Qt::ApplicationShortcut);
  buildEditMenu();
  buildPresetsMenu();

  QMenu* simulation = menuBar()->addMenu(tr("&Simulation"));
  runAction_ = simulation->addAction(tr("Run / Stop"), this, &MainWindow::toggleRun);
  runAction_->setShortcut(QKeySequence(Qt::Key_Space));
  QAction* critical = simulation->addAction(tr("Critical temperature"), panel_, &SamplingPanel::setCriticalTemperature);
  critical->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));

  QMenu* experiment = menuBar()->addMenu(tr("&Experiment"));
  QAction* runExperiment = experiment->addAction(tr("Run experiment"), this, &MainWindow::startExperiment);
  runExperiment->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
  pauseAction_ = experiment->addAction(tr("Pause / resume"), this, &MainWindow::togglePause);
  pauseAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
  QAction* stepExperiment = experiment->addAction(tr("Step (one RG level)"), this, &MainWindow::stepExperiment);
  stepExperiment->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
  QAction* stopExperiment = experiment->addAction(tr("Stop experiment"), this, &MainWindow::stopExperiment);
  stopExperiment->setShortcut(QKeySequence(Qt::Key_Escape));
  experiment->addSeparator();
  experiment->addAction(tr("Temperatures around T_c"), experimentPanel_, &ExperimentPanel::setTemperaturesAroundCritical);

  // Shortcuts must work wherever the focus is in the window, menus hidden or not.
  addAction(runExperiment);
  addAction(pauseAction_);
  addAction(stepExperiment);
  addAction(stopExperiment);
  addAction(quit);
  addAction(runAction_);
  addAction(critical);

  // View and Help come last, where every desktop application keeps them.
  buildViewMenu();

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* guide = help->addAction(tr("Quick guide"), this, [this] { showQuickGuide(this); });
  guide->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F1));
  addAction(guide);
  QAction* shortcuts = help->addAction(tr("Keyboard shortcuts"), this, [this] { showShortcuts(); });
  shortcuts->setShortcut(QKeySequence(Qt::Key_F1));
  addAction(shortcuts);
  help->addAction(tr("About RSMI Studio"), this, [this] {
    QMessageBox::about(this, tr("About RSMI Studio"), aboutText());
  });
}

SamplingSpec MainWindow::spec() const { return panel_->spec(); }

void MainWindow::setSpec(const SamplingSpec& spec) { panel_->setSpec(spec); }

bool MainWindow::isRunning() const { return sampler_->isRunning(); }

void MainWindow::startRun() {
  restart_.stop();
  if (!isRunning()) panel_->prepareSeedForRun();  // not for restarts after an edit
  const SamplingSpec spec = panel_->spec();
  if (!panel_->problem().isEmpty()) {
    onFailed(panel_->problem());
    return;
  }
  message_->hide();
  latticeStack_->setCurrentWidget(liveSplit_);
  view_->setModel(spec.model);
  readout_->setSpec(spec);
  traces_->setSpec(spec);
  rate_ = 0;
  sampler_->start(spec);
  updateActions();
  updateStatus();
}

void MainWindow::stopRun() {
  restart_.stop();
  cancelSampleExport();  // a session or export being written finishes (the destructor waits for it)
  sampler_->stop();
  updateActions();
  updateStatus();
}

void MainWindow::toggleRun() {
  if (isRunning())
    stopRun();
  else
    startRun();
}

void MainWindow::onSpecChanged() {
  const SamplingSpec spec = panel_->spec();
  if (!isRunning()) {
    if (spec.model != view_->model()) view_->setModel(spec.model);
    readout_->setSpec(spec);
    traces_->setSpec(spec);
  } else if (panel_->problem().isEmpty()) {
    restart_.start();  // a new chain with the new parameters, once the slider comes to rest
  }
  updateActions();
  updateStatus();
}

void MainWindow::onSnapshot(const LatticeSnapshot& snapshot) {
  view_->setSnapshot(snapshot);
  readout_->setSnapshot(snapshot);
  traces_->addPoint(snapshot.updates, snapshot.readout.energyPerSite, snapshot.readout.absMagnetization);
}

void MainWindow::onStats(quint64 updates, double updatesPerSecond) {
  rate_ = updatesPerSecond;
  readout_->setStats(updates, updatesPerSecond, sampler_->unitName());
  updateStatus();
}

void MainWindow::onFailed(const QString& message) {
  message_->setText(message.endsWith(QLatin1Char('.')) ? message : message + QLatin1Char('.'));
  message_->show();
  statusBar()->showMessage(tr("Cannot sample: %1").arg(message), 8000);
  updateActions();
}

void MainWindow::updateActions() {
  const bool running = isRunning();
  run_->setEnabled(!running && panel_->problem().isEmpty());
  stop_->setEnabled(running);
  runAction_->setText(running ? tr("Stop") : tr("Run"));
  const bool experimenting = job_->isRunning();
  const bool paused = job_->isPaused();
  runExperiment_->setEnabled(!experimenting && experimentPanel_->problem(panel_->spec()).isEmpty() &&
                             panel_->problem().isEmpty());
  pauseExperiment_->setEnabled(experimenting);
  pauseExperiment_->setText(paused ? tr("Resume") : tr("Pause"));
  stepExperiment_->setEnabled(experimenting);
  stopExperiment_->setEnabled(experimenting);
  if (!experimenting) {
    progress_->setVisible(job_->state()->phase != ExperimentPhase::Idle);
  }
}

QWidget* MainWindow::buildExperimentBox(QWidget* parent) {
  auto* box = new QGroupBox(tr("RG experiment"), parent);
  auto* layout = new QVBoxLayout(box);
  layout->addWidget(experimentPanel_);
  runExperiment_ = new QPushButton(tr("Run experiment"), box);
  pauseExperiment_ = new QPushButton(tr("Pause"), box);
  stepExperiment_ = new QPushButton(tr("Step"), box);
  stopExperiment_ = new QPushButton(tr("Stop"), box);
  runExperiment_->setToolTip(tr("Sample every temperature, learn the filters, coarse-grain, repeat (Ctrl+R)"));
  pauseExperiment_->setToolTip(tr("Hold the workers between epochs (Ctrl+P)"));
  stepExperiment_->setToolTip(tr("Run to the end of the next RG level, then hold (Ctrl+.)"));
  stopExperiment_->setToolTip(tr("Stop; what was computed stays on screen (Esc)"));
  for (QPushButton* b : {runExperiment_, pauseExperiment_, stepExperiment_, stopExperiment_}) {
    b->setMinimumHeight(36);
    b->setFocusPolicy(Qt::TabFocus);
  }
  // The weight as a font, not in the style sheet: a style sheet's font would stop it from following
  // the window's zoom.
  QFont bold = runExperiment_->font();
  bold.setWeight(QFont::DemiBold);
  runExperiment_->setFont(bold);
  connect(runExperiment_, &QPushButton::clicked, this, &MainWindow::startExperiment);
  connect(pauseExperiment_, &QPushButton::clicked, this, &MainWindow::togglePause);
  connect(stepExperiment_, &QPushButton::clicked, this, &MainWindow::stepExperiment);
  connect(stopExperiment_, &QPushButton::clicked, this, &MainWindow::stopExperiment);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(runExperiment_, 2);
  buttons->addWidget(pauseExperiment_, 1);
  buttons->addWidget(stepExperiment_, 1);
  buttons->addWidget(stopExperiment_, 1);
  layout->addLayout(buttons);
  experimentMessage_ = new QLabel(box);
  experimentMessage_->setWordWrap(true);
  experimentMessage_->setStyleSheet(QStringLiteral("color: #B3261E;"));
  experimentMessage_->hide();
  layout->addWidget(experimentMessage_);
  return box;
}

RunSpec MainWindow::experimentSpec() const { return experimentPanel_->spec(panel_->spec()); }

void MainWindow::setExperimentSpec(const RunSpec& spec) {
  panel_->setSpec(spec.flow.sampling);
  experimentPanel_->setSpec(spec);
}

bool MainWindow::isExperimentRunning() const { return job_->isRunning(); }

QString MainWindow::experimentProblem() const {
  const QString problem = panel_->problem();
  return problem.isEmpty() ? experimentPanel_->problem(panel_->spec()) : problem;
}

void MainWindow::startExperiment() {
  if (!job_->isRunning()) panel_->prepareSeedForRun();
  const SamplingSpec sampling = panel_->spec();
  const QString problem = experimentProblem();
  if (!problem.isEmpty()) {
    // The problem is already explained under its form (the sampling form's, or this one's just above
    // the Run button); Ctrl+R may be pressed with the form scrolled away, so bring it into view.
    experimentMessage_->hide();
    if (!panel_->problem().isEmpty())
      sideScroll_->ensureWidgetVisible(panel_);
    else
      sideScroll_->ensureWidgetVisible(runExperiment_, 50, 150);
    return;
  }
  experimentMessage_->hide();
  clearExperimentViews();
  job_->start(experimentPanel_->spec(sampling));
  updateActions();
}

QString MainWindow::experimentMessage() const {
  return experimentMessage_->isHidden() ? QString() : experimentMessage_->text();
}

void MainWindow::showExperimentMessage(const QString& text, bool problem) {
  // A problem in red; a preset's description in the text's own blue.
  // (Lighter tones on the dark theme.)
  experimentMessage_->setStyleSheet(problem ? (dark_ ? QStringLiteral("color: #F28B82;") : QStringLiteral("color: #B3261E;"))
                                            : (dark_ ? QStringLiteral("color: #8AB4F8;") : QStringLiteral("color: #1F3A5F;")));
  experimentMessage_->setText(text);
  experimentMessage_->show();
}

void MainWindow::stopExperiment() {
  job_->stop();
  updateActions();
}

void MainWindow::togglePause() {
  if (!job_->isRunning()) return;
  job_->setPaused(!job_->isPaused());
  updateActions();
}

void MainWindow::stepExperiment() {
  if (!job_->isRunning()) return;
  job_->step();
  updateActions();
}

void MainWindow::onExperimentSpecChanged() {
  const SamplingSpec sampling = panel_->spec();
  experimentPanel_->setModel(sampling.model);
  experimentPanel_->showProblem(experimentPanel_->problem(sampling));
  updateWindowOverlay();
  updateActions();
}

void MainWindow::updateWindowOverlay() {
  if (windowOverlayAction_ && windowOverlayAction_->isChecked())
    view_->setWindowOverlay(experimentSpec().flow.rg.learning.window);
  else
    view_->setWindowOverlay(std::nullopt);
}

void MainWindow::clearExperimentViews() {
  experimentView_->clear();
  cascade_->clear();
  cascadeShown_ = {};
  latticeStack_->setCurrentWidget(cascade_);
}

void MainWindow::updateCascade(bool force) {
  const auto state = experimentView_->state();
  if (!state) return;
  const RunKey key = experimentView_->selectedRun();
  const std::size_t done = state->cascadeDepth(key);
  if (!force && cascadeShown_.first == key && cascadeShown_.second == done) return;
  cascadeShown_ = {key, done};
  const double beta = key.betaIndex < state->spec.flow.betas.size() ? state->spec.flow.betas[key.betaIndex] : 0;
  const SamplingSpec& sampling = state->spec.flow.sampling;
  if (!sampling.samplesFile.empty())
    cascade_->setLevels(state->cascade(key),
                        tr("%1\nL = %2").arg(QFileInfo(QString::fromStdString(sampling.samplesFile)).fileName()).arg(sampling.size));
  else if (!hasTemperature(sampling.model))
    cascade_->setLevels(state->cascade(key), tr("%1\nL = %2").arg(SamplingPanel::modelTitle(sampling)).arg(sampling.size),
                        true);
  else
    cascade_->setLevels(state->cascade(key), tr("β₀ = %1\nT = %2").arg(beta, 0, 'f', 4).arg(1 / beta, 0, 'f', 4));
}

void MainWindow::onExperimentState(const std::shared_ptr<const ExperimentState>& state) {
  experimentView_->setState(state);
  updateCascade();
  progress_->show();
  stage_->show();
  progress_->setValue(static_cast<int>(std::lround(state->fraction * 1000)));
  QString text;
  switch (state->phase) {
    case ExperimentPhase::Running:
      text = QString::fromStdString(state->stage);
      if (state->etaSeconds >= 0) text += tr("  ·  ETA %1 s").arg(std::lround(state->etaSeconds));
      break;
    case ExperimentPhase::Paused: text = tr("paused"); break;
    case ExperimentPhase::Finished: text = tr("finished in %1 s").arg(state->elapsedSeconds, 0, 'f', 1); break;
    case ExperimentPhase::Cancelled: text = tr("stopped: the results so far are kept"); break;
    case ExperimentPhase::Failed: text = tr("failed"); break;
    case ExperimentPhase::Idle: break;
  }
  stage_->setText(text);
  // A filter training that diverged is said once, where the experiment's problems are shown: the run
  // went on with that step's last good filter, and the fit left its points out.
  for (const auto& [where, trace] : state->levels) {
    const std::string& divergence = trace.result.learning.training.divergence;
    if (!trace.done || divergence.empty()) continue;
    const double beta0 = where.first.betaIndex < state->spec.flow.betas.size() ? state->spec.flow.betas[where.first.betaIndex] : 0;
    if (!hasTemperature(state->spec.flow.sampling))
      showExperimentMessage(tr("Training diverged at step %1: %2. The step coarse-grained with its last good filter.")
                                .arg(where.second)
                                .arg(QString::fromStdString(divergence)),
                            true);
    else
      showExperimentMessage(tr("Training diverged at β₀ = %1, step %2: %3. That step coarse-grained with its last good "
                               "filter, and its points are left out of the fixed-point fit.")
                                .arg(beta0, 0, 'f', 4)
                                .arg(where.second)
                                .arg(QString::fromStdString(divergence)),
                            true);
    break;
  }
  updateActions();
}

QString MainWindow::statusText() const { return status_->text(); }

void MainWindow::updateStatus() {
  const SamplingSpec spec = isRunning() ? sampler_->spec() : panel_->spec();
  QStringList parts;
  parts << SamplingPanel::modelTitle(spec) << tr("L = %1").arg(spec.size);
  if (spec.model != ModelKind::Dimer) {
    parts << tr("T = %1").arg(1.0 / spec.beta, 0, 'f', 4) << tr("β = %1").arg(spec.beta, 0, 'f', 5);
    if (spec.coupling != 1.0) parts << tr("J = %1").arg(spec.coupling);
  }
  parts << SamplingPanel::samplerTitle(resolvedSampler(spec));
  if (isRunning()) {
    QString unit = sampler_->unitName();
    unit = unit.isEmpty() ? tr("updates") : unit.endsWith(QLatin1Char('s')) ? unit : unit + QLatin1Char('s');
    parts << tr("%1 %2/s").arg(compactRate(rate_), unit);
  } else {
    parts << tr("stopped");
  }
  parts << tr("seed %1").arg(spec.seed);
  status_->setText(parts.join(QStringLiteral("  ·  ")));
}

void MainWindow::toggleFullScreen() {
  if (isFullScreen())
    showNormal();
  else
    showFullScreen();
}

} // namespace rsmi::ui
