#pragma once
// RSMI Studio's main window: the live lattice and the experiment's views (filters, MI curve, RG
// flow, thermometer) side by side; the model and sampler form, the RG experiment form and the
// readouts in a side panel; Run/Stop for the live chain, Run/Pause/Step/Stop for the experiment; a
// progress bar with stage and ETA. It wires widgets to the LiveSampler and the ExperimentJob and
// does no science.
#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/pipeline/experiment_events.h"
#include "core/pipeline/run_spec.h"

class QAction;
class QGroupBox;
class QMenu;
class QLabel;
class QMessageBox;
class QImage;
class QProgressBar;
class QProgressDialog;
class QPushButton;
class QScrollArea;
class QSplitter;
class QStackedWidget;

namespace rsmi::ui {

class BackgroundWriter;
class ExperimentJob;
class ExperimentPanel;
class ExperimentView;
struct ExperimentState;
class LatticeView;
class LiveSampler;
class ObservableTraceChart;
class ReadoutPanel;
class RgCascadeView;
class SamplingPanel;
struct LatticeSnapshot;

class MainWindow : public QMainWindow {
  Q_OBJECT

public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  SamplingSpec spec() const;
  void setSpec(const SamplingSpec& spec);

  bool isRunning() const;
  void startRun();   // with the panel's spec; an invalid one is explained, not run
  void stopRun();
  void toggleRun();

  // The RG experiment: the sampling form's model, size, sampler and seed with the experiment form.
  RunSpec experimentSpec() const;
  void setExperimentSpec(const RunSpec& spec);
  void startExperiment();  // an invalid spec is explained, not run
  QString experimentProblem() const;  // empty when the forms make a runnable experiment
  void stopExperiment();
  void togglePause();
  void stepExperiment();
  bool isExperimentRunning() const;

  // Sessions (io/session.h): the spec and every finished temperature. Opening resumes the experiment
  // with them, so the views come back at once and an unfinished run continues. Errors are shown in
  // the window and returned (empty on success); nothing on screen is lost by a failed open or save.
  QString saveSession(const QString& path);
  QString openSession(const QString& path);
  // flow.json and flow.csv of the finished experiment into `folder`.
  QString exportResults(const QString& folder);
  // The data the views plot (ui/experiment_export.h) into `folder`, each export with its
  // NAME.manifest.json: filters.json and filters.csv; mi_curves.csv. A running or stopped
  // experiment exports what is finished so far; with nothing to export the problem says so.
  QString exportFilters(const QString& folder);
  QString exportMiCurves(const QString& folder);
  // The methods above write on the GUI thread and return the problem (empty on success). The menus
  // write on a worker thread instead (a large session never stalls the window): the outcome is
  // shown in the status bar or a problem box, and writeFinished says it. `what`: "session" (a
  // file path), "flow", "filters", "mi" (a folder).
  void writeInBackground(const QString& what, const QString& path);
  // Samples of the sampling form's spec (model, size, temperature, sampler, seed; the count of the
  // experiment form's Samples / T)
  // into `path` (.npy) with its manifest FILE.json beside it — the same bytes `rsmi sample` writes
  // for that spec — drawn on a worker thread with a progress dialog that can cancel. Returns a
  // refusal at once; otherwise empty, and writeFinished comes when the files are written (or not).
  QString exportSamples(const QString& path);
  void cancelSampleExport();
  // File → Import samples: reads `path` (.npy: any ±1 or boolean array of shape (N, L) or (N, L, L))
  // on a worker thread; the experiment form then learns on those samples (no temperature: no flow)
  // until "Draw samples instead", and the lattice view shows the first. Returns a refusal at once (a
  // sample file is being read or written); otherwise empty, and samplesImported says the outcome.
  QString importSamples(const QString& path);
  // Writes queued or running on the workers (their outcome not shown yet).
  bool isWriting() const;

  // Edit → Copy plot: the figure of `view` ("filters", "mi", "flow", "thermometer"; empty: the one
  // last clicked or focused, the RG flow at first) re-rendered at twice its size into the clipboard.
  QString copyPlot(const QString& view = {});
  QString plotToCopy() const { return copyView_; }
  // The figure as copied: logical size × 2 pixels, device pixel ratio 2; null for an unknown view.
  QImage plotImage(const QString& view) const;
  // A view as a figure (PNG at 300 dpi, SVG or PDF by the file's suffix): "filters", "mi", "flow",
  // "thermometer".
  QString exportView(const QString& view, const QString& path);
  void loadPreset(const RunSpec& spec);

