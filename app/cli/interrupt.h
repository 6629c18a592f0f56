#pragma once
// Ctrl+C (SIGINT) and SIGTERM request a std::stop_source instead of killing the process, so long
// calls stop at their next chunk and the command exits cleanly, leaving no partial file behind.
#include <stop_token>
#include <thread>

namespace rsmi::cli {

class InterruptGuard {
public:
  InterruptGuard();   // installs the handlers
  ~InterruptGuard();  // restores the previous ones
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  std::stop_token token() const { return source_.get_token(); }
  bool interrupted() const { return source_.stop_requested(); }

private:
  std::stop_source source_;
  std::jthread watcher_;
};

} // namespace rsmi::cli
