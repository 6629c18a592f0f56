// Sample manifest JSON → SampleManifest (io/manifest.h manifestFromJson, read beside every imported
// .npy): any input is either refused with an IoError or gives a manifest that is written and read
// back to the same bytes.
#include <cstddef>
#include <cstdint>

#include "io/manifest.h"

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
  rsmi::io::SampleManifest manifest;
  try {
    manifest = rsmi::io::manifestFromJson(bytes, "fuzz");
  } catch (const rsmi::io::IoError& e) {
    check(e.kind() == rsmi::io::IoError::Kind::BadInput);
    return 0;
  }
  const QByteArray written = rsmi::io::manifestToJson(manifest);
  check(rsmi::io::manifestToJson(rsmi::io::manifestFromJson(written, "fuzz again")) == written);
  return 0;
}
