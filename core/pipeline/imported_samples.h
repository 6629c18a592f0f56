#pragma once
// Imported samples (RunSpec sampling.samplesFile): ±1 data from elsewhere — another program's Monte
// Carlo, an experiment's snapshots, an earlier `rsmi sample` — learned on and coarse-grained like
// drawn samples. The reading is the caller's (io::readNpy: the core does no file I/O); here the set
// is described in a SamplingSpec and checked against the spec it is run with.
#include <string>

#include "core/lattice/sample_set.h"
#include "core/mc/sampling_spec.h"

namespace rsmi {

// The SamplingSpec of a set read from `file`: Ising1D for shape {L}, Ising2D for {L, L}, size L,
// samples = the count; the sampler fields keep their defaults (they mean nothing for imported
// samples). Throws std::invalid_argument naming the problem: no samples, a rank other than 1 or 2,
// a 2D shape that is not square, a side outside the lattice sizes the studio runs (2 and up).
SamplingSpec describeImported(const SampleSet& samples, const std::string& file);

// Empty when `samples` are those `sampling` describes (geometry and count); otherwise why not, e.g.
// a sample file changed since the spec was written.
std::string checkImported(const SampleSet& samples, const SamplingSpec& sampling);

}  // namespace rsmi
