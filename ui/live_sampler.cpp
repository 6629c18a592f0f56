#include "ui/live_sampler.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <thread>

#ifdef __linux__
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace rsmi::ui {

// The state one worker shares with the GUI thread. The thread is the last member, so that it is
// joined before the rest is destroyed.
struct LiveSampler::Run {
  SamplingSpec spec;
  std::atomic<bool> wantSnapshot{true};  // the GUI took the last snapshot: the worker may take another
  std::atomic<std::uint64_t> updates{0};
  std::atomic<bool> finished{false};
  std::mutex mutex;                      // guards the three below; held only to move values
  std::optional<LatticeSnapshot> pending;
  std::string error;
  std::string unit;
  std::jthread thread;
};

namespace {

constexpr qint64 kStatsIntervalMs = 250;

std::size_t siteCount(const std::vector<int>& shape) {
  std::size_t n = shape.empty() ? 0 : 1;
  for (int d : shape) n *= static_cast<std::size_t>(std::max(d, 0));
  return n;
}

} // namespace

LiveSampler::LiveSampler(QObject* parent)
    : QObject(parent), factory_([](const SamplingSpec& spec) { return makeChain(spec, 0); }) {
  frameTimer_.setInterval(33);
  connect(&frameTimer_, &QTimer::timeout, this, &LiveSampler::poll);
  // Ending threads are looked at more often than frames, so that stopped() follows a stop quickly.
  reapTimer_.setInterval(5);
  connect(&reapTimer_, &QTimer::timeout, this, &LiveSampler::reap);
}

LiveSampler::~LiveSampler() {
  // Ask every worker first, then join: they end concurrently.
  if (current_) current_->thread.request_stop();
  for (auto& run : retiring_) run->thread.request_stop();
  current_.reset();
  retiring_.clear();
}

void LiveSampler::setChainFactory(ChainFactory factory) { factory_ = std::move(factory); }

void LiveSampler::setFrameInterval(int milliseconds) { frameTimer_.setInterval(std::max(1, milliseconds)); }

bool LiveSampler::start(const SamplingSpec& spec) {
  if (const std::string problem = validate(spec); !problem.empty()) {
    Q_EMIT failed(QString::fromStdString(problem));
    return false;
  }
  if (current_) {  // a restart: the old chain ends on its own, silently
    current_->thread.request_stop();
    retiring_.push_back(std::move(current_));
    if (!reapTimer_.isActive()) reapTimer_.start();
  }
  spec_ = spec;
  unitName_.clear();
  lastUpdates_ = rateUpdates_ = 0;
  rate_ = 0;
  clock_.start();
  rateStartMs_ = 0;

  current_ = std::make_unique<Run>();
  current_->spec = spec;
  Run& run = *current_;
  run.thread = std::jthread(
      [&run, factory = factory_](std::stop_token stop) { work(run, factory, std::move(stop)); });
  frameTimer_.start();
  Q_EMIT started();
  return true;
}

void LiveSampler::stop() {
  if (!current_) return;
  current_->thread.request_stop();
  emitStats(true);
  stopping_ = current_.get();
  retiring_.push_back(std::move(current_));
  reap();
}

// Worker thread. Takes a snapshot before each update when the GUI is ready for one, so the first
// picture appears at once and a slow update never delays a requested picture by more than itself.
void LiveSampler::work(Run& run, const ChainFactory& factory, std::stop_token stop) {
#ifdef __linux__
  pthread_setname_np(pthread_self(), "rsmi-live");
  // A little below the GUI thread, so that on a machine with few cores drawing wins the CPU over
  // sampling (Linux nice values are per thread). Raising one's own niceness needs no privilege.
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 5);
#endif
  try {
    std::unique_ptr<MarkovChain> chain = factory(run.spec);
    if (!chain) throw std::runtime_error("no Markov chain for this model and sampler");
    {
      std::lock_guard lock(run.mutex);
      run.unit = std::string(chain->unitName());
    }
    const std::vector<int> shape = chain->shape();
    const std::size_t sites = siteCount(shape);
    std::uint64_t done = 0;
    while (!stop.stop_requested()) {
      if (run.wantSnapshot.exchange(false, std::memory_order_acq_rel)) {
        auto spins = std::make_shared<std::vector<std::int8_t>>(sites);
        chain->snapshot(std::span<std::int8_t>(*spins));
        LatticeSnapshot snapshot;
        snapshot.readout = SnapshotReadout::measure(run.spec.model, *spins, shape, run.spec.coupling);
        snapshot.spins = std::move(spins);
        snapshot.shape = shape;
        snapshot.model = run.spec.model;
        snapshot.updates = done;
        std::lock_guard lock(run.mutex);
        run.pending = std::move(snapshot);
      }
      chain->update();
      run.updates.store(++done, std::memory_order_relaxed);
    }
  } catch (const std::exception& e) {
    std::lock_guard lock(run.mutex);
    run.error = e.what();
    if (run.error.empty()) run.error = "the sampler failed";
  } catch (...) {
    std::lock_guard lock(run.mutex);
    run.error = "the sampler failed with an unknown error";
  }
  // The GUI thread's frame timer sees this and joins the thread (at most one frame later). The
  // worker calls nothing of Qt: plain C++ on this side of the fence.
  run.finished.store(true, std::memory_order_release);
}

