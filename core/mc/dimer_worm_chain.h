#pragma once
// Fully packed dimers on the L×L torus (L even), sampled with a worm / directed-loop update that
// also changes winding sectors; optional noise-spin pairs (SCIENCE.md §1).
//
// The chain (implementation in dimer_worm_chain.cpp, the worm itself in dimer_worm.h):
// - starts from the columnar covering; update() = one closed worm; elementaryMoves() = worm steps;
// - default schedule, a function of L only (a fixed-seed pilot run, cached per L): spacing = the
//   number of worms whose mean total length is ≥ L² steps, thermalisation = 20 spacings;
// - snapshot() writes the 2L×2L int8 encoding (core/models/dimer_covering.h), shape {2L, 2L}. With
//   spec.noise each cell's (vertex, face) pair is drawn afresh at every snapshot from the stream
//   (seed, StreamPurpose::NoiseSpins, chainIndex): vertex uniform ±1, face = vertex with probability
//   (1 + tanh K_noise)/2. The worm's stream (seed, MarkovChain, chainIndex) is untouched by noise, so
//   switching noise on leaves the dimers of every sample unchanged. Without noise those entries are 0.
#include <cstdint>
#include <memory>

#include "core/mc/markov_chain.h"

namespace rsmi {

// Throws std::invalid_argument unless spec.size is even and ≥ 2.
std::unique_ptr<MarkovChain> makeDimerChain(const SamplingSpec& spec, std::uint64_t chainIndex);

}  // namespace rsmi
