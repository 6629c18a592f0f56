#include "io/npy.h"

#include <bit>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>

#include "io/atomic_file.h"
#include "io/npy_header.h"

namespace rsmi::io {

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& what) {
  throw IoError(IoError::Kind::BadInput, name + ": " + what);
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

// a·b, or nullopt when it would not fit in 63 bits (a shape that no file can hold).
std::optional<std::int64_t> checkedProduct(std::int64_t a, std::int64_t b) {
  if (a != 0 && b > INT64_MAX / a) return std::nullopt;
  return a * b;
}

double halfToDouble(std::uint16_t h) {
  const int sign = (h >> 15) ? -1 : 1;
  const int exponent = (h >> 10) & 0x1f;
  const int mantissa = h & 0x3ff;
  if (exponent == 0) return sign * std::ldexp(mantissa, -24);
  if (exponent == 31) return mantissa ? std::nan("") : sign * HUGE_VAL;
  return sign * std::ldexp(mantissa + 1024, exponent - 25);
}

// One element of the file as a spin, independently of the host's byte order. `shown` receives
// the value as text when it is not a spin, for the error message.
std::optional<std::int8_t> spinAt(const unsigned char* p, const NpyHeader& h, bool allowZero, std::string& shown) {
  std::uint64_t raw = 0;
  for (int i = 0; i < h.itemSize; ++i) {
    const unsigned char byte = h.byteOrder == '>' ? p[i] : p[h.itemSize - 1 - i];
    raw = (raw << 8) | byte;
  }
  const auto isSpin = [&](double v) { return v == 1.0 || v == -1.0 || (allowZero && v == 0.0); };
  switch (h.kind) {
    case 'b':
      if (raw <= 1) return static_cast<std::int8_t>(raw ? 1 : -1);
      shown = "boolean byte " + std::to_string(raw);
      return std::nullopt;
    case 'i': {
      const int shift = 64 - 8 * h.itemSize;  // sign-extend to 64 bits
      const std::int64_t v = static_cast<std::int64_t>(raw << shift) >> shift;
      if (v == 1 || v == -1 || (allowZero && v == 0)) return static_cast<std::int8_t>(v);
      shown = std::to_string(v);
      return std::nullopt;
    }
    case 'u':
      if (raw == 1 || (allowZero && raw == 0)) return static_cast<std::int8_t>(raw);
      shown = std::to_string(raw);
      return std::nullopt;
    default: {
      const double v = h.itemSize == 2   ? halfToDouble(static_cast<std::uint16_t>(raw))
                       : h.itemSize == 4 ? static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(raw)))
                                         : std::bit_cast<double>(raw);
      if (isSpin(v)) return static_cast<std::int8_t>(v);
      char text[40];
      std::snprintf(text, sizeof text, "%.*g", h.itemSize == 8 ? 17 : 9, v);
      shown = text;
      return std::nullopt;
    }
  }
}

std::string indexText(const std::vector<std::int64_t>& index) {
  std::string s = "[";
  for (std::size_t i = 0; i < index.size(); ++i) s += (i ? ", " : "") + std::to_string(index[i]);
  return s + "]";
}

} // namespace

QByteArray encodeNpy(const SampleSet& samples) {
  const std::string name = "sample set";
  if (samples.shape.size() != 1 && samples.shape.size() != 2)
    fail(name, "per-sample shape must be {L} or {H, W}, got rank " + std::to_string(samples.shape.size()));
  for (int d : samples.shape)
    if (d <= 0) fail(name, "per-sample dimensions must be positive, got " + std::to_string(d));
  const std::size_t sites = samples.sitesPerSample();
  if (samples.values.size() % sites != 0)
    fail(name, std::to_string(samples.values.size()) + " values are not a whole number of samples of " +
                   std::to_string(sites) + " sites");
  for (std::size_t k = 0; k < samples.values.size(); ++k) {
    const int v = samples.values[k];
    if (v < -1 || v > 1) fail(name, "value " + std::to_string(v) + " at flat index " + std::to_string(k) + " is not -1, 0 or +1");
  }
  std::vector<std::int64_t> shape{static_cast<std::int64_t>(samples.count())};
  for (int d : samples.shape) shape.push_back(d);
  QByteArray bytes = formatNpyHeader("|i1", shape);
  bytes.append(reinterpret_cast<const char*>(samples.values.data()), static_cast<qsizetype>(samples.values.size()));
  return bytes;
}

