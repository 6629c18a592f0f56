#pragma once
// The RG experiment's parameters (DESIGN.md; SCIENCE.md §2–§6): samples per temperature, the
// temperature list, the window geometry (drawn as a diagram), hidden units, estimator, training,
// RG steps, thermometer and the majority-rule comparison. With the sampling panel's model, size,
// sampler and seed it makes the RunSpec the studio runs; an impossible combination is explained
// under the form and never run.
#include <QWidget>

#include "core/pipeline/run_spec.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace rsmi::ui {

class WindowDiagram;

class ExperimentPanel : public QWidget {
  Q_OBJECT

public:
  explicit ExperimentPanel(QWidget* parent = nullptr);

  // The RunSpec for samples drawn as `sampling` says (its beta is replaced by the list) or, while
  // samples are imported, for those (`sampling` then gives only the thread count).
  RunSpec spec(const SamplingSpec& sampling) const;
  void setSpec(const RunSpec& spec);
  // Empty when spec(sampling) can run; otherwise why not (also shown under the form). A run far
  // beyond this machine (its samples do not fit in memory, or months of work) is refused here, up
  // front, with the CLI's sentence: the estimate and what to change.
  QString problem(const SamplingSpec& sampling) const;
  static QString costProblem(const RunSpec& spec);  // empty when the run fits this machine
  void showProblem(const QString& problem);
  // The model decides the block's shape (a segment in 1D) and the diagram.
  void setModel(ModelKind model);
  // Imported samples (File → Import samples, or a session that imports): the experiment learns on
  // them, with no temperature list, replicas or majority comparison, until drawInstead(). A spec
  // whose samplesFile is empty draws again.
  void setImported(const SamplingSpec& sampling);
  bool importing() const { return !imported_.samplesFile.empty(); }
  const SamplingSpec& imported() const { return imported_; }
  void drawInstead() { setImported({}); }

  // "0.40:0.48:9" (β from, to, count), "0.40, 0.44" (β list) or "T 2.2, 2.3" (temperatures).
  static std::optional<std::vector<double>> parseTemperatures(const QString& text, QString* error = nullptr);
  static QString formatBetas(const std::vector<double>& betas);

public Q_SLOTS:
  void setTemperaturesAroundCritical();  // 9 temperatures within ±8 % of β_c

Q_SIGNALS:
  void specChanged();

private:
  void refreshDiagram();
  static QString temperaturesToolTip();

  QSpinBox* samples_ = nullptr;
  QLineEdit* temperatures_ = nullptr;
  QPushButton* aroundCritical_ = nullptr;
  QSpinBox* blockWidth_ = nullptr;
  QSpinBox* blockHeight_ = nullptr;
  QSpinBox* buffer_ = nullptr;
  QSpinBox* environment_ = nullptr;
  QSpinBox* hidden_ = nullptr;
  QComboBox* estimator_ = nullptr;
  QSpinBox* epochs_ = nullptr;
  QDoubleSpinBox* learningRate_ = nullptr;
  QSpinBox* steps_ = nullptr;
  QComboBox* thermometer_ = nullptr;
  QCheckBox* majority_ = nullptr;
  WindowDiagram* diagram_ = nullptr;
  QLabel* problem_ = nullptr;
  QLabel* importedNote_ = nullptr;  // which file, how many samples, and a link to draw instead
  SamplingSpec imported_;           // samplesFile empty: samples are drawn
  ModelKind drawnModel_ = ModelKind::Ising2D;  // the sampling form's, for when drawing again
  bool oneDimensional_ = false;
  RunSpec base_;  // what setSpec gave: the fields the form does not show (L2, spread, fits …) are kept
};

} // namespace rsmi::ui
