#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFont>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPalette>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStatusBar>
#include <QVBoxLayout>

#include "ui/lattice_snapshot.h"
#include "ui/lattice_view.h"
#include "ui/live_sampler.h"
#include "ui/readout_panel.h"
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
  resize(1280, 800);
  // A projector-friendly base size; children inherit it.
  QFont base = font();
  if (base.pointSizeF() > 0 && base.pointSizeF() < 11) base.setPointSizeF(11);
  setFont(base);

  view_ = new LatticeView;
  view_->setFocusPolicy(Qt::StrongFocus);
  view_->setPlaceholderText(tr("Press Run (or Space) to start sampling"));
  setCentralWidget(view_);

  sampler_ = new LiveSampler(this);
  // Born inside the window, so that they start with its font and size themselves for it.
  panel_ = new SamplingPanel(this);
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
  statusBar()->addPermanentWidget(status_, 1);

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

  onSpecChanged();
  // Now that the panel has the window's font, make room for all of it (no horizontal scrolling).
  if (QWidget* side = sideScroll_->widget())
    sideScroll_->setMinimumWidth(side->sizeHint().width() + sideScroll_->verticalScrollBar()->sizeHint().width());
  view_->setFocus();
}

MainWindow::~MainWindow() = default;

QWidget* MainWindow::buildSidePanel() {
  auto* side = new QWidget(this);
  auto* samplingBox = new QGroupBox(tr("Model and sampler"), side);
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
  const QString buttonStyle = QStringLiteral(
      "QPushButton { border-radius: 5px; color: white; background: %1; }"
      "QPushButton:hover { background: %2; }"
      "QPushButton:disabled { background: %3; color: #F5F6F7; }");
  run_->setStyleSheet(buttonStyle.arg("#1F6F50", "#257F5D", "#C5D1CB"));
  stop_->setStyleSheet(buttonStyle.arg("#A23B2A", "#B44634", "#DDD0CD"));
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

  auto* readoutBox = new QGroupBox(tr("This configuration"), side);
  auto* readoutLayout = new QVBoxLayout(readoutBox);
  readoutLayout->addWidget(readout_);

  auto* layout = new QVBoxLayout(side);
  layout->setContentsMargins(10, 6, 10, 10);
  layout->setSpacing(10);
  layout->addWidget(samplingBox);
  layout->addLayout(buttons);
  layout->addWidget(message_);
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
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
  quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
  quit->setShortcutContext(Qt::ApplicationShortcut);

  QMenu* simulation = menuBar()->addMenu(tr("&Simulation"));
  runAction_ = simulation->addAction(tr("Run / Stop"), this, &MainWindow::toggleRun);
  runAction_->setShortcut(QKeySequence(Qt::Key_Space));
  QAction* critical = simulation->addAction(tr("Critical temperature"), panel_, &SamplingPanel::setCriticalTemperature);
  critical->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));

  QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
  QAction* fullScreen = viewMenu->addAction(tr("Full screen"), this, &MainWindow::toggleFullScreen);
  fullScreen->setShortcut(QKeySequence(Qt::Key_F11));

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("About RSMI Studio"), this, [this] {
    QMessageBox::about(this, tr("About RSMI Studio"),
                       tr("<h3>RSMI Studio %1</h3><p>Watch a neural network discover the renormalization "
                          "group: real-space mutual information (Koch-Janusz &amp; Ringel, Nature Physics "
                          "14, 578 (2018)).</p>")
                           .arg(QApplication::applicationVersion()));
  });

  // Shortcuts must work wherever the focus is in the window, menus hidden or not.
  addAction(quit);
  addAction(runAction_);
  addAction(critical);
  addAction(fullScreen);
}

SamplingSpec MainWindow::spec() const { return panel_->spec(); }

void MainWindow::setSpec(const SamplingSpec& spec) { panel_->setSpec(spec); }

bool MainWindow::isRunning() const { return sampler_->isRunning(); }

void MainWindow::startRun() {
  restart_.stop();
  const SamplingSpec spec = panel_->spec();
  if (!panel_->problem().isEmpty()) {
    onFailed(panel_->problem());
    return;
  }
  message_->hide();
  view_->setModel(spec.model);
  readout_->setSpec(spec);
  rate_ = 0;
  sampler_->start(spec);
  updateActions();
  updateStatus();
}

void MainWindow::stopRun() {
  restart_.stop();
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
  } else if (panel_->problem().isEmpty()) {
    restart_.start();  // a new chain with the new parameters, once the slider comes to rest
  }
  updateActions();
  updateStatus();
}

void MainWindow::onSnapshot(const LatticeSnapshot& snapshot) {
  view_->setSnapshot(snapshot);
  readout_->setSnapshot(snapshot);
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
