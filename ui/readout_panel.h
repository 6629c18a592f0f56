#pragma once
// Large-type numbers next to the live lattice, readable from the back of a lecture hall: what the
// current configuration measures (computed on the sampler thread, shipped with the snapshot) beside
// the exact infinite-lattice value where one is known (Onsager and Yang for Ising 2D, SCIENCE.md §7;
// −J tanh βJ for the 1D chain), and the sampler's progress.
#include <cstdint>

#include <QString>
#include <QWidget>

#include "core/mc/sampling_spec.h"

class QLabel;

namespace rsmi::ui {

struct LatticeSnapshot;

class ReadoutPanel : public QWidget {
  Q_OBJECT

public:
  explicit ReadoutPanel(QWidget* parent = nullptr);

  // What is being sampled: decides which rows are shown and the exact references.
  void setSpec(const SamplingSpec& spec);
  void setSnapshot(const LatticeSnapshot& snapshot);
  void setStats(std::uint64_t updates, double updatesPerSecond, const QString& unitName);
  void clearMeasurements();

  // The texts shown, for tests.
  QString energyText() const;
  QString magnetizationText() const;

private:
  QLabel* makeValue();
  QLabel* energyCaption_ = nullptr;
  QLabel* energy_ = nullptr;
  QLabel* energyExact_ = nullptr;
  QLabel* magnetizationCaption_ = nullptr;
  QLabel* magnetization_ = nullptr;
  QLabel* magnetizationExact_ = nullptr;
  QLabel* exactHeader_ = nullptr;
  QLabel* updates_ = nullptr;
  QLabel* rate_ = nullptr;
  SamplingSpec spec_;
};

} // namespace rsmi::ui
