#pragma once
// Trains the filter Λ by gradient ascent of an estimator's I_Λ(H:E) (SCIENCE.md §4), with an L2
// regulariser on the weights (the paper used one), minibatches, early stopping on held-out MI and
// restarts from different random starts; emits an MI-versus-epoch curve and filter snapshots.
#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/learn/mutual_information_estimator.h"
#include "core/learn/optimizer.h"

namespace rsmi {

struct FilterTrainingOptions {
  int hiddenCount = 1;
  bool hiddenBias = false;
  OptimizerKind optimizer = OptimizerKind::Adam;
  double learningRate = 0.02;
  int epochs = 100;
  std::size_t minibatch = 1000;
  double l2 = 1e-4;            // maximise I − (l2/2)·Σ λ²
  // Spread (weight-sharing) penalty: also subtract (spread/2)·Σ_j Σ_i (λ_ij − mean_i λ_ij)², which
  // pulls each hidden's weights towards their common mean without shrinking that mean. 0 (default):
  // off. Encodes the block's point symmetry as a soft prior: with it a single hidden on a 2×2 Ising
  // block learns Kadanoff's nearly equal weights (docs/recipes.md, result 1); the unpenalised exact-MI
  // optimum is asymmetric (it breaks the majority's ties deterministically).
  double spread = 0;
  double initialScale = 0.05;  // weights start uniform in [−scale, scale]
  int restarts = 1;            // independent starts; the best held-out MI wins
  int patience = 20;           // epochs without held-out improvement before stopping; 0: never
  double minImprovement = 1e-6;  // held-out gain (nats) that counts as an improvement
  // Polyak averaging: when > 0, the filter that is scored, kept and returned is an exponential moving
  // average of the iterates with this time constant in minibatch steps (the optimiser itself goes on
  // with the raw iterate). Weights whose true gradient vanishes (noise spins of the dimer model) are
  // otherwise left as a random walk by minibatch noise; averaging over τ steps shrinks that walk by
  // about √τ without moving the optimum. 0 (default): off, the raw iterate is kept.
  double averagingSteps = 0;
  std::uint64_t seed = 1;
};

struct EpochRecord {
  int restart = 0;
  int epoch = 0;           // 1-based within its restart
  double trainingNats = 0;  // mean minibatch estimate over the epoch
  double heldOutNats = 0;
};

struct FilterTrainingResult {
  Filter filter;                  // the best filter (by held-out MI), signs fixed
  double heldOutNats = 0;
  std::vector<EpochRecord> curve;  // every epoch of every restart
  int bestRestart = 0;
  int epochsRun = 0;               // of the best restart
  bool stoppedEarly = false;       // of the best restart
  // Empty unless a restart diverged: an estimate, a gradient or a weight stopped being finite (a
  // learning rate far too large). That restart ended there; its partial epoch was dropped, and
  // `filter` is still the best finite one seen (at worst the diverged restart's last good snapshot,
  // the filter of its last finished epoch). Says where it happened and what to change.
  std::string divergence;
  int divergedRestarts = 0;
};

// Called from the training thread after each epoch with the record and the current filter.
using EpochCallback = std::function<void(const EpochRecord&, const Filter&)>;

// The estimator must have been prepared on `split.training`. Throws Cancelled when stopped; the
// callback has by then seen every finished epoch. Divergence does not throw: it ends the restart
// and is reported in the result (a non-finite filter never leaves this function).
FilterTrainingResult trainFilter(MutualInformationEstimator& estimator, const WindowSplit& split,
                                 const FilterTrainingOptions& options, std::stop_token stop = {},
                                 const EpochCallback& onEpoch = {}, const ProgressSink& progress = {});

} // namespace rsmi
