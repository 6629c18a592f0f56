#include "ui/experiment_job.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#ifdef __linux__
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "core/pipeline/cost_estimate.h"
#include "io/imported_samples.h"

namespace rsmi::ui {

// What the worker shares with the GUI thread. The thread is the last member: it is joined before
// the rest is destroyed.
struct ExperimentJob::Run {
  RunSpec spec;
  FinishedRuns finished;
  std::mutex mutex;  // guards state, dirty, paused, stepping
  std::condition_variable_any resume;
  ExperimentState state;
  bool dirty = true;
  bool paused = false;
  bool stepping = false;
  std::atomic<bool> done{false};
  std::jthread thread;
};

ExperimentJob::ExperimentJob(QObject* parent) : QObject(parent), state_(std::make_shared<ExperimentState>()) {
  frameTimer_.setInterval(33);
  connect(&frameTimer_, &QTimer::timeout, this, &ExperimentJob::poll);
}

ExperimentJob::~ExperimentJob() {
  if (current_) current_->thread.request_stop();
  for (auto& run : retiring_) run->thread.request_stop();
  current_.reset();
  retiring_.clear();
}

void ExperimentJob::setFrameInterval(int milliseconds) { frameTimer_.setInterval(std::max(1, milliseconds)); }

bool ExperimentJob::start(const RunSpec& spec, FinishedRuns finished) {
  std::string problem = validate(spec);
  if (problem.empty()) problem = refusal(estimateCost(spec), physicalMemoryBytes());
  if (!problem.empty()) {
    Q_EMIT failed(QString::fromStdString(problem));
    return false;
  }
  if (current_) {
    current_->thread.request_stop();
    retiring_.push_back(std::move(current_));
  }
  current_ = std::make_unique<Run>();
  current_->spec = spec;
  current_->finished = std::move(finished);
  current_->state.spec = spec;
  current_->state.phase = ExperimentPhase::Running;
  Run& run = *current_;
  // The worker takes its stop token from the jthread, not from run.thread: that member is still being
  // assigned (on this thread) while the worker starts.
  run.thread = std::jthread([&run](std::stop_token stop) { work(run, stop); });
  auto fresh = std::make_shared<ExperimentState>();
  fresh->spec = spec;
  fresh->phase = ExperimentPhase::Running;
  state_ = fresh;
  frameTimer_.start();
  Q_EMIT started();
  Q_EMIT stateChanged(state_);
  return true;
}

void ExperimentJob::stop() {
  if (current_) current_->thread.request_stop();  // also wakes a paused worker
}

void ExperimentJob::halt() {
  if (current_) current_->thread.request_stop();
  for (auto& run : retiring_) run->thread.request_stop();
  // A stop reaches the workers at their next check (an epoch, a sweep, a chunk of windows), and a
  // paused worker is woken by the stop itself.
  if (current_) current_->thread.join();
  for (auto& run : retiring_) run->thread.join();
  poll();
}

bool ExperimentJob::isPaused() const {
  if (!current_) return false;
  std::lock_guard lock(current_->mutex);
  return current_->paused;
}

void ExperimentJob::setPaused(bool paused) {
  if (!current_) return;
  {
    std::lock_guard lock(current_->mutex);
    current_->paused = paused;
    current_->stepping = false;
    if (current_->state.phase == ExperimentPhase::Running || current_->state.phase == ExperimentPhase::Paused) {
      current_->state.phase = paused ? ExperimentPhase::Paused : ExperimentPhase::Running;
      ++current_->state.revision;
      current_->dirty = true;
    }
  }
  current_->resume.notify_all();
}

void ExperimentJob::step() {
  if (!current_) return;
  {
    std::lock_guard lock(current_->mutex);
    current_->paused = false;
    current_->stepping = true;
    if (current_->state.phase == ExperimentPhase::Paused) {
      current_->state.phase = ExperimentPhase::Running;
      ++current_->state.revision;
      current_->dirty = true;
    }
  }
  current_->resume.notify_all();
}

// Worker thread: plain C++, no Qt but the file reading of io.
void ExperimentJob::work(Run& run, std::stop_token stop) {
#ifdef __linux__
  pthread_setname_np(pthread_self(), "rsmi-experiment");
  // A little below the GUI thread, so that on a machine with few cores drawing wins the CPU.
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 5);
#endif
  ExperimentPhase phase = ExperimentPhase::Finished;
  std::string error;
  std::shared_ptr<const ExperimentResult> result;
  try {
    // Imported samples are read here, off the GUI thread (a session or spec that imports them).
    std::shared_ptr<const SampleSet> imported;
    if (!run.spec.flow.sampling.samplesFile.empty()) imported = io::readImportedSamples(run.spec.flow.sampling);
    const Experiment experiment(run.spec, std::move(imported));
    auto sink = [&](const ExperimentEvent& event) {
      std::unique_lock lock(run.mutex);
      run.state.apply(event);
      run.dirty = true;
      if (run.stepping && std::holds_alternative<LevelEvent>(event)) {
        run.stepping = false;
        run.paused = true;
        run.state.phase = ExperimentPhase::Paused;
      }
      // Pause: hold this worker (and, through the Experiment's serialised events, the others at
      // their next event) until resumed or stopped.
      run.resume.wait(lock, stop, [&] { return !run.paused; });
    };
    result = std::make_shared<const ExperimentResult>(experiment.run(stop, sink, std::move(run.finished)));
  } catch (const Cancelled&) {
    phase = ExperimentPhase::Cancelled;
  } catch (const std::exception& e) {
    phase = ExperimentPhase::Failed;
    error = e.what();
    if (error.empty()) error = "the experiment failed";
  } catch (...) {
    phase = ExperimentPhase::Failed;
    error = "the experiment failed with an unknown error";
  }
  {
    std::lock_guard lock(run.mutex);
    run.state.phase = phase;
    run.state.error = error;
    run.state.result = result;
    if (result) run.state.fraction = 1.0;
    ++run.state.revision;
    run.dirty = true;
  }
  run.done.store(true, std::memory_order_release);
}

void ExperimentJob::poll() {
  for (auto it = retiring_.begin(); it != retiring_.end();)
    it = (*it)->done.load(std::memory_order_acquire) ? retiring_.erase(it) : std::next(it);
  if (!current_) {
    if (retiring_.empty()) frameTimer_.stop();
    return;
  }
  const bool ended = current_->done.load(std::memory_order_acquire);
  bool changed = false;
  {
    std::lock_guard lock(current_->mutex);
    if (current_->dirty) {
      state_ = std::make_shared<const ExperimentState>(current_->state);
      current_->dirty = false;
      changed = true;
    }
  }
  if (changed) Q_EMIT stateChanged(state_);
  if (!ended) return;
  current_.reset();  // joins a thread that has returned
  if (state_->phase == ExperimentPhase::Finished) Q_EMIT finished(state_->result);
  if (state_->phase == ExperimentPhase::Failed) Q_EMIT failed(QString::fromStdString(state_->error));
  Q_EMIT stopped();
  if (retiring_.empty()) frameTimer_.stop();
}

} // namespace rsmi::ui
