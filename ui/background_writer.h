#pragma once
// Files written off the GUI thread (sessions, exports, sample files): one worker thread runs the
// queued jobs in order — two saves to the same file land in the order they were asked for — and
// each job's outcome comes back on the GUI thread, collected by a timer that runs only while jobs
// are pending. The worker posts nothing to Qt: Qt's cross-thread events are handed over inside Qt,
// where ThreadSanitizer cannot see the synchronisation; a mutex-guarded list it can see. A job gets the immutable
// state it serialises (a shared_ptr<const ExperimentState>), never the widgets.
//
// Destroying the writer (the window closing) lets the queued jobs finish and joins the thread, so
// a file being written is never lost half-way; cancel() asks the current job to stop instead (a
// sample draw, which writes nothing when stopped).
#include <QObject>
#include <QString>
#include <QTimer>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>

namespace rsmi::ui {

class BackgroundWriter : public QObject {
  Q_OBJECT

 public:
  // Runs on the worker thread. Returns a problem for the user (empty on success); an exception's
  // what() counts as the problem.
  using Work = std::function<QString(std::stop_token)>;
  // Runs on the GUI thread with the job's problem (empty on success).
  using Done = std::function<void(const QString& problem)>;

  explicit BackgroundWriter(QObject* parent = nullptr);
  ~BackgroundWriter() override;

  void post(Work work, Done done);
  // Asks the running job and the queued ones to stop (their stop_token): a job is cancelled even
  // if the worker has not picked it up yet.
  void cancel();
  // Jobs posted whose Done has not run yet.
  int pending() const { return pending_; }
  // Blocks until the worker has run every queued job (their Done calls are still to come, on the
  // next tick of the GUI thread's timer).
  void waitUntilWritten();

 Q_SIGNALS:
  void idle();  // the last pending job's Done has run

 private:
  // Runs the Done of every job the worker has finished, in order (GUI thread, on the timer).
  void deliverFinished();
  void loop();

  std::mutex mutex_;
  std::condition_variable wake_, written_;
  struct Job {
    Work work;
    Done done;
    std::stop_source stop;
  };
  std::deque<Job> queue_;
  // Finished jobs waiting for their Done on the GUI thread.
  struct Finished {
    Done done;
    QString problem;
  };
  std::deque<Finished> finished_;
  bool running_ = false;  // a job is on the worker now
  bool quit_ = false;
  std::stop_source current_;
  std::thread worker_;
  int pending_ = 0;  // GUI thread only
  QTimer collect_;   // GUI thread: runs deliverFinished while jobs are pending
};

}  // namespace rsmi::ui
