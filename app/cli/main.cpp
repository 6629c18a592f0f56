// rsmi: RSMI Studio's command-line twin. All the work is in rsmi::cli (dispatch.cpp and one file
// per command); main only hands over the arguments.
#include <csignal>

#include "app/cli/commands.h"

int main(int argc, char** argv) {
  // Beyond a file-size limit (ulimit -f) the kernel sends SIGXFSZ, whose default action kills the
  // process without a word. Ignored, the write fails with EFBIG instead, and rsmi reports it like a
  // full disk: "cannot write 'x': …", with the earlier file intact (docs/robustness.md, section 11).
  std::signal(SIGXFSZ, SIG_IGN);
  return rsmi::cli::runCli(argc, argv);
}
