#pragma once
// The header of a NumPy .npy file (format spec: numpy.lib.format, versions 1.0, 2.0 and 3.0):
//   "\x93NUMPY" | major | minor | header length (uint16 LE in 1.0, uint32 LE in 2.0/3.0) |
//   a Python dict literal {'descr': …, 'fortran_order': …, 'shape': (…), } padded with spaces and
//   ended by '\n' so that the data starts on a 64-byte boundary.
#include <QByteArray>
#include <cstdint>
#include <string>
#include <vector>

namespace rsmi::io {

struct NpyHeader {
  int major = 1;
  int minor = 0;
  std::string descr;          // as written, e.g. "<i4"
  char byteOrder = '|';       // '<' little, '>' big, '|' not applicable, '=' native
  char kind = 'i';            // 'i' signed, 'u' unsigned, 'b' bool, 'f' IEEE float
  int itemSize = 1;           // bytes per element
  bool fortranOrder = false;  // column-major data
  std::vector<std::int64_t> shape;
  std::int64_t dataOffset = 0;  // bytes from the start of the file to the array data
};

// Parses and checks the header at the start of `bytes` (which may hold just the first part of the
// file). `name` is used in messages. Throws IoError(BadInput) naming the problem.
NpyHeader parseNpyHeader(const QByteArray& bytes, const std::string& name);

// The bytes of a version 1.0 header for a C-order array of `descr` with `shape`, exactly as
// numpy writes it: dict text, spaces, '\n', total length a multiple of 64.
QByteArray formatNpyHeader(const std::string& descr, const std::vector<std::int64_t>& shape);

} // namespace rsmi::io