void LiveSampler::poll() {
  if (current_) {
    std::optional<LatticeSnapshot> snapshot;
    {
      std::lock_guard lock(current_->mutex);
      snapshot.swap(current_->pending);
      if (unitName_.isEmpty() && !current_->unit.empty()) unitName_ = QString::fromStdString(current_->unit);
    }
    if (snapshot) {
      current_->wantSnapshot.store(true, std::memory_order_release);
      latest_ = std::move(*snapshot);
      Q_EMIT snapshotReady(latest_);
    }
    emitStats(false);
  }
  reap();
}

void LiveSampler::emitStats(bool force) {
  if (!current_) return;
  lastUpdates_ = current_->updates.load(std::memory_order_relaxed);
  const qint64 now = clock_.elapsed();
  const qint64 window = now - rateStartMs_;
  if (!force && window < kStatsIntervalMs) return;
  if (window > 0) rate_ = static_cast<double>(lastUpdates_ - rateUpdates_) * 1000.0 / static_cast<double>(window);
  rateUpdates_ = lastUpdates_;
  rateStartMs_ = now;
  Q_EMIT statsChanged(lastUpdates_, rate_);
}

void LiveSampler::reap() {
  bool stoppedNow = false;
  for (auto it = retiring_.begin(); it != retiring_.end();) {
    if ((*it)->finished.load(std::memory_order_acquire)) {
      if (it->get() == stopping_) {
        stopping_ = nullptr;
        stoppedNow = true;
      }
      it = retiring_.erase(it);  // joins a thread that has already returned
    } else {
      ++it;
    }
  }

  // A run that ended without being asked to: the chain could not be built or threw.
  QString error;
  bool endedByItself = false;
  if (current_ && current_->finished.load(std::memory_order_acquire)) {
    {
      std::lock_guard lock(current_->mutex);
      error = QString::fromStdString(current_->error);
    }
    emitStats(true);
    current_.reset();
    endedByItself = true;
  }

  if (!current_) frameTimer_.stop();
  if (retiring_.empty())
    reapTimer_.stop();
  else if (!reapTimer_.isActive())
    reapTimer_.start();
  if (endedByItself) {
    if (!error.isEmpty()) Q_EMIT failed(error);
    Q_EMIT stopped();
  } else if (stoppedNow && !current_) {
    Q_EMIT stopped();  // not after a newer start(): the sampler is running again
  }
}

} // namespace rsmi::ui
