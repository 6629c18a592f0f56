#include "app/cli/common.h"

#include <QJsonDocument>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace rsmi::cli {

std::optional<double> betaFromArguments(const Arguments& args, bool required) {
  const auto beta = args.number("beta");
  const auto temperature = args.number("temperature");
  if (beta && temperature) throw UsageError("give either --beta or --temperature, not both");
  if (temperature) {
    if (*temperature <= 0) throw UsageError("--temperature: must be > 0, got " + formatNumber(*temperature));
    return 1.0 / *temperature;
  }
  if (beta) {
    if (*beta <= 0) throw UsageError("--beta: must be > 0, got " + formatNumber(*beta));
    return beta;
  }
  if (required)
    throw UsageError("missing the temperature: give --beta B or --temperature T for 'rsmi " + args.command().name + "'");
  return std::nullopt;
}

Option betaOption() { return {"beta", "B", "inverse temperature β = 1/T (> 0)"}; }
Option temperatureOption() { return {"temperature", "T", "temperature T = 1/β (> 0), instead of --beta"}; }
Option couplingOption() { return {"coupling", "J", "coupling J of H = −J Σ s_i s_j (default 1)"}; }
Option jsonOption() { return {"json", "", "print one JSON object on stdout instead of text"}; }

QJsonValue jsonNumber(double value) { return std::isfinite(value) ? QJsonValue(value) : QJsonValue(); }

void printJson(const QJsonObject& object) {
  const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Indented);
  std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
  std::fflush(stdout);
}

std::string formatNumber(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

void printTable(const std::vector<std::vector<std::string>>& rows, bool header) {
  std::vector<std::size_t> width;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], row[c].size());
    }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& cell = rows[r][c];
      const std::string pad(width[c] - cell.size(), ' ');
      line += c == 0 ? cell + pad : "  " + pad + cell;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::printf("%s\n", line.c_str());
    if (header && r == 0) {
      std::size_t total = 0;
      for (std::size_t c = 0; c < width.size(); ++c) total += width[c] + (c ? 2 : 0);
      std::printf("%s\n", std::string(total, '-').c_str());
    }
  }
  std::fflush(stdout);
}

std::pair<int, int> parseBlockSize(const std::string& text) {
  const auto x = text.find('x');
  auto side = [&](const std::string& s) {
    int v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || v < 1 || v > 64)
      throw UsageError("--block: '" + text + "' is not a block size like 2x2 or 4 (sides from 1 to 64)");
    return v;
  };
  if (x == std::string::npos) return {side(text), 1};
  return {side(text.substr(0, x)), side(text.substr(x + 1))};
}

} // namespace rsmi::cli
