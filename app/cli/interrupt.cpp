#include "app/cli/interrupt.h"

#include <atomic>
#include <chrono>
#include <csignal>

namespace rsmi::cli {

namespace {

// The handler may only touch a lock-free atomic (async-signal safety); a watcher thread turns the
// flag into request_stop(), which is not guaranteed to be signal-safe.
std::atomic<bool> gSignalled{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void onSignal(int) { gSignalled.store(true, std::memory_order_relaxed); }

struct sigaction gOldInt, gOldTerm;

} // namespace

InterruptGuard::InterruptGuard() {
  gSignalled = false;
  struct sigaction action {};
  action.sa_handler = onSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &gOldInt);
  sigaction(SIGTERM, &action, &gOldTerm);
  watcher_ = std::jthread([this](std::stop_token self) {
    while (!self.stop_requested()) {
      if (gSignalled.load(std::memory_order_relaxed)) {
        source_.request_stop();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
}

InterruptGuard::~InterruptGuard() {
  watcher_.request_stop();
  watcher_.join();
  sigaction(SIGINT, &gOldInt, nullptr);
  sigaction(SIGTERM, &gOldTerm, nullptr);
}

} // namespace rsmi::cli
