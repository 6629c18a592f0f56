#include "app/cli/progress_line.h"

#include <algorithm>
#include <cstdio>

namespace rsmi::cli {

ProgressSink ProgressLine::sink() {
  if (!enabled_) return {};
  return [this](const Progress& p) { show(p); };
}

void ProgressLine::show(const Progress& p) {
  if (!enabled_) return;
  // try_lock: a worker thread never waits for the terminal.
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  const auto now = std::chrono::steady_clock::now();
  // Parallel chains report their own stages and fractions: redraw at most 10 times a second so
  // that the line stays readable instead of flickering between them.
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const int percent = static_cast<int>(std::clamp(p.fraction, 0.0, 1.0) * 100.0);
  std::fprintf(stderr, "\r%-20s %3d%%", p.stage.c_str(), percent);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressLine::finish() {
  std::lock_guard lock(mutex_);
  if (!drawn_) return;
  std::fprintf(stderr, "\r%30s\r", "");
  std::fflush(stderr);
  drawn_ = false;
}

} // namespace rsmi::cli
