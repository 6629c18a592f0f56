#include "core/pipeline/run_spec.h"

#include "core/rg/dimer_rg_step.h"

namespace rsmi {

std::string validate(const RunSpec& spec) {
  if (spec.replicas < 1 || spec.replicas > 1000) return "replicas must be between 1 and 1000";
  if (std::string problem = validate(spec.flow, true); !problem.empty()) return problem;
  if (!spec.flow.sampling.samplesFile.empty()) {
    // One set of samples with no temperature: nothing to repeat with other seeds, no flow to compare.
    if (spec.replicas != 1) return "imported samples are one set: replicas must be 1";
    if (spec.flow.betas.size() != 1) return "imported samples have no temperature: give no temperature list";
    if (spec.compareMajority)
      return "imported samples have no temperature, so no RG flow to compare with the majority rule";
  }
  if (std::string problem = validateDimerFlow(spec.flow, spec.compareMajority); !problem.empty()) return problem;
  const std::vector<int> shape = sampleShapeOf(spec.flow.sampling);
  if (std::string problem = validate(spec.flow.rg.learning, shape, std::size_t(spec.flow.sampling.samples));
      !problem.empty()) {
    // The window of a dimer run is counted in entries of the encoding, not in sites of the L×L torus.
    if (spec.flow.sampling.model == ModelKind::Dimer)
      return "dimer samples are 2L×2L arrays of links and noise spins (" + std::to_string(shape[0]) + "x" +
             std::to_string(shape[1]) + " for L = " + std::to_string(spec.flow.sampling.size) + "): " + problem;
    return problem;
  }
  return {};
}

FlowSpec flowSpecFor(const RunSpec& spec, int replica, CoarseGrainingRule rule) {
  FlowSpec flow = spec.flow;
  const std::uint64_t shift = kReplicaSeedStride * static_cast<std::uint64_t>(replica);
  flow.sampling.seed += shift;
  flow.rg.seed += shift;
  flow.rg.rule = rule;
  return flow;
}

} // namespace rsmi
