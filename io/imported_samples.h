#pragma once
// Reading imported samples (core/pipeline/imported_samples.h): any ±1 .npy of shape (N, L) or
// (N, L, L) — booleans too — for `rsmi flow --samples`, `rsmi run` of a spec that imports, and the
// studio's File → Import samples.
#include <QString>
#include <memory>

#include "core/lattice/sample_set.h"
#include "core/mc/sampling_spec.h"

namespace rsmi::io {

struct ImportedSamples {
  SamplingSpec sampling;  // described from the data: absolute path, sha256, model, size, count
  std::shared_ptr<const SampleSet> samples;
};

// A new import. Throws IoError: NotFound, System (unreadable), BadInput (not a .npy, values other
// than ±1, a shape describeImported refuses), each naming the file.
ImportedSamples importSamples(const QString& path);

// The samples a spec imports, read again (a saved session, `rsmi run`): throws IoError as above, and
// BadInput when the file is not the one the spec describes (its sha256 when recorded, else its
// geometry and count).
std::shared_ptr<const SampleSet> readImportedSamples(const SamplingSpec& sampling);

}  // namespace rsmi::io
