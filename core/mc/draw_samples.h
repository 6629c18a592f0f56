#pragma once
// Draw a whole sample set: spec.chains independent chains, run in parallel with oneTBB inside an
// arena of spec.threads, each thermalised and then storing every spec.spacing updates. Chain c stores
// samples [c·N/C, (c+1)·N/C), so the bytes depend on the seed only, never on the thread count.
// An automatic (−1) thermalisation or spacing is chain 0's defaultThermalization()/defaultSpacing(),
// used by every chain: writing those numbers into the spec gives the same bytes.
#include <stop_token>

#include "core/common/progress.h"
#include "core/lattice/sample_set.h"
#include "core/mc/sampling_spec.h"

namespace rsmi {

// The chain count used for a spec (spec.chains, or the auto value, which depends on samples only).
int resolvedChains(const SamplingSpec& spec);

// The spec with every automatic choice (sampler, chains, thermalisation, spacing) made explicit, so
// that a manifest records what was run. Drawing with it gives the same bytes as drawing with the
// automatic values; `rsmi sample` and the studio's sample export both draw with it.
SamplingSpec resolvedSpec(SamplingSpec spec);

// Throws std::invalid_argument with validate()'s message for a bad spec; throws Cancelled on stop.
SampleSet drawSamples(const SamplingSpec& spec, std::stop_token stop = {},
                      const ProgressSink& progress = {});

} // namespace rsmi
