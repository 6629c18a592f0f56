// RunSpec JSON → RunSpec (io/run_spec_json.h runSpecFromDocument, the reader of `rsmi run` and of
// the studio's open dialog): any input is either refused with an IoError or gives a spec that
// validates and is written and read back to the same JSON.
#include <QJsonDocument>
#include <cstddef>
#include <cstdint>

#include "io/io_error.h"
#include "io/run_spec_json.h"

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
  rsmi::RunSpec spec;
  try {
    spec = rsmi::io::runSpecFromDocument(bytes, "fuzz");
  } catch (const rsmi::io::IoError& e) {
    check(e.kind() == rsmi::io::IoError::Kind::BadInput);
    return 0;
  }
  check(rsmi::validate(spec).empty());
  const QJsonObject written = rsmi::io::runSpecToJson(spec);
  const rsmi::RunSpec again = rsmi::io::runSpecFromDocument(QJsonDocument(written).toJson(), "fuzz again");
  check(rsmi::io::runSpecToJson(again) == written);
  return 0;
}
