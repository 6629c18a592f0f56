#include "io/manifest.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <climits>
#include <cmath>
#include <optional>
#include <set>

#include "io/atomic_file.h"
#include "io/json_object_reader.h"
#include "io/npy_header.h"

namespace rsmi::io {

namespace {

int toInt(std::int64_t v) { return static_cast<int>(v); }

} // namespace

QString manifestPathFor(const QString& npyPath) {
  if (npyPath.endsWith(QLatin1String(".npy"), Qt::CaseInsensitive))
    return npyPath.left(npyPath.size() - 4) + QStringLiteral(".json");
  return npyPath + QStringLiteral(".json");
}

QString sha256Hex(const QByteArray& bytes) {
  return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString utcTimestampNow() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODate); }

SampleManifest describeSamples(const QString& npyPath, const QByteArray& npyBytes, const SamplingSpec& spec,
                               const QString& command) {
  SampleManifest m;
  m.command = command;
  m.created = utcTimestampNow();
  m.spec = spec;
  m.file = QFileInfo(npyPath).fileName();
  m.bytes = npyBytes.size();
  const NpyHeader header = parseNpyHeader(npyBytes, m.file.toStdString());
  m.shape = header.shape;
  m.dtype = QString::fromStdString(header.descr);
  m.sha256 = sha256Hex(npyBytes);
  return m;
}

QJsonObject specToJson(const SamplingSpec& spec) {
  QJsonObject o;
  o[QStringLiteral("model")] = QString::fromUtf8(modelName(spec.model));
  o[QStringLiteral("size")] = spec.size;
  o[QStringLiteral("beta")] = spec.beta;
  if (std::isfinite(1.0 / spec.beta)) o[QStringLiteral("temperature")] = 1.0 / spec.beta;  // JSON has no inf
  o[QStringLiteral("coupling")] = spec.coupling;
  o[QStringLiteral("sampler")] = QString::fromUtf8(samplerName(spec.sampler));
  o[QStringLiteral("samples")] = spec.samples;
  o[QStringLiteral("thermalization")] = spec.thermalization;
  o[QStringLiteral("spacing")] = spec.spacing;
  // JSON numbers are doubles: seeds of 2^53 and more are written as decimal strings to keep every bit.
  if (static_cast<double>(spec.seed) < kMaxExactInteger)
    o[QStringLiteral("seed")] = static_cast<qint64>(spec.seed);
  else
    o[QStringLiteral("seed")] = QString::number(spec.seed);
  o[QStringLiteral("threads")] = spec.threads;
  o[QStringLiteral("chains")] = spec.chains;
  o[QStringLiteral("noise")] = spec.noise;
  o[QStringLiteral("noise_coupling")] = spec.noiseCoupling;
  // Written only for imported samples, so that the specs and manifests of drawn ones keep their bytes.
  if (!spec.samplesFile.empty()) o[QStringLiteral("file")] = QString::fromStdString(spec.samplesFile);
  if (!spec.samplesSha256.empty()) o[QStringLiteral("file_sha256")] = QString::fromStdString(spec.samplesSha256);
  return o;
}

SamplingSpec specFromJson(const QJsonObject& object, const std::string& where) {
  ObjectReader r(object, where);
  SamplingSpec s;
  if (auto v = r.string("model")) {
    const auto m = parseModel(v->toStdString());
    if (!m) fail(where, "unknown model '" + v->toStdString() + "' (known: ising1d, ising2d, dimer)");
    s.model = *m;
  }
  if (auto v = r.integer("size", 0, INT_MAX)) s.size = toInt(*v);
  const auto beta = r.number("beta");
  const auto temperature = r.number("temperature");
  if (beta) s.beta = *beta;
  if (temperature) {
    if (*temperature == 0) fail(where, "'temperature' must not be 0");
    if (!beta) s.beta = 1.0 / *temperature;
    else if (std::fabs(*beta * *temperature - 1.0) > 1e-9)
      fail(where, "'beta' = " + std::to_string(*beta) + " and 'temperature' = " + std::to_string(*temperature) +
                      " disagree (temperature must be 1/beta)");
  }
  if (auto v = r.number("coupling")) s.coupling = *v;
  if (auto v = r.string("sampler")) {
    const auto k = parseSampler(v->toStdString());
    if (!k) fail(where, "unknown sampler '" + v->toStdString() + "' (known: auto, exact, metropolis, wolff, sw, worm)");
    s.sampler = *k;
  }
  if (auto v = r.integer("samples", 0, INT_MAX)) s.samples = toInt(*v);
  if (auto v = r.integer("thermalization", -1, INT_MAX)) s.thermalization = toInt(*v);
  if (auto v = r.integer("spacing", -1, INT_MAX)) s.spacing = toInt(*v);
  if (auto v = r.take("seed")) {
    if (v->isString()) {
      bool ok = false;
      s.seed = v->toString().toULongLong(&ok, 10);
      if (!ok) fail(where, "'seed' must be an integer from 0 to 2^64-1, got \"" + v->toString().toStdString() + "\"");
    } else if (v->isDouble()) {
      const double d = v->toDouble();
      if (std::floor(d) != d || d < 0 || d > kMaxExactInteger)
        fail(where, "'seed' must be a non-negative integer (write seeds >= 2^53 as a decimal string)");
      s.seed = static_cast<std::uint64_t>(d);
    } else {
      r.wrongType("seed", "an integer (or a decimal string)", *v);
    }
  }
  if (auto v = r.integer("threads", 0, INT_MAX)) s.threads = toInt(*v);
  if (auto v = r.integer("chains", 0, INT_MAX)) s.chains = toInt(*v);
  if (auto v = r.boolean("noise")) s.noise = *v;
  if (auto v = r.number("noise_coupling")) s.noiseCoupling = *v;
  if (auto v = r.string("file")) {
    if (v->isEmpty()) fail(where, "'file' (imported samples) must name a .npy file");
    s.samplesFile = v->toStdString();
  }
  if (auto v = r.string("file_sha256")) {
    if (s.samplesFile.empty()) fail(where, "'file_sha256' is given without 'file'");
    if (v->size() != 64 || v->toLower() != *v || QByteArray::fromHex(v->toLatin1()).size() != 32)
      fail(where, "'file_sha256' must be 64 lowercase hexadecimal digits");
    s.samplesSha256 = v->toStdString();
  }
  r.rejectUnknownKeys();
  return s;
}

