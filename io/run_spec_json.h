#pragma once
// RunSpec ↔ JSON (the file `rsmi run` reads and every flow writes beside its results). Format
// "rsmi-run-spec", version 1; docs/cli.md lists every key. Reading is strict: unknown keys, wrong
// types and out-of-range values are refused with an IoError(BadInput) naming the key; missing keys
// keep their defaults. A written spec holds every parameter, so it reproduces the run bit for bit.
#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include "core/pipeline/run_spec.h"

namespace rsmi::io {

inline constexpr int kRunSpecFormatVersion = 1;

QJsonObject runSpecToJson(const RunSpec& spec);
// `where` prefixes messages (e.g. "'run.json'"). Also validates the spec (validate(RunSpec)).
RunSpec runSpecFromJson(const QJsonObject& object, const std::string& where = "run spec");

// A whole file: a RunSpec object, or a flow's result file (flow.json) whose "spec" key holds one.
RunSpec runSpecFromDocument(const QByteArray& json, const std::string& where);
RunSpec readRunSpec(const QString& path);
void writeRunSpec(const QString& path, const RunSpec& spec, bool force = false);

} // namespace rsmi::io
