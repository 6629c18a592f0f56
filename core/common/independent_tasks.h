#pragma once
// Runs independent tasks (temperatures, replicas) side by side on the TBB workers, each with its own
// nested parallelism. Why not a bare tbb::parallel_for: an exception escaping one task cancels the
// TBB context, and that cancellation reaches the nested loops of the *other* tasks, which then
// return early without an error, leaving half-computed results behind. Here no exception crosses
// TBB: the first failure is kept, the other tasks are told to stop through their stop token (and
// finish or throw Cancelled at their next check), and the failure is rethrown once all are done —
// a real error in preference to a Cancelled.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <exception>
#include <mutex>
#include <stop_token>

#include "core/common/progress.h"

namespace rsmi {

// body(i, stop) for i in [0, n). `stop` is requested when `outer` is, or when any task failed.
// Each task runs isolated: a worker waiting inside one task's nested loops never starts another
// task, so at most (workers) tasks hold their memory at once.
template <class Body>
void runIndependentTasks(std::size_t n, std::stop_token outer, Body&& body) {
  std::stop_source stop;
  std::stop_callback forward(outer, [&] { stop.request_stop(); });
  std::mutex mutex;
  std::exception_ptr failure;
  bool failureIsCancel = false;
  tbb::parallel_for(
      std::size_t{0}, n,
      [&](std::size_t i) {
        tbb::this_task_arena::isolate([&] {
          try {
            if (stop.stop_requested()) throw Cancelled{};
            body(i, stop.get_token());
          } catch (const Cancelled&) {
            std::lock_guard lock(mutex);
            if (!failure) failure = std::current_exception(), failureIsCancel = true;
            stop.request_stop();
          } catch (...) {
            std::lock_guard lock(mutex);
            if (!failure || failureIsCancel) failure = std::current_exception(), failureIsCancel = false;
            stop.request_stop();
          }
        });
      },
      tbb::simple_partitioner{});
  if (failure) std::rethrow_exception(failure);
}

} // namespace rsmi
