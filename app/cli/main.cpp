// rsmi: RSMI Studio's command-line twin. All the work is in rsmi::cli (dispatch.cpp and one file
// per command); main only hands over the arguments.
#include "app/cli/commands.h"

int main(int argc, char** argv) { return rsmi::cli::runCli(argc, argv); }
