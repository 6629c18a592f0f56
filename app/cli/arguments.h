#pragma once
// A small command-line parser with one option table per command. Why not QCommandLineParser: its
// errors and help don't follow per-command tables, and it exits by itself; here every bad input
// becomes a UsageError (exit status 2) whose message names the option and the problem.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace rsmi::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;     // an internal error
inline constexpr int kExitUsage = 2;       // bad arguments or bad input files
inline constexpr int kExitInterrupted = 130;  // Ctrl+C (128 + SIGINT), as shells report it

// Bad input from the user: printed as "rsmi: error: MESSAGE", exit status 2.
class UsageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct Option {
  std::string name;       // long name without dashes, e.g. "size"
  std::string valueName;  // e.g. "L"; empty for a flag
  std::string help;
};

// What every command gets besides its arguments.
struct Context {
  std::string commandLine;  // the whole command line, shell-quoted (for manifests)
  std::stop_token stop;     // requested on Ctrl+C
  bool stderrIsTerminal = false;
};

class Arguments;

struct Command {
  std::string name;         // as typed after "rsmi", e.g. "sample" or "exact ising2d"
  std::string summary;      // one line, for "rsmi --help"
  std::vector<std::string> usage;  // usage lines without the leading "rsmi "
  std::string description;  // paragraphs shown by --help after the usage
  std::vector<Option> options;
  std::vector<std::string> operands;  // names of the positional arguments, all required
  int (*run)(const Arguments&, const Context&) = nullptr;
  std::vector<Command> subcommands;   // e.g. exact → ising2d, ising1d, dimer
  std::string subcommandKind;         // what a subcommand names: "model", "benchmark"
};

class Arguments {
public:
  Arguments(const Command& command, std::map<std::string, std::string> values, std::vector<std::string> operands)
      : command_(&command), values_(std::move(values)), operands_(std::move(operands)) {}

  const Command& command() const { return *command_; }
  bool has(std::string_view name) const;  // given on the command line (flag or option)
  std::optional<std::string> text(std::string_view name) const;
  std::string required(std::string_view name) const;  // UsageError when absent
  // Strict numbers: the whole value must parse, and be finite. UsageError otherwise.
  std::optional<double> number(std::string_view name) const;
  std::optional<std::int64_t> integer(std::string_view name, std::int64_t lo, std::int64_t hi) const;
  std::optional<std::uint64_t> unsignedInteger(std::string_view name) const;
  // Comma-separated integers, e.g. "--sizes 128,512".
  std::optional<std::vector<std::int64_t>> integerList(std::string_view name, std::int64_t lo, std::int64_t hi) const;
  const std::vector<std::string>& operands() const { return operands_; }

private:
  const Command* command_;
  std::map<std::string, std::string> values_;  // flags map to ""
  std::vector<std::string> operands_;
};

// Parses `args` (after the command name) against `command`'s table: --name VALUE, --name=VALUE,
// flags, "--" ending options, operands in order. Throws UsageError: unknown option (with a
// suggestion when one is close), a missing value, an option given twice, a flag given a value,
// missing or extra operands.
Arguments parseArguments(const Command& command, std::span<const std::string> args);

// True when args hold -h or --help before any "--".
bool asksForHelp(std::span<const std::string> args);

std::string helpText(const Command& command);

// Word for word what a POSIX shell would need to reproduce the argument.
std::string shellQuote(std::string_view word);

} // namespace rsmi::cli
