#pragma once
// Runs an Experiment on a worker thread for the studio (DESIGN.md, "Threads and cancellation").
//
// The worker folds the Experiment's events into an ExperimentState under a mutex; a ~30 Hz timer on
// the GUI thread copies the state when it changed and publishes the copy (stateChanged), so the GUI
// never waits for the worker and draws at most once per frame however fast events come. Stop asks
// the experiment to end and returns at once; the thread is joined by the timer after it has ended.
// Pause holds the workers at their next event (between epochs); Step lets them run to the end of
// the next RG level, then holds them again.
#include <QObject>
#include <QTimer>
#include <memory>
#include <stop_token>

#include "ui/experiment_state.h"

namespace rsmi::ui {

class ExperimentJob : public QObject {
  Q_OBJECT

public:
  explicit ExperimentJob(QObject* parent = nullptr);
  ~ExperimentJob() override;  // stops and joins the worker

  // Starts `spec` (replacing a running experiment, which ends silently). An invalid spec, or one far
  // beyond this machine (refusal(estimateCost(spec), …)), is reported through failed() with its
  // problem, and nothing starts; returns whether it started.
  bool start(const RunSpec& spec, FinishedRuns finished = {});
  void stop();             // returns at once; stopped() follows when the worker has ended
  // Stops and joins every worker now (closing the window): the final state is published and
  // stopped() emitted before it returns.
  void halt();
  void setPaused(bool paused);
  void step();             // run to the end of the next RG level, then pause
  bool isRunning() const { return current_ != nullptr; }
  bool isPaused() const;

  // The latest published state (never null).
  std::shared_ptr<const ExperimentState> state() const { return state_; }
  void setFrameInterval(int milliseconds);

Q_SIGNALS:
  void started();
  void stateChanged(std::shared_ptr<const rsmi::ui::ExperimentState> state);
  void finished(std::shared_ptr<const rsmi::ExperimentResult> result);
  void failed(const QString& message);
  void stopped();  // after stop(), finish or failure: the worker has ended

private:
  struct Run;
  void poll();
  static void work(Run& run, std::stop_token stop);

  std::unique_ptr<Run> current_;
  std::vector<std::unique_ptr<Run>> retiring_;
  std::shared_ptr<const ExperimentState> state_;
  QTimer frameTimer_;
};

} // namespace rsmi::ui
