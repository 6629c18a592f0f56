#include "app/cli/arguments.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace rsmi::cli {

namespace {

std::string dashed(std::string_view name) { return "--" + std::string(name); }

// Levenshtein distance, to suggest "--size" for "--sise".
std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

const Option* findOption(const Command& command, std::string_view name) {
  for (const Option& o : command.options)
    if (o.name == name) return &o;
  return nullptr;
}

[[noreturn]] void unknownOption(const Command& command, std::string_view name) {
  std::string message = "unknown option '" + dashed(name) + "' for 'rsmi " + command.name + "'";
  const Option* best = nullptr;
  std::size_t bestDistance = 3;  // suggest only near misses
  for (const Option& o : command.options)
    if (const std::size_t d = editDistance(name, o.name); d < bestDistance) {
      best = &o;
      bestDistance = d;
    }
  if (best) message += "; did you mean '" + dashed(best->name) + "'?";
  else message += " (see 'rsmi " + command.name + " --help')";
  throw UsageError(message);
}

std::string_view trimPlus(std::string_view s) { return !s.empty() && s[0] == '+' ? s.substr(1) : s; }

} // namespace

bool Arguments::has(std::string_view name) const { return values_.count(std::string(name)) > 0; }

std::optional<std::string> Arguments::text(std::string_view name) const {
  const auto it = values_.find(std::string(name));
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Arguments::required(std::string_view name) const {
  if (auto v = text(name)) return *v;
  const Option* o = findOption(*command_, name);
  throw UsageError("missing required option '" + dashed(name) + (o && !o->valueName.empty() ? " " + o->valueName : "") +
                   "' for 'rsmi " + command_->name + "'");
}

std::optional<double> Arguments::number(std::string_view name) const {
  const auto v = text(name);
  if (!v) return std::nullopt;
  const std::string_view s = trimPlus(*v);
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec == std::errc::invalid_argument || end != s.data() + s.size())
    throw UsageError(dashed(name) + ": '" + *v + "' is not a number");
  if (ec == std::errc::result_out_of_range || !std::isfinite(value))
    throw UsageError(dashed(name) + ": '" + *v + "' is not a finite number");
  return value;
}

std::optional<std::int64_t> Arguments::integer(std::string_view name, std::int64_t lo, std::int64_t hi) const {
  const auto v = text(name);
  if (!v) return std::nullopt;
  const std::string_view s = trimPlus(*v);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec == std::errc::invalid_argument || end != s.data() + s.size())
    throw UsageError(dashed(name) + ": '" + *v + "' is not an integer");
  if (ec == std::errc::result_out_of_range || value < lo || value > hi)
    throw UsageError(dashed(name) + ": " + *v + " is out of range (" + std::to_string(lo) + " to " + std::to_string(hi) +
                     ")");
  return value;
}

std::optional<std::uint64_t> Arguments::unsignedInteger(std::string_view name) const {
  const auto v = text(name);
  if (!v) return std::nullopt;
  const std::string_view s = trimPlus(*v);
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || s[0] == '-' || ec == std::errc::invalid_argument || end != s.data() + s.size())
    throw UsageError(dashed(name) + ": '" + *v + "' is not a non-negative integer");
  if (ec == std::errc::result_out_of_range)
    throw UsageError(dashed(name) + ": " + *v + " is out of range (0 to 18446744073709551615)");
  return value;
}

std::optional<std::vector<std::int64_t>> Arguments::integerList(std::string_view name, std::int64_t lo,
                                                                std::int64_t hi) const {
  const auto v = text(name);
  if (!v) return std::nullopt;
  std::vector<std::int64_t> out;
  std::string_view rest = *v;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || ec == std::errc::invalid_argument || end != item.data() + item.size())
      throw UsageError(dashed(name) + ": '" + *v + "' is not a comma-separated list of integers");
    if (ec == std::errc::result_out_of_range || value < lo || value > hi)
      throw UsageError(dashed(name) + ": " + std::string(item) + " is out of range (" + std::to_string(lo) + " to " +
                       std::to_string(hi) + ")");
    out.push_back(value);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

Arguments parseArguments(const Command& command, std::span<const std::string> args) {
  std::map<std::string, std::string> values;
  std::vector<std::string> operands;
  bool optionsEnded = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (optionsEnded || arg == "-" || arg.empty() || arg[0] != '-') {
      operands.push_back(arg);
      continue;
    }
    if (arg == "--") {
      optionsEnded = true;
      continue;
    }
    if (arg.size() < 3 || arg[1] != '-')  // short options are reserved for -h
      throw UsageError("unknown option '" + arg + "' for 'rsmi " + command.name + "' (options are spelled --name; see 'rsmi " +
                       command.name + " --help')");
    const std::size_t eq = arg.find('=');
    const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const Option* option = findOption(command, name);
    if (!option) unknownOption(command, name);
    if (values.count(name)) throw UsageError("option '" + dashed(name) + "' given more than once");
    if (option->valueName.empty()) {
      if (eq != std::string::npos) throw UsageError("option '" + dashed(name) + "' takes no value");
      values[name] = "";
    } else if (eq != std::string::npos) {
      values[name] = arg.substr(eq + 1);
    } else {
      // The next word is the value even when it starts with '-', so "--beta -1" reaches the range
      // check and is reported as a bad beta, not as an unknown option "-1".
      if (i + 1 >= args.size()) throw UsageError("option '" + dashed(name) + "' needs a value " + option->valueName);
      values[name] = args[++i];
    }
  }
  if (operands.size() < command.operands.size())
    throw UsageError("missing " + command.operands[operands.size()] + " (usage: rsmi " + command.usage.front() + ")");
  if (operands.size() > command.operands.size())
    throw UsageError("unexpected argument '" + operands[command.operands.size()] + "' for 'rsmi " + command.name + "'");
  return Arguments(command, std::move(values), std::move(operands));
}

bool asksForHelp(std::span<const std::string> args) {
  for (const std::string& a : args) {
    if (a == "--") return false;
    if (a == "-h" || a == "--help") return true;
  }
  return false;
}

std::string helpText(const Command& command) {
  std::string out;
  for (std::size_t i = 0; i < command.usage.size(); ++i)
    out += (i ? "       rsmi " : "Usage: rsmi ") + command.usage[i] + "\n";
  out += "\n" + command.description + "\n";
  if (!command.subcommands.empty()) {
    std::string heading = command.subcommandKind + "s";
    heading[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(heading[0])));
    out += "\n" + heading + ":\n";
    for (const Command& sub : command.subcommands) {
      const std::string word = sub.name.substr(sub.name.rfind(' ') + 1);
      out += "  " + word + std::string(word.size() < 10 ? 10 - word.size() : 1, ' ') + sub.summary + "\n";
    }
  }
  std::vector<std::pair<std::string, std::string>> rows;
  for (const Option& o : command.options)
    rows.emplace_back("--" + o.name + (o.valueName.empty() ? "" : " " + o.valueName), o.help);
  rows.emplace_back("-h, --help", "show this help and exit");
  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());
  out += "\nOptions:\n";
  for (const auto& [left, right] : rows) out += "  " + left + std::string(width - left.size() + 2, ' ') + right + "\n";
  out += "\nExit status: 0 success, 1 internal failure, 2 bad arguments or input, 130 interrupted.\n";
  return out;
}

std::string shellQuote(std::string_view word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("-_./=,:+@%").find(c) != std::string_view::npos;
  });
  if (plain) return std::string(word);
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

} // namespace rsmi::cli
