#include "core/rg/dimer_rg_step.h"

#include "core/rg/rg_flow.h"

namespace rsmi {

std::vector<int> sampleShapeOf(const SamplingSpec& s) {
  switch (s.model) {
    case ModelKind::Ising1D:
      return {s.size};
    case ModelKind::Ising2D:
      return {s.size, s.size};
    case ModelKind::Dimer:
      return {2 * s.size, 2 * s.size};
  }
  return {s.size, s.size};
}

std::string validateDimerFlow(const FlowSpec& spec, bool compareMajority) {
  if (spec.sampling.model != ModelKind::Dimer) return {};
  const WindowGeometry& w = spec.rg.learning.window;
  if (spec.betas.size() != 1)
    return "dimers have no temperature (every covering is equally likely): give one beta at most, which is "
           "ignored, not " +
           std::to_string(spec.betas.size());
  if (spec.rg.steps != 1)
    return "dimers take one RG step (got " + std::to_string(spec.rg.steps) +
           "): the coarse lattice holds each block's hidden units, its field variables, not a dimer "
           "covering, "
           "so the dimer block does not apply to it";
  if (w.blockWidth % 2 != 0 || w.blockHeight % 2 != 0)
    return "a dimer block must cover whole cells of the 2L×2L encoding (two entries per cell each way): "
           "its width and height must be even, e.g. 8x8 for 4×4 cells; got " +
           std::to_string(w.blockWidth) + "x" + std::to_string(w.blockHeight);
  if (w.buffer % 2 != 0 || w.environment % 2 != 0)
    return "the buffer and the environment of a dimer window are whole cells of the encoding: they must be "
           "even "
           "(e.g. buffer 4 and environment 4 for two cells each); got buffer " +
           std::to_string(w.buffer) + " and environment " + std::to_string(w.environment);
  if (compareMajority)
    return "the majority rule is an Ising block spin: it has no meaning on dimer links, so dimers are not "
           "compared with it";
  // (A block of more than 16 entries is refused by the exact estimator's own rule, whose remedy, the
  // variational estimator, also fixes this one.)
  if (spec.rg.learning.estimator == EstimatorKind::Exact && !spec.sampling.noise &&
      w.blockWidth * w.blockHeight <= 16)
    return "without noise the dimer encoding has 0 on the noise entries, and the exact estimator enumerates "
           "±1 "
           "block states: turn the noise on or use the variational estimator";
  return {};
}

}  // namespace rsmi
