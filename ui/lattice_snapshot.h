#pragma once
// One configuration of a running Markov chain, as it crosses from the sampler thread to the GUI
// (DESIGN.md, "Threads and cancellation": only immutable value snapshots cross threads).
// Cheap to copy: the spins are shared, never written after the snapshot is published.
#include <cstdint>
#include <memory>
#include <vector>

#include <QMetaType>

#include "core/mc/sampling_spec.h"
#include "ui/snapshot_readout.h"

namespace rsmi::ui {

struct LatticeSnapshot {
  // Ising encoding of SCIENCE.md §1, row-major: {L} for 1D, {L, L} for Ising 2D, {2L, 2L} for dimers.
  std::shared_ptr<const std::vector<std::int8_t>> spins;
  std::vector<int> shape;
  ModelKind model = ModelKind::Ising2D;
  std::uint64_t updates = 0;  // chain updates done when the snapshot was taken
  SnapshotReadout readout;    // measured on the sampler thread, so the GUI only displays it

  bool isNull() const { return !spins || spins->empty(); }
};

} // namespace rsmi::ui

Q_DECLARE_METATYPE(rsmi::ui::LatticeSnapshot)
