#pragma once
// Progress reporting and cancellation for long core calls (DESIGN.md, "Threads and cancellation").
// Every long call takes a std::stop_token and a ProgressSink and works in chunks, checking the
// token between chunks, so a Stop in the GUI or Ctrl+C in the CLI takes effect quickly.
#include <functional>
#include <stop_token>
#include <string>

namespace rsmi {

struct Progress {
  std::string stage;     // e.g. "thermalising", "sampling"
  double fraction = 0.0; // of this stage, in [0, 1]
};

// Called from worker threads; implementations must be thread-safe and cheap.
using ProgressSink = std::function<void(const Progress&)>;

// Thrown by a long call that saw its stop token requested; the caller keeps what was done so far.
struct Cancelled {};

} // namespace rsmi
