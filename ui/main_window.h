#pragma once
// RSMI Studio's main window: the live lattice in the centre, the sampling form and the readouts in a
// side panel, Run/Stop, and a status bar. It wires widgets to the LiveSampler and does no science.
#include <QMainWindow>
#include <QTimer>

#include "core/mc/sampling_spec.h"

class QAction;
class QLabel;
class QPushButton;
class QScrollArea;

namespace rsmi::ui {

class LatticeView;
class LiveSampler;
class ReadoutPanel;
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

  LatticeView* latticeView() const { return view_; }
  LiveSampler* liveSampler() const { return sampler_; }
  SamplingPanel* samplingPanel() const { return panel_; }
  ReadoutPanel* readoutPanel() const { return readout_; }
  QPushButton* runButton() const { return run_; }
  QPushButton* stopButton() const { return stop_; }
  QString statusText() const;

private:
  void buildMenus();
  QWidget* buildSidePanel();
  void onSpecChanged();
  void onSnapshot(const LatticeSnapshot& snapshot);
  void onStats(quint64 updates, double updatesPerSecond);
  void onFailed(const QString& message);
  void updateActions();
  void updateStatus();
  void toggleFullScreen();

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
  QTimer restart_;       // parameter edits while running restart the chain once the edits pause
  double rate_ = 0;
};

} // namespace rsmi::ui