  LatticeView* latticeView() const { return view_; }
  ExperimentJob* experimentJob() const { return job_; }
  ExperimentPanel* experimentPanel() const { return experimentPanel_; }
  ExperimentView* experimentView() const { return experimentView_; }
  RgCascadeView* cascadeView() const { return cascade_; }
  ObservableTraceChart* traceChart() const { return traces_; }
  // Window size, position and dock layout from the last session, saved again on close (the studio
  // calls it; tests do not, so that they always start from the default layout).
  void restoreLayout();
  // View → Zoom: the text scale of every figure and of the side panel (1 = 100 %, 0.8 … 2.5).
  double zoom() const { return zoom_; }
  void setZoom(double scale);
  void zoomIn();
  void zoomOut();
  void actualSize();
  // View → Theme: widgets in Fusion with a dark palette, figures on a dark background. Exported
  // figures stay light.
  bool isDarkTheme() const { return dark_; }
  void setDarkTheme(bool dark);
  // View → Presentation mode: full screen, text at 150 % (or more), the side forms folded away but
  // the run buttons kept; leaving it restores the window as it was.
  bool isPresentationMode() const { return presenting_; }
  void setPresentationMode(bool on);
  // The largest zoom at which the lattice and the four views fit a 1920 × 1080 projector (at 175 %
  // the charts need more width than the screen has).
  static constexpr double kPresentationZoom = 1.5;
  QGroupBox* samplingBox() const { return samplingBox_; }
  QGroupBox* readoutBox() const { return readoutBox_; }
  QScrollArea* sidePanel() const { return sideScroll_; }
  // Every action of the menus that has a shortcut: (menu, action, keys), in menu order.
  struct Shortcut {
    QString menu, action, keys;
  };
  std::vector<Shortcut> shortcutList() const;
  // The About box: version, the libraries this build runs on, the paper.
  static QString aboutText();

  // The message under the experiment form (a refusal, a divergence, a preset's note); empty if hidden.
  QString experimentMessage() const;
  QPushButton* experimentRunButton() const { return runExperiment_; }
  QPushButton* experimentPauseButton() const { return pauseExperiment_; }
  QPushButton* experimentStepButton() const { return stepExperiment_; }
  QPushButton* experimentStopButton() const { return stopExperiment_; }
  LiveSampler* liveSampler() const { return sampler_; }
  SamplingPanel* samplingPanel() const { return panel_; }
  ReadoutPanel* readoutPanel() const { return readout_; }
  QPushButton* runButton() const { return run_; }
  QPushButton* stopButton() const { return stop_; }
  QString statusText() const;

Q_SIGNALS:
  // A file write started by writeInBackground or exportSamples ended: empty on success, otherwise
  // the problem (already shown to the user).
  void writeFinished(const QString& problem);
  // An importSamples read ended: empty on success, otherwise the problem (already shown).
  void samplesImported(const QString& problem);

protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  // Closing the window ends the experiment and the live chain: nothing computes for a window that
  // is gone, and the workers are joined before the window returns from close().
  void closeEvent(QCloseEvent* event) override;

private:
  // Shows the latest progress the sample-drawing worker left in sampleDraw_ (GUI thread).
  void showSampleDrawProgress();
  // Imported samples read: the experiment form learns on them, the lattice view shows the first.
  void useImportedSamples(const SamplingSpec& sampling, const SampleSet& samples);
  void buildMenus();
  QWidget* buildSidePanel();
  void onSpecChanged();
  void onSnapshot(const LatticeSnapshot& snapshot);
  void onStats(quint64 updates, double updatesPerSecond);
  void onFailed(const QString& message);
  void updateActions();
  void updateStatus();
  void onExperimentState(const std::shared_ptr<const ExperimentState>& state);
  // The cascade of the run selected in the experiment view, redrawn when a level is added or the
  // selection changes (not at every published frame: the configurations can be megabytes).
  void updateCascade(bool force = false);
  void showShortcuts();
  // A new experiment: empty views, the cascade in the centre instead of the live lattice.
  void clearExperimentViews();
  // The experiment's window (V, B, E) over the live lattice, when View → Show the window is on.
  void updateWindowOverlay();
  void onExperimentSpecChanged();
  QWidget* buildExperimentBox(QWidget* parent);
  void buildFileMenu();
  void buildExportMenu(QMenu* file);
  void buildEditMenu();
  QWidget* plotWidget(const QString& view) const;
  // A dimer run has no RG flow and no thermometer to show, copy or export.
  bool isDimerPlotMissing(const QString& view) const;
  // A file write: refused before anything is written, or done by `write` (on any thread: it only
  // touches what it captured; throws with the problem) and then `succeeded` on the GUI thread.
  struct FileWrite {
    QString failure;  // the problem box's title
    QString refusal;  // non-empty: nothing is written
    std::function<void()> write;
    std::function<void()> succeeded;
  };
  FileWrite sessionWrite(const QString& path);
  FileWrite flowExportWrite(const QString& folder);
  FileWrite filtersExportWrite(const QString& folder);
  FileWrite miExportWrite(const QString& folder);
  QString runFileWrite(FileWrite job, bool background);
  void buildPresetsMenu();
  void rememberRecent(const QString& path);
  void refreshRecentMenu();
  void reportFileProblem(const QString& what, const QString& problem);
  void showExperimentMessage(const QString& text, bool problem);
  void toggleFullScreen();
  void buildViewMenu();
  // The screen's figure style and the window's fonts for zoom_ (or the presentation's) and dark_.
  void applyLook();
  void applyTextScale(double scale);
  void fitSidePanel();
  void styleRunButtons();
  void saveViewSettings();

