#pragma once
// Runs one Markov chain on a worker thread and shows it live (DESIGN.md, "Threads and cancellation").
//
// Back-pressure: the worker copies a configuration only when the GUI has taken the previous one
// (an atomic flag), and the GUI takes at most one per frame (a ~30 Hz timer on the GUI thread).
// The worker never waits for the GUI and the GUI never waits for the worker: stop() only asks the
// thread to end, and the frame timer joins the thread once it has finished (instantly), so a chain
// whose update takes long never stalls the interface. Only immutable LatticeSnapshots cross the
// threads, and the worker calls no Qt at all.
#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include "core/mc/markov_chain.h"
#include "core/mc/sampling_spec.h"
#include "ui/lattice_snapshot.h"

namespace rsmi::ui {

class LiveSampler : public QObject {
  Q_OBJECT

public:
  // Builds the chain on the worker thread. Default: makeChain(spec, 0). Tests inject slow or
  // failing chains here.
  using ChainFactory = std::function<std::unique_ptr<MarkovChain>(const SamplingSpec&)>;

  explicit LiveSampler(QObject* parent = nullptr);
  ~LiveSampler() override;  // stops and joins every worker

  void setChainFactory(ChainFactory factory);
  // How often the GUI takes a snapshot, in ms (default 33: ~30 frames per second).
  void setFrameInterval(int milliseconds);
  int frameInterval() const { return frameTimer_.interval(); }

  // Starts a chain for `spec` (replacing a running one). An invalid spec is reported through
  // failed() with validate()'s message, and the sampler is left as it was; returns whether it started.
  bool start(const SamplingSpec& spec);
  // Asks the worker to stop and returns at once; stopped() follows when the thread has ended
  // (after the update in progress, if any). No snapshot of this run is delivered after stop().
  void stop();

  bool isRunning() const { return current_ != nullptr; }
  // Threads still ending after stop() or a restart (they are joined as soon as they finish).
  int retiringCount() const { return static_cast<int>(retiring_.size()); }
  const SamplingSpec& spec() const { return spec_; }
  QString unitName() const { return unitName_; }  // "sweep", "cluster"… once the chain exists
  std::uint64_t updates() const { return lastUpdates_; }
  const LatticeSnapshot& latestSnapshot() const { return latest_; }

Q_SIGNALS:
  void snapshotReady(const rsmi::ui::LatticeSnapshot& snapshot);
  void statsChanged(quint64 updates, double updatesPerSecond);
  void started();
  void stopped();
  void failed(const QString& message);

private:
  struct Run;
  void poll();   // GUI thread, each frame: take the snapshot, publish statistics, reap threads
  void reap();   // GUI thread: join finished workers (never waits)
  void emitStats(bool force);
  static void work(Run& run, const ChainFactory& factory, std::stop_token stop);

  ChainFactory factory_;
  std::unique_ptr<Run> current_;
  std::vector<std::unique_ptr<Run>> retiring_;
  const Run* stopping_ = nullptr;  // the run stop() ended: stopped() is due when it finishes
  SamplingSpec spec_;
  QString unitName_;
  LatticeSnapshot latest_;
  QTimer frameTimer_;  // while a chain runs: one snapshot per frame
  QTimer reapTimer_;   // while threads are ending: join them as soon as they have
  QElapsedTimer clock_;
  std::uint64_t lastUpdates_ = 0;
  std::uint64_t rateUpdates_ = 0;  // updates at the start of the current rate window
  qint64 rateStartMs_ = 0;
  double rate_ = 0;
};

} // namespace rsmi::ui
