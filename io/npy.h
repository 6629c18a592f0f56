#pragma once
// Sample sets as NumPy .npy files (DESIGN.md, "Files users exchange"): written as version 1.0,
// dtype '|i1', C order, shape (N, L) for 1D or (N, H, W) for 2D samples — loadable by numpy.load
// as is. Reading accepts what other tools write: versions 1.0–3.0, integer, boolean and float
// dtypes of either byte order, C or Fortran order, as long as every value is a spin ±1.
#include <QByteArray>
#include <QString>
#include <string>

#include "core/lattice/sample_set.h"
#include "io/io_error.h"

namespace rsmi::io {

struct NpyReadOptions {
  // Accept 0 as well as ±1: the disabled noise entries of dimer samples (SCIENCE.md §1).
  bool allowZero = false;
};

// The complete file contents. Throws IoError(BadInput) for an inconsistent SampleSet (rank other
// than 1 or 2, values not a whole number of samples, a value outside {−1, 0, +1}).
QByteArray encodeNpy(const SampleSet& samples);

// Parses .npy bytes. Booleans map True → +1, False → −1; every other dtype must hold exactly ±1
// (or 0 when allowed) — otherwise IoError(BadInput) naming the first bad value and its index.
// `name` (usually the path) prefixes every message.
SampleSet decodeNpy(const QByteArray& bytes, const NpyReadOptions& options = {},
                    const std::string& name = "npy data");

// Atomic write (temporary + rename). Refuses to replace an existing file unless `force`.
// Returns the bytes written, e.g. to hash them for the manifest.
QByteArray writeNpy(const QString& path, const SampleSet& samples, bool force = false);

// Throws IoError: NotFound (missing, a directory), System (unreadable), BadInput (anything else).
SampleSet readNpy(const QString& path, const NpyReadOptions& options = {});

} // namespace rsmi::io
