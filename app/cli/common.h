#pragma once
// Helpers shared by the commands: temperature options, JSON and table output.
#include <QJsonObject>
#include <QJsonValue>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/cli/arguments.h"

namespace rsmi::cli {

// β from --beta B or --temperature T (exactly one of them; T > 0 since β = 1/T).
// nullopt when neither is given and !required; UsageError otherwise.
std::optional<double> betaFromArguments(const Arguments& args, bool required);

// --block: "2x2", "4x1", or "4" (a 1D segment of 4 sites, i.e. 4x1); sides from 1 to 64.
std::pair<int, int> parseBlockSize(const std::string& text);

// Options shared by several tables.
Option betaOption();
Option temperatureOption();
Option couplingOption();
Option jsonOption();

// JSON numbers cannot be NaN or infinite: those become null.
QJsonValue jsonNumber(double value);
// One JSON object on stdout, indented, newline-terminated.
void printJson(const QJsonObject& object);

// Full precision, shortest form: 0.1 prints as 0.1, 1/3 as 0.3333333333333333.
std::string formatNumber(double value);

// Aligned columns: the first column left-aligned, the others right-aligned.
void printTable(const std::vector<std::vector<std::string>>& rows, bool header);

} // namespace rsmi::cli
