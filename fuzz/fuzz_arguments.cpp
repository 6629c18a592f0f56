// Command-line words → Arguments (app/cli/arguments.h parseArguments against the option tables of
// app/cli/commands.h allCommands()), then every typed accessor on every option: each either gives
// a value that honours its contract (finite, in range) or throws UsageError — the CLI's exit status
// 2 — and nothing else escapes.
//
// Input: words separated by '\0'. The first word names the command ("sample", or "exact" followed
// by a model word, as typed after "rsmi"); an unknown first word picks a command by its length, so
// that every table is reached.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/cli/commands.h"
#include "app/cli/common.h"

namespace {

using rsmi::cli::Arguments;
using rsmi::cli::Command;
using rsmi::cli::UsageError;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

// Every command and subcommand, in table order.
std::vector<const Command*> flatten() {
  std::vector<const Command*> out;
  for (const Command& c : rsmi::cli::allCommands()) {
    out.push_back(&c);
    for (const Command& s : c.subcommands) out.push_back(&s);
  }
  return out;
}

const Command& pick(const std::vector<const Command*>& commands, std::vector<std::string>& words) {
  const std::string first = words.empty() ? std::string() : words.front();
  for (const Command* c : commands)
    if (c->name == first) {
      words.erase(words.begin());
      if (!c->subcommands.empty() && !words.empty())
        for (const Command& s : c->subcommands)
          if (s.name == c->name + " " + words.front()) {
            words.erase(words.begin());
            return s;
          }
      return *c;
    }
  return *commands[first.size() % commands.size()];
}

template <class F>
void expectValueOrUsageError(F&& f) {
  try {
    f();
  } catch (const UsageError&) {
  }
}

void exercise(const Arguments& args) {
  for (const rsmi::cli::Option& o : args.command().options) {
    const std::string& name = o.name;
    check(args.has(name) == args.text(name).has_value());
    // Absent options read as nothing; only those given have a value to check (and exceptions are
    // what makes a fuzzer slow).
    if (o.valueName.empty() || !args.has(name)) continue;
    expectValueOrUsageError([&] {
      if (const auto v = args.number(name)) check(std::isfinite(*v));
    });
    expectValueOrUsageError([&] {
      if (const auto v = args.integer(name, -5, 1000)) check(*v >= -5 && *v <= 1000);
    });
    expectValueOrUsageError([&] { args.unsignedInteger(name); });
    expectValueOrUsageError([&] {
      if (const auto v = args.integerList(name, 1, 64)) {
        check(!v->empty());
        for (std::int64_t x : *v) check(x >= 1 && x <= 64);
      }
    });
    expectValueOrUsageError([&] {
      if (const auto v = args.text(name)) {
        const auto [w, h] = rsmi::cli::parseBlockSize(*v);
        check(w >= 1 && w <= 64 && h >= 1 && h <= 64);
      }
    });
    check(args.required(name) == *args.text(name));
  }
  expectValueOrUsageError([&] {
    if (const auto beta = rsmi::cli::betaFromArguments(args, false)) check(*beta > 0);
  });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<const Command*> commands = flatten();
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < size && words.size() < 64; ++i) {
    if (data[i] == 0) {
      words.push_back(word);
      word.clear();
    } else {
      word += static_cast<char>(data[i]);
    }
  }
  if (!word.empty() || (size > 0 && data[size - 1] == 0)) words.push_back(word);
  const Command& command = pick(commands, words);
  for (const std::string& w : words) check(!rsmi::cli::shellQuote(w).empty());
  if (rsmi::cli::asksForHelp(words)) {
    check(!rsmi::cli::helpText(command).empty());
    return 0;
  }
  try {
    exercise(rsmi::cli::parseArguments(command, words));
  } catch (const UsageError&) {
  }
  return 0;
}