  LatticeView* view_ = nullptr;
  SamplingPanel* panel_ = nullptr;
  ReadoutPanel* readout_ = nullptr;
  LiveSampler* sampler_ = nullptr;
  QPushButton* run_ = nullptr;
  QPushButton* stop_ = nullptr;
  QLabel* message_ = nullptr;
  QLabel* status_ = nullptr;
  QScrollArea* sideScroll_ = nullptr;
  QAction* runAction_ = nullptr;
  ExperimentJob* job_ = nullptr;
  ExperimentPanel* experimentPanel_ = nullptr;
  ExperimentView* experimentView_ = nullptr;
  ObservableTraceChart* traces_ = nullptr;  // under view_: energy and |m| of the live chain
  QSplitter* liveSplit_ = nullptr;
  RgCascadeView* cascade_ = nullptr;         // shares the centre with view_: shown during experiments
  QStackedWidget* latticeStack_ = nullptr;
  std::pair<RunKey, std::size_t> cascadeShown_{};  // what cascade_ holds: run, level count
  QPushButton* runExperiment_ = nullptr;
  QPushButton* pauseExperiment_ = nullptr;
  QPushButton* stepExperiment_ = nullptr;
  QPushButton* stopExperiment_ = nullptr;
  QLabel* experimentMessage_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* stage_ = nullptr;
  QAction* pauseAction_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QPointer<QMessageBox> fileProblemBox_;
  BackgroundWriter* fileWriter_ = nullptr;    // sessions and exports, in order
  BackgroundWriter* sampleWriter_ = nullptr;  // sample draws (long, cancellable), apart from the files
  QPointer<QProgressDialog> sampleProgress_;
  // The sample-drawing worker's latest progress, read by a timer on the GUI thread. Nothing is
  // posted from the worker: Qt's cross-thread events are handed over inside Qt, where
  // ThreadSanitizer cannot see the synchronisation, so the worker only writes under this mutex.
  struct SampleDrawProgress {
    std::mutex mutex;
    int permille = 0;
    std::string stage;
  } sampleDraw_;
  QString copyView_ = QStringLiteral("flow");
  bool persistLayout_ = false;
  QGroupBox* samplingBox_ = nullptr;
  QGroupBox* readoutBox_ = nullptr;
  QAction* darkAction_ = nullptr;
  QAction* windowOverlayAction_ = nullptr;
  QAction* lightAction_ = nullptr;
  QAction* presentationAction_ = nullptr;
  double zoom_ = 1;
  bool dark_ = false;
  bool presenting_ = false;
  // What presentation mode changed, to put back as it was.
  struct BeforePresentation {
    QByteArray geometry, state;
    QRect normal;
    bool fullScreen = false, maximized = false;
    std::vector<std::pair<QWidget*, bool>> hidden;  // widget, was it hidden
  } before_;
  QString sessionPath_;
  QTimer restart_;       // parameter edits while running restart the chain once the edits pause
  double rate_ = 0;
};

} // namespace rsmi::ui
