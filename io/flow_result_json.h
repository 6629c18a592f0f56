#pragma once
// Results of an Experiment as files (DESIGN.md, "Files users exchange"):
// - flow.json ("rsmi-flow-result"): the RunSpec, β*, ν with error bars (keys beta_c, beta_c_err, nu,
//   nu_err), the flow points, the majority-rule comparison, the data collapse, the filters, timings;
//   `rsmi run flow.json` repeats the experiment.
// - flow.csv: one row per (replica, rule, β0, step) — exactly what the flow plot shows.
// - one file per finished temperature ("rsmi-temperature-run"), full precision, so an interrupted
//   experiment resumes where it stopped (and a cluster sweep merges its jobs' results).
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

#include "core/pipeline/experiment.h"

namespace rsmi::io {

QJsonObject rgIterationToJson(const RgIterationResult& run);
RgIterationResult rgIterationFromJson(const QJsonObject& object, const std::string& where);

QJsonObject fixedPointToJson(const FixedPointEstimate& e);
QJsonObject collapseToJson(const CollapseEstimate& e);

QJsonObject experimentResultToJson(const RunSpec& spec, const ExperimentResult& result);
QByteArray experimentResultCsv(const RunSpec& spec, const ExperimentResult& result);

// A finished temperature, tagged with the spec it belongs to (the SHA-256 of its JSON), so that a
// resume never mixes runs of different specs.
QString specFingerprint(const RunSpec& spec);
QString temperatureRunFileName(const RunKey& key);  // e.g. "r0-learned-b3.json"
QByteArray temperatureRunToJson(const RunSpec& spec, const RunKey& key, const RgIterationResult& run);
// The run in the file if it belongs to `spec` (same fingerprint and key); nullopt if it belongs to
// another spec; IoError(BadInput) when the file is not a temperature run.
std::optional<RgIterationResult> temperatureRunFromJson(const QByteArray& json, const RunSpec& spec, const RunKey& key,
                                                        const std::string& where);

} // namespace rsmi::io
