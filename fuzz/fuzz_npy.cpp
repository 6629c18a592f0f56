// .npy bytes → SampleSet (io/npy.h decodeNpy, which parses the header with io/npy_header.h): any
// input is either refused with an IoError or decoded into a consistent sample set that survives a
// write and a second read unchanged.
#include <cstddef>
#include <cstdint>

#include "io/npy.h"

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

void decodeOnce(const QByteArray& bytes, bool allowZero) {
  rsmi::SampleSet set;
  try {
    set = rsmi::io::decodeNpy(bytes, rsmi::io::NpyReadOptions{allowZero}, "fuzz");
  } catch (const rsmi::io::IoError& e) {
    check(e.kind() == rsmi::io::IoError::Kind::BadInput);
    return;
  }
  check(set.shape.size() == 1 || set.shape.size() == 2);
  check(set.values.size() % set.sitesPerSample() == 0);
  for (std::int8_t v : set.values) check(v == 1 || v == -1 || (allowZero && v == 0));
  const rsmi::SampleSet again = rsmi::io::decodeNpy(rsmi::io::encodeNpy(set), rsmi::io::NpyReadOptions{allowZero});
  check(again.shape == set.shape && again.values == set.values);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
  decodeOnce(bytes, false);
  decodeOnce(bytes, true);
  return 0;
}
