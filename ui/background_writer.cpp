#include "ui/background_writer.h"

#include <exception>

namespace rsmi::ui {

BackgroundWriter::BackgroundWriter(QObject* parent) : QObject(parent) {
  // 10 ms: a finished save is reported well within a frame or two, and the timer is idle
  // whenever nothing is pending.
  collect_.setInterval(10);
  connect(&collect_, &QTimer::timeout, this, &BackgroundWriter::deliverFinished);
}

BackgroundWriter::~BackgroundWriter() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void BackgroundWriter::post(Work work, Done done) {
  ++pending_;
  if (!collect_.isActive()) collect_.start();
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(work), std::move(done), std::stop_source()});
    // Started on first use: a window that never writes keeps no idle thread.
    if (!worker_.joinable()) worker_ = std::thread([this] { loop(); });
  }
  wake_.notify_all();
}

void BackgroundWriter::cancel() {
  std::lock_guard lock(mutex_);
  if (running_) current_.request_stop();
  for (Job& job : queue_) job.stop.request_stop();
}

void BackgroundWriter::waitUntilWritten() {
  std::unique_lock lock(mutex_);
  written_.wait(lock, [this] { return queue_.empty() && !running_; });
}

void BackgroundWriter::deliverFinished() {
  std::deque<Finished> finished;
  {
    std::lock_guard lock(mutex_);
    finished.swap(finished_);
  }
  for (Finished& job : finished) {
    --pending_;
    if (job.done) job.done(job.problem);
    if (pending_ == 0) {
      collect_.stop();
      Q_EMIT idle();
    }
  }
}

void BackgroundWriter::loop() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return quit_ || !queue_.empty(); });
      // Queued jobs are written even when quitting: a save asked for before closing is not lost.
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      running_ = true;
      current_ = job.stop;
    }
    QString problem;
    try {
      problem = job.work(job.stop.get_token());
    } catch (const std::exception& e) {
      problem = QString::fromUtf8(e.what());
    } catch (...) {
      problem = QStringLiteral("unexpected error");
    }
    {
      std::lock_guard lock(mutex_);
      finished_.push_back({std::move(job.done), std::move(problem)});
      running_ = false;
    }
    written_.notify_all();
  }
}

}  // namespace rsmi::ui
