#pragma once
// A one-line progress display on stderr ("sampling  42%"), redrawn in place at most 10 times a
// second. Thread-safe: core calls report progress from worker threads.
#include <chrono>
#include <mutex>
#include <string>

#include "core/common/progress.h"

namespace rsmi::cli {

class ProgressLine {
public:
  explicit ProgressLine(bool enabled) : enabled_(enabled) {}
  ~ProgressLine() { finish(); }

  // A sink for core calls; a no-op when disabled (not a terminal, or --quiet).
  ProgressSink sink();
  void show(const Progress& progress);
  void finish();  // clears the line

private:
  bool enabled_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_{};
  bool drawn_ = false;
};

} // namespace rsmi::cli
