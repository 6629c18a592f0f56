#pragma once
// The manifest written beside every sample file (FILE.npy → FILE.json): what made the file — the
// program, its version, the command line and every SamplingSpec parameter with the values actually
// used — and what is in it (shape, dtype, SHA-256 of the bytes). Reading a manifest back gives the
// SamplingSpec that reproduces the file bit for bit (DESIGN.md, "Reproducibility").
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <vector>

#include "core/mc/sampling_spec.h"
#include "io/io_error.h"

namespace rsmi::io {

inline constexpr int kManifestFormatVersion = 1;

struct SampleManifest {
  QString program = QStringLiteral("rsmi");
  QString version = QStringLiteral(RSMI_VERSION);
  QString command;                  // the command line that made the file, shell-quoted
  QString created;                  // UTC, ISO 8601 (e.g. 2025-03-01T12:00:00Z)
  SamplingSpec spec;                // sampler, thermalization, spacing and chains resolved
  QString file;                     // the .npy file's name, relative to the manifest's folder
  std::vector<std::int64_t> shape;  // of the .npy array: (N, L) or (N, H, W)
  QString dtype = QStringLiteral("|i1");
  std::int64_t bytes = 0;           // size of the .npy file
  QString sha256;                   // lower-case hex SHA-256 of the .npy file's bytes
};

// FILE.npy → FILE.json (any other name: NAME.json appended).
QString manifestPathFor(const QString& npyPath);
QString sha256Hex(const QByteArray& bytes);
QString utcTimestampNow();

// A manifest describing `npyBytes` (the exact bytes written to `npyPath`) made by `spec`.
SampleManifest describeSamples(const QString& npyPath, const QByteArray& npyBytes, const SamplingSpec& spec,
                               const QString& command);

// Spec ↔ JSON. Keys: model, size, beta, temperature (= 1/beta, informational), coupling, sampler,
// samples, thermalization, spacing, seed, threads, chains, noise, noise_coupling.
QJsonObject specToJson(const SamplingSpec& spec);
// Missing keys keep SamplingSpec's defaults; unknown keys, wrong types, non-integers where an
// integer is needed, or beta and temperature that disagree → IoError(BadInput) naming the key.
// `where` prefixes messages (e.g. "'run.json': spec").
SamplingSpec specFromJson(const QJsonObject& object, const std::string& where = "spec");

QByteArray manifestToJson(const SampleManifest& manifest);
SampleManifest manifestFromJson(const QByteArray& json, const std::string& name = "manifest");

void writeManifest(const QString& path, const SampleManifest& manifest, bool force = false);
SampleManifest readManifest(const QString& path);

} // namespace rsmi::io
