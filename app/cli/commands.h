#pragma once
// The commands of `rsmi`, one file each; dispatch.cpp routes argv to them.
#include <vector>

#include "app/cli/arguments.h"

namespace rsmi::cli {

Command sampleCommand();   // command_sample.cpp
Command observeCommand();  // command_observe.cpp
Command exactCommand();    // command_exact.cpp (subcommands ising2d, ising1d, dimer)
Command benchCommand();    // command_bench.cpp (subcommands mc, learn)
Command benchLearnCommand();  // command_bench_learn.cpp (the subcommand bench learn)
Command benchFlowCommand();   // command_bench_flow.cpp (the subcommand bench flow)
Command trainCommand();    // command_train.cpp
Command flowCommand();     // command_flow.cpp
Command runSpecCommand();  // command_run.cpp ("rsmi run")

const std::vector<Command>& allCommands();

// The whole program: returns the exit status (kExitOk, kExitFailure, kExitUsage, kExitInterrupted).
int runCli(int argc, char** argv);

} // namespace rsmi::cli
