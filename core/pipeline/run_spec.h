#pragma once
// A RunSpec describes a whole experiment (DESIGN.md, "Data flow"): the model and its sampling, the
// temperatures, the window geometry, the estimator and its training, the RG steps, the thermometer,
// the comparisons and the seed. The studio and the CLI run the same Experiment on the same RunSpec,
// so anything seen in one is reproduced by the other, bit for bit.
#include <cstdint>
#include <string>

#include "core/rg/rg_flow.h"

namespace rsmi {

// Replica r runs with every seed shifted by r·kReplicaSeedStride: streams that never meet those of
// another temperature (seed + 0x1000·index) or another level (seed + level).
inline constexpr std::uint64_t kReplicaSeedStride = 0x100000;

struct RunSpec {
  std::string title;              // free text shown by the studio and kept in the manifest
  std::string description;        // what to look at (presets: a teaching note)
  FlowSpec flow;                  // sampling, temperatures (one: a single RG iteration), RG, thermometer
  bool compareMajority = false;   // also run the same flow coarse-grained by Kadanoff's majority rule
  int replicas = 1;               // independent repetitions (other seeds); ≥ 2 gives error bars from their spread
  bool collapse = true;           // the all-steps data collapse as a second estimate of β* and ν
};

// Empty when the spec can run; otherwise the problem, named in the RunSpec's own terms.
std::string validate(const RunSpec& spec);

// The spec of replica r (seeds shifted) and of a comparison rule.
FlowSpec flowSpecFor(const RunSpec& spec, int replica, CoarseGrainingRule rule);

} // namespace rsmi
