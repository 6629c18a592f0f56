#include "io/session.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "io/atomic_file.h"
#include "io/flow_result_json.h"
#include "io/json_object_reader.h"
#include "io/run_spec_json.h"

namespace rsmi::io {

QByteArray sessionToJson(const Session& session) {
  QJsonArray runs;
  for (const auto& [key, run] : session.runs) {
    const std::string_view rule = ruleName(key.rule);
    runs.append(QJsonObject{{"replica", key.replica},
                            {"rule", QString::fromUtf8(rule.data(), qsizetype(rule.size()))},
                            {"beta_index", static_cast<qint64>(key.betaIndex)},
                            {"run", rgIterationToJson(run)}});
  }
  const QJsonObject o{{"format", "rsmi-session"},
                      {"format_version", 1},
                      {"version", QStringLiteral(RSMI_VERSION)},
                      {"spec", runSpecToJson(session.spec)},
                      {"runs", runs}};
  return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Session sessionFromJson(const QByteArray& json, const std::string& where) {
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
  if (error.error != QJsonParseError::NoError)
    fail(where, "not valid JSON (" + error.errorString().toStdString() + " at byte " + std::to_string(error.offset) + ")");
  if (!doc.isObject()) fail(where, "expected a JSON object (a session)");
  ObjectReader r(doc.object(), where);
  if (r.string("format") != QStringLiteral("rsmi-session")) fail(where, "not an RSMI Studio session ('format' is not 'rsmi-session')");
  if (auto v = r.integer("format_version", 1, INT32_MAX); v && *v > 1)
    fail(where, "session format " + std::to_string(*v) + " is newer than this program reads; update RSMI Studio");
  r.string("version");
  Session session;
  const auto spec = r.object("spec");
  if (!spec) fail(where, "missing 'spec'");
  session.spec = runSpecFromJson(*spec, where + ": spec");
  // The runs the spec asks for (its imported samples, if any, are read only when it runs again).
  const std::vector<RunKey> keys = runKeysOf(session.spec);
  if (auto runs = r.array("runs"))
    for (const QJsonValue& v : *runs) {
      if (!v.isObject()) fail(where, "'runs' must hold objects");
      ObjectReader rr(v.toObject(), where + ": runs");
      RunKey key;
      key.replica = static_cast<int>(rr.integer("replica", 0, 1000).value_or(0));
      const QString rule = rr.string("rule").value_or(QStringLiteral("learned"));
      const auto parsed = parseRule(rule.toStdString());
      if (!parsed) fail(where, "unknown rule '" + rule.toStdString() + "' in 'runs'");
      key.rule = *parsed;
      key.betaIndex = static_cast<std::size_t>(rr.integer("beta_index", 0, 1000000).value_or(0));
      const auto run = rr.object("run");
      rr.rejectUnknownKeys();
      if (!run) fail(where, "a run without 'run'");
      if (std::find(keys.begin(), keys.end(), key) == keys.end())
        fail(where, "a run (replica " + std::to_string(key.replica) + ", temperature " + std::to_string(key.betaIndex) +
                        ") that the session's spec does not have");
      session.runs[key] = rgIterationFromJson(*run, where + ": run");
    }
  r.rejectUnknownKeys();
  return session;
}

void writeSession(const QString& path, const Session& session, bool force) {
  writeFileAtomically(path, sessionToJson(session), force);
}

Session readSession(const QString& path) {
  return sessionFromJson(readWholeFile(path, qint64(1) << 32), "'" + path.toStdString() + "'");
}

} // namespace rsmi::io
