#include "core/pipeline/run_spec.h"

namespace rsmi {

std::string validate(const RunSpec& spec) {
  if (spec.replicas < 1 || spec.replicas > 1000) return "replicas must be between 1 and 1000";
  if (std::string problem = validate(spec.flow, true); !problem.empty()) return problem;
  std::vector<int> shape = spec.flow.sampling.model == ModelKind::Ising1D
                               ? std::vector<int>{spec.flow.sampling.size}
                               : std::vector<int>{spec.flow.sampling.size, spec.flow.sampling.size};
  if (std::string problem = validate(spec.flow.rg.learning, shape, std::size_t(spec.flow.sampling.samples));
      !problem.empty())
    return problem;
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