QByteArray manifestToJson(const SampleManifest& m) {
  QJsonObject o;
  o[QStringLiteral("format")] = QStringLiteral("rsmi-sample-manifest");
  o[QStringLiteral("format_version")] = kManifestFormatVersion;
  o[QStringLiteral("program")] = m.program;
  o[QStringLiteral("version")] = m.version;
  o[QStringLiteral("command")] = m.command;
  o[QStringLiteral("created")] = m.created;
  o[QStringLiteral("spec")] = specToJson(m.spec);
  o[QStringLiteral("file")] = m.file;
  QJsonArray shape;
  for (std::int64_t d : m.shape) shape.append(static_cast<qint64>(d));
  o[QStringLiteral("shape")] = shape;
  o[QStringLiteral("dtype")] = m.dtype;
  o[QStringLiteral("bytes")] = static_cast<qint64>(m.bytes);
  o[QStringLiteral("sha256")] = m.sha256;
  return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

SampleManifest manifestFromJson(const QByteArray& json, const std::string& name) {
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
  if (error.error != QJsonParseError::NoError)
    fail(name, "not valid JSON (" + error.errorString().toStdString() + " at byte " + std::to_string(error.offset) + ")");
  if (!doc.isObject()) fail(name, "a manifest must be a JSON object");
  ObjectReader r(doc.object(), name);
  SampleManifest m;
  if (auto v = r.string("format"); v && *v != QLatin1String("rsmi-sample-manifest"))
    fail(name, "'format' is \"" + v->toStdString() + "\", not \"rsmi-sample-manifest\"");
  if (auto v = r.integer("format_version", 0, INT_MAX); v && *v > kManifestFormatVersion)
    fail(name, "'format_version' " + std::to_string(*v) + " is newer than this program reads (" +
                   std::to_string(kManifestFormatVersion) + ")");
  if (auto v = r.string("program")) m.program = *v;
  if (auto v = r.string("version")) m.version = *v;
  if (auto v = r.string("command")) m.command = *v;
  if (auto v = r.string("created")) m.created = *v;
  const auto spec = r.take("spec");
  if (!spec) fail(name, "missing key 'spec'");
  if (!spec->isObject()) r.wrongType("spec", "an object", *spec);
  m.spec = specFromJson(spec->toObject(), name + ": spec");
  if (auto v = r.string("file")) m.file = *v;
  if (auto v = r.take("shape")) {
    if (!v->isArray()) r.wrongType("shape", "an array of integers", *v);
    for (const QJsonValue& d : v->toArray()) {
      const double x = d.toDouble();  // beyond 2^53 the cast below would be undefined (1e300)
      if (!d.isDouble() || std::floor(x) != x || x < 0 || x > kMaxExactInteger)
        fail(name, "'shape' must be an array of non-negative integers");
      m.shape.push_back(static_cast<std::int64_t>(x));
    }
  }
  if (auto v = r.string("dtype")) m.dtype = *v;
  if (auto v = r.integer("bytes", 0, INT64_MAX / 2)) m.bytes = *v;
  if (auto v = r.string("sha256")) m.sha256 = *v;
  r.rejectUnknownKeys();
  return m;
}

void writeManifest(const QString& path, const SampleManifest& manifest, bool force) {
  writeFileAtomically(path, manifestToJson(manifest), force);
}

SampleManifest readManifest(const QString& path) {
  return manifestFromJson(readWholeFile(path, qint64(64) << 20), "'" + path.toStdString() + "'");
}

} // namespace rsmi::io
