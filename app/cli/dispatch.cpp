#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <unistd.h>

#include "app/cli/commands.h"
#include "app/cli/interrupt.h"
#include "core/common/progress.h"
#include "io/io_error.h"

namespace rsmi::cli {

namespace {

const char* const kProgramHelp =
    "Usage: rsmi COMMAND [options]\n"
    "       rsmi help COMMAND   (or: rsmi COMMAND --help)\n"
    "       rsmi --version\n"
    "\n"
    "RSMI Studio's command-line twin: draw Monte Carlo samples, measure them, compare with exact\n"
    "results and benchmark the samplers, headless and reproducibly (every sample file gets a JSON\n"
    "manifest that holds everything needed to make it again).\n"
    "\n"
    "Commands:\n";

const char* const kProgramHelpEnd =
    "\n"
    "Exit status: 0 success; 1 internal failure; 2 bad arguments or bad input files;\n"
    "130 interrupted (Ctrl+C). Errors are printed on stderr as 'rsmi: error: ...'.\n"
    "Documentation: docs/cli.md.\n";

void printProgramHelp() {
  std::string text = kProgramHelp;
  for (const Command& c : allCommands())
    text += "  " + c.name + std::string(10 - c.name.size(), ' ') + c.summary + "\n";
  text += "  help      show the help of a command\n";
  std::fputs((text + kProgramHelpEnd).c_str(), stdout);
}

const Command* findCommand(const std::vector<Command>& commands, const std::string& word) {
  for (const Command& c : commands)
    if (c.name == word || c.name.substr(c.name.rfind(' ') + 1) == word) return &c;
  return nullptr;
}

std::string names(const std::vector<Command>& commands) {
  std::string out;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const std::string& n = commands[i].name;
    out += (i ? ", " : "") + n.substr(n.rfind(' ') + 1);
  }
  return out;
}

// Follows subcommands ("exact ising2d") and leaves `args` holding what remains for the table.
// Returns the command whose help to print when help was asked for at the parent level.
const Command& resolve(const Command& command, std::vector<std::string>& args, bool& helpOnly) {
  if (command.subcommands.empty()) return command;
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0].starts_with("-")) {
    if (args.empty() || (args[0] != "-h" && args[0] != "--help")) {
      throw UsageError("missing the " + command.subcommandKind + " for 'rsmi " + command.name + "' (one of: " + names(command.subcommands) +
                       "; see 'rsmi " + command.name + " --help')");
    }
    helpOnly = true;
    return command;
  }
  const Command* sub = findCommand(command.subcommands, args[0]);
  if (!sub)
    throw UsageError("unknown " + command.subcommandKind + " '" + args[0] +
                     "' for 'rsmi " + command.name + "' (one of: " + names(command.subcommands) + ")");
  args.erase(args.begin());
  return *sub;
}

int runCommand(const std::vector<std::string>& argv, const std::string& commandLine) {
  if (argv.empty()) {
    std::fputs("rsmi: error: missing the command (one of: sample, observe, train, flow, run, exact, bench, help; see 'rsmi --help')\n",
               stderr);
    return kExitUsage;
  }
  const std::string& first = argv[0];
  if (first == "--version" || first == "-V") {
    std::printf("rsmi (RSMI Studio) %s\n", RSMI_VERSION);
    return kExitOk;
  }
  if (first == "--help" || first == "-h") {
    printProgramHelp();
    return kExitOk;
  }
  if (first == "help") {
    if (argv.size() == 1) {
      printProgramHelp();
      return kExitOk;
    }
    const Command* command = findCommand(allCommands(), argv[1]);
    if (!command) throw UsageError("no help for unknown command '" + argv[1] + "' (one of: " + names(allCommands()) + ")");
    if (argv.size() > 2 && !command->subcommands.empty()) {
      if (const Command* sub = findCommand(command->subcommands, argv[2])) command = sub;
      else throw UsageError("unknown " + command->subcommandKind + " '" + argv[2] + "' for 'rsmi help " + command->name + "'");
    }
    std::fputs(helpText(*command).c_str(), stdout);
    return kExitOk;
  }
  const Command* command = findCommand(allCommands(), first);
  if (!command)
    throw UsageError("unknown command '" + first + "' (one of: " + names(allCommands()) + ", help; see 'rsmi --help')");
  std::vector<std::string> args(argv.begin() + 1, argv.end());
  bool helpOnly = false;
  const Command& target = resolve(*command, args, helpOnly);
  if (helpOnly || asksForHelp(args)) {
    std::fputs(helpText(target).c_str(), stdout);
    return kExitOk;
  }
  const Arguments parsed = parseArguments(target, args);
  InterruptGuard interrupts;
  Context context{commandLine, interrupts.token(), isatty(STDERR_FILENO) == 1};
  return target.run(parsed, context);
}

} // namespace

const std::vector<Command>& allCommands() {
  static const std::vector<Command> commands{sampleCommand(), observeCommand(), trainCommand(), flowCommand(), runSpecCommand(), exactCommand(),
                                                 benchCommand()};
  return commands;
}

int runCli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string commandLine = "rsmi";
  for (const std::string& a : args) commandLine += " " + shellQuote(a);
  try {
    return runCommand(args, commandLine);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "rsmi: error: %s\n", e.what());
    return kExitUsage;
  } catch (const io::IoError& e) {
    std::fprintf(stderr, "rsmi: error: %s\n", e.what());
    return e.kind() == io::IoError::Kind::System ? kExitFailure : kExitUsage;
  } catch (const Cancelled&) {
    std::fputs("rsmi: interrupted; no output was written\n", stderr);
    return kExitInterrupted;
  } catch (const std::bad_alloc&) {
    std::fputs("rsmi: error: out of memory (try fewer samples or a smaller lattice)\n", stderr);
    return kExitFailure;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rsmi: internal error: %s\n", e.what());
    return kExitFailure;
  }
}

} // namespace rsmi::cli