SampleSet decodeNpy(const QByteArray& bytes, const NpyReadOptions& options, const std::string& name) {
  const NpyHeader h = parseNpyHeader(bytes, name);
  const std::size_t rank = h.shape.size();
  if (rank == 1)
    fail(name, "holds a 1-D array of shape " + shapeText(h.shape) +
                   "; sample files need one sample per row: shape (samples, sites) or (samples, height, width)");
  if (rank != 2 && rank != 3)
    fail(name, "holds a " + std::to_string(rank) + "-D array of shape " + shapeText(h.shape) +
                   "; sample files are 2-D (samples, sites) or 3-D (samples, height, width)");
  for (std::size_t d = 1; d < rank; ++d)
    if (h.shape[d] < 1 || h.shape[d] > INT_MAX)
      fail(name, "per-sample dimension " + std::to_string(h.shape[d]) + " of shape " + shapeText(h.shape) +
                     " is out of range");
  std::optional<std::int64_t> count = 1;
  for (std::int64_t d : h.shape)
    if (count) count = checkedProduct(*count, d);
  const std::optional<std::int64_t> dataBytes = count ? checkedProduct(*count, h.itemSize) : std::nullopt;
  const std::int64_t available = bytes.size() - h.dataOffset;
  if (!dataBytes || *dataBytes > available)
    fail(name, "truncated .npy file: shape " + shapeText(h.shape) + " of '" + h.descr + "' needs " +
                   (dataBytes ? std::to_string(*dataBytes) : std::string("more than 2^63")) + " bytes of data, but only " +
                   std::to_string(available) + " follow the header");
  if (*dataBytes < available)
    fail(name, std::to_string(available - *dataBytes) +
                   " unexpected bytes after the array data (a corrupt file, or not a plain .npy array)");

  SampleSet out;
  for (std::size_t d = 1; d < rank; ++d) out.shape.push_back(static_cast<int>(h.shape[d]));
  out.values.resize(static_cast<std::size_t>(*count));
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.constData() + h.dataOffset);

  // Visit elements in C order (the order of out.values) and find each one in the file, whose order
  // may be Fortran's (first index fastest).
  std::vector<std::int64_t> index(rank, 0), stride(rank, 1);
  if (h.fortranOrder)
    for (std::size_t d = 1; d < rank; ++d) stride[d] = stride[d - 1] * h.shape[d - 1];
  else
    for (std::size_t d = rank - 1; d-- > 0;) stride[d] = stride[d + 1] * h.shape[d + 1];
  // Fast path for our own files (int8, C order): copy, and take the slow path only to name a bad value.
  if (!h.fortranOrder && h.itemSize == 1 && h.kind == 'i') {
    if (!out.values.empty()) std::memcpy(out.values.data(), data, out.values.size());  // data() of none is null
    bool allSpins = true;
    for (std::int8_t v : out.values) allSpins &= (v == 1 || v == -1 || (options.allowZero && v == 0));
    if (allSpins) return out;
  }
  std::int64_t offset = 0;
  std::string shown;
  for (std::int64_t k = 0; k < *count; ++k) {
    const auto spin = spinAt(data + offset * h.itemSize, h, options.allowZero, shown);
    if (!spin)
      fail(name, "entry " + indexText(index) + " (sample " + std::to_string(index[0]) + ") is " + shown +
                     (options.allowZero ? "; entries must be -1, 0 or +1" : "; spins must be -1 or +1"));
    out.values[static_cast<std::size_t>(k)] = *spin;
    for (std::size_t d = rank; d-- > 0;) {  // odometer increment of the C-order index
      offset += stride[d];
      if (++index[d] < h.shape[d]) break;
      offset -= stride[d] * h.shape[d];
      index[d] = 0;
    }
  }
  return out;
}

QByteArray writeNpy(const QString& path, const SampleSet& samples, bool force) {
  const QByteArray bytes = encodeNpy(samples);  // before touching the disk: a bad set writes nothing
  writeFileAtomically(path, bytes, force);
  return bytes;
}

SampleSet readNpy(const QString& path, const NpyReadOptions& options) {
  return decodeNpy(readWholeFile(path), options, "'" + path.toStdString() + "'");
}

} // namespace rsmi::io
