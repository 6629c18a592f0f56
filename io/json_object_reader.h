#pragma once
// Strict reading of the JSON files users write (manifests, RunSpecs, sessions, presets): typed access
// to one object that remembers which keys were read, so that whatever is left over is reported as
// unknown — a typo such as "sise" must never silently fall back to a default. Every failure is an
// IoError(BadInput) whose message starts with `where` and names the key.
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <cmath>
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "io/io_error.h"

namespace rsmi::io {

inline constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53: larger JSON numbers lose digits

[[noreturn]] inline void fail(const std::string& where, const std::string& what) {
  throw IoError(IoError::Kind::BadInput, where + ": " + what);
}

inline std::string typeName(const QJsonValue& v) {
  switch (v.type()) {
    case QJsonValue::Null: return "null";
    case QJsonValue::Bool: return "a boolean";
    case QJsonValue::Double: return "a number";
    case QJsonValue::String: return "a string";
    case QJsonValue::Array: return "an array";
    case QJsonValue::Object: return "an object";
    default: return "undefined";
  }
}

// Typed access to one JSON object that remembers which keys were read, so that whatever is left
// over can be reported as unknown (a typo such as "sise" must not silently fall back to a default).
class ObjectReader {
public:
  ObjectReader(const QJsonObject& object, std::string where) : object_(object), where_(std::move(where)) {}

  std::optional<QJsonValue> take(const char* key) {
    seen_.insert(key);
    const auto it = object_.constFind(QLatin1String(key));
    if (it == object_.constEnd()) return std::nullopt;
    return *it;
  }
  [[noreturn]] void wrongType(const char* key, const char* wanted, const QJsonValue& v) {
    fail(where_, std::string("'") + key + "' must be " + wanted + ", got " + typeName(v));
  }
  std::optional<QString> string(const char* key) {
    const auto v = take(key);
    if (!v) return std::nullopt;
    if (!v->isString()) wrongType(key, "a string", *v);
    return v->toString();
  }
  std::optional<double> number(const char* key) {
    const auto v = take(key);
    if (!v) return std::nullopt;
    if (!v->isDouble()) wrongType(key, "a number", *v);
    return v->toDouble();
  }
  std::optional<std::int64_t> integer(const char* key, std::int64_t lo, std::int64_t hi) {
    const auto v = take(key);
    if (!v) return std::nullopt;
    if (!v->isDouble()) wrongType(key, "an integer", *v);
    const double d = v->toDouble();
    if (std::floor(d) != d || std::fabs(d) > kMaxExactInteger)
      fail(where_, std::string("'") + key + "' must be an integer, got " + std::to_string(d));
    if (d < static_cast<double>(lo) || d > static_cast<double>(hi))
      fail(where_, std::string("'") + key + "' = " + std::to_string(static_cast<std::int64_t>(d)) + " is out of range (" +
                       std::to_string(lo) + " to " + std::to_string(hi) + ")");
    return static_cast<std::int64_t>(d);
  }
  std::optional<bool> boolean(const char* key) {
    const auto v = take(key);
    if (!v) return std::nullopt;
    if (!v->isBool()) wrongType(key, "true or false", *v);
    return v->toBool();
  }
  std::optional<QJsonObject> object(const char* key) {
    const auto v = take(key);
    if (!v) return std::nullopt;
    if (!v->isObject()) wrongType(key, "an object", *v);
    return v->toObject();
  }
  std::optional<QJsonArray> array(const char* key) {
    const auto v = take(key);
    if (!v) return std::nullopt;
    if (!v->isArray()) wrongType(key, "an array", *v);
    return v->toArray();
  }
  // An unsigned 64-bit integer: a JSON number below 2^53, or a decimal string for larger values.
  std::optional<std::uint64_t> seed(const char* key) {
    const auto v = take(key);
    if (!v) return std::nullopt;
    if (v->isString()) {
      bool ok = false;
      const std::uint64_t s = v->toString().toULongLong(&ok, 10);
      if (!ok) fail(where_, std::string("'") + key + "' must be an integer from 0 to 2^64-1, got \"" +
                                v->toString().toStdString() + "\"");
      return s;
    }
    if (!v->isDouble()) wrongType(key, "an integer (or a decimal string)", *v);
    const double d = v->toDouble();
    if (std::floor(d) != d || d < 0 || d > kMaxExactInteger)
      fail(where_, std::string("'") + key + "' must be a non-negative integer (write values >= 2^53 as a decimal string)");
    return static_cast<std::uint64_t>(d);
  }
  bool has(const char* key) const { return object_.contains(QLatin1String(key)); }
  const std::string& where() const { return where_; }
  void rejectUnknownKeys() const {
    for (auto it = object_.constBegin(); it != object_.constEnd(); ++it)
      if (!seen_.count(it.key().toStdString()))
        fail(where_, "unknown key '" + it.key().toStdString() + "'");
  }

private:
  QJsonObject object_;
  std::string where_;
  std::set<std::string> seen_;
};

} // namespace rsmi::io

namespace rsmi::io {
// A seed as JSON: a number below 2^53, a decimal string above (JSON numbers are doubles).
inline QJsonValue seedToJson(std::uint64_t seed) {
  if (static_cast<double>(seed) < kMaxExactInteger) return static_cast<qint64>(seed);
  return QString::number(seed);
}
} // namespace rsmi::io
