#include "core/pipeline/imported_samples.h"

#include <stdexcept>

#include "core/rg/dimer_rg_step.h"

namespace rsmi {

namespace {

std::string shapeText(const std::vector<int>& shape) {
  std::string text;
  for (int d : shape) text += (text.empty() ? "" : "x") + std::to_string(d);
  return text;
}

}  // namespace

SamplingSpec describeImported(const SampleSet& samples, const std::string& file) {
  const std::string where = "'" + file + "': ";
  if (samples.shape.size() != 1 && samples.shape.size() != 2)
    throw std::invalid_argument(where + "samples must be 1D (count, L) or 2D (count, L, L) arrays");
  if (samples.count() == 0) throw std::invalid_argument(where + "the file holds no samples");
  if (samples.shape.size() == 2 && samples.shape[0] != samples.shape[1])
    // The lattice geometry of the learning window and coarse-graining is one side L.
    throw std::invalid_argument(where + "2D samples must be square L×L lattices; these are " +
                                shapeText(samples.shape));
  SamplingSpec s;
  s.model = samples.shape.size() == 1 ? ModelKind::Ising1D : ModelKind::Ising2D;
  s.size = samples.shape[0];
  s.samples = static_cast<int>(samples.count());
  s.samplesFile = file;
  if (std::string problem = validate(s); !problem.empty()) throw std::invalid_argument(where + problem);
  return s;
}

std::string checkImported(const SampleSet& samples, const SamplingSpec& sampling) {
  if (sampling.samplesFile.empty()) return "the spec does not import samples";
  const std::vector<int> expected = sampleShapeOf(sampling);
  if (samples.shape != expected || samples.count() != static_cast<std::size_t>(sampling.samples))
    return "'" + sampling.samplesFile + "' holds " + std::to_string(samples.count()) + " samples of " +
           shapeText(samples.shape) + ", but the spec describes " + std::to_string(sampling.samples) +
           " samples of " + shapeText(expected) + " (was the file replaced?)";
  return {};
}

}  // namespace rsmi
