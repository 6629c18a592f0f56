#pragma once
// The RSMI step on dimers with noise (SCIENCE.md §1; the paper's result 4, docs/recipes.md): the
// samples are the 2L×2L ±1 encoding of links and noise spins, the filter is learned on a block of
// whole cells (n_h hiddens, usually 2, variational estimator) and the samples are coarse-grained once.
//
// Why one step only: the coarse lattice holds each block's n_h hidden units side by side (the
// coarse-grainer's layout), i.e. the block's two electric-field components, not a dimer covering.
// The block, buffer and environment of the spec are counted in cells of the dimer encoding (two
// entries each), which mean nothing on that lattice, and a further step would need another model of
// what the field variables are. So a dimer run learns at level 0, makes level 1 and stops.
//
// Why no flow: dimer coverings are all equally likely — there is no temperature, so nothing calibrates
// a thermometer and there is no β_eff, step map, fixed point or ν. A dimer FlowSpec lists one
// placeholder β (kDimerPlaceholderBeta), which the sampler ignores; files leave it out.
#include <string>
#include <vector>

#include "core/mc/sampling_spec.h"

namespace rsmi {

struct FlowSpec;

inline constexpr double kDimerPlaceholderBeta = 1.0;

// Whether the model has a temperature (and so a thermometer and an RG flow): Ising models only.
inline bool hasTemperature(ModelKind model) { return model != ModelKind::Dimer; }
// Whether these samples have one: drawn from an Ising model. Imported samples have none known, so
// they are analysed like dimers: learning and coarse-graining, no thermometer, no flow.
inline bool hasTemperature(const SamplingSpec& sampling) {
  return hasTemperature(sampling.model) && sampling.samplesFile.empty();
}

// The per-sample shape of the model's samples: {L}, {L, L}, or {2L, 2L} for the dimer encoding.
std::vector<int> sampleShapeOf(const SamplingSpec& sampling);

// Empty when a dimer FlowSpec can run; otherwise what to change, in the spec's terms (one β, one
// step, a block of whole cells, buffer and environment in whole cells, no majority comparison, an
// exact estimator only on ±1 entries). Also empty for an Ising spec.
std::string validateDimerFlow(const FlowSpec& spec, bool compareMajority = false);

}  // namespace rsmi
