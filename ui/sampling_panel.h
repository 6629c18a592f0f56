#pragma once
// The "what to sample" form: model, lattice size, temperature (slider and spin box kept in sync,
// with a button for the exact T_c), coupling, sampler (only those that fit the model), seed (kept, or
// drawn afresh for every run), threads.
// It edits a SamplingSpec and says, inline, why a spec cannot run (validate()'s message).
#include <QString>
#include <QWidget>

#include "core/mc/sampling_spec.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace rsmi::ui {

class SamplingPanel : public QWidget {
  Q_OBJECT

public:
  // The models offered, in menu order. Dimers with noise are the dimer model with noise = true.
  enum class Choice { Ising2D, Ising1D, Dimers, DimersWithNoise };

  explicit SamplingPanel(QWidget* parent = nullptr);

  SamplingSpec spec() const;
  void setSpec(const SamplingSpec& spec);
  // Empty when spec() can run; otherwise why not (shown under the form as well).
  QString problem() const { return problem_; }

  double temperature() const;      // exact: T_c stays T_c although the box shows 4 decimals
  void setTemperature(double t);
  void setCriticalTemperature();  // T = T_c(J) of the square-lattice Ising model

  // "Fixed seed" (the default): every run uses the seed shown, so it can be repeated. Off: each run
  // starts with a fresh seed, drawn here and shown, so that the run can still be repeated.
  bool isSeedFixed() const;
  void setSeedFixed(bool fixed);
  // Before a run: draws a new seed unless the seed is fixed.
  void prepareSeedForRun();
  void drawNewSeed();

  // "Ising 2D", "Dimers + noise", …
  static QString modelTitle(const SamplingSpec& spec);
  static QString samplerTitle(SamplerKind sampler);

  // Widgets exposed for tests and keyboard navigation.
  QComboBox* modelBox() const { return model_; }
  QSpinBox* sizeBox() const { return size_; }
  QSlider* temperatureSlider() const { return tSlider_; }
  QDoubleSpinBox* temperatureBox() const { return tBox_; }
  QComboBox* samplerBox() const { return sampler_; }
  QPushButton* criticalButton() const { return critical_; }
  QSpinBox* seedBox() const { return seed_; }
  QSpinBox* threadsBox() const { return threads_; }

Q_SIGNALS:
  void specChanged();

private:
  void onModelChanged();
  void refreshSamplers(SamplerKind preferred);
  void refresh();  // enables what applies to the model, revalidates, emits specChanged
  Choice choice() const;

  QComboBox* model_ = nullptr;
  QSpinBox* size_ = nullptr;
  QLabel* sizeHint_ = nullptr;
  QSlider* tSlider_ = nullptr;
  QDoubleSpinBox* tBox_ = nullptr;
  QLabel* beta_ = nullptr;
  QPushButton* critical_ = nullptr;
  QDoubleSpinBox* coupling_ = nullptr;
  QDoubleSpinBox* noiseCoupling_ = nullptr;
  QLabel* noiseLabel_ = nullptr;
  QComboBox* sampler_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QCheckBox* seedFixed_ = nullptr;
  QSpinBox* threads_ = nullptr;
  QLabel* problemLabel_ = nullptr;
  QLabel* modelNote_ = nullptr;
  QString problem_;
  double exactT_ = 1.0;  // T as set, before the spin box rounds it
  bool updating_ = false;  // true while the panel itself sets widgets: no signal storms
};

} // namespace rsmi::ui
