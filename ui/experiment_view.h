#pragma once
// The experiment's views in one grid, arranged for a projector (DESIGN.md; the studio's sketch):
// the filters of every RG step of one temperature (heatmaps, per hidden unit), its MI-versus-epoch
// curve with the fixed-rule baselines and the n_h·ln 2 ceiling, the RG flow (β_eff against step,
// one curve per initial temperature, exact β_c, fixed point ± error) and the thermometer. A row of
// selectors picks the temperature, the step and (when compared) the rule. It only draws: it takes
// the ExperimentState the job publishes.
#include <QWidget>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include "ui/experiment_state.h"

class QComboBox;
class QGridLayout;
class QLabel;
class QSpinBox;

namespace rsmi::ui {

class DimerFilterView;
class FilterHeatmap;
class MiCurveChart;
class RgFlowChart;
class ThermometerChart;

class ExperimentView : public QWidget {
  Q_OBJECT

public:
  explicit ExperimentView(QWidget* parent = nullptr);

  void setState(std::shared_ptr<const ExperimentState> state);
  void clear();

  // What is selected: a temperature index, an RG step, a rule.
  RunKey selectedRun() const;
  int selectedStep() const;
  void select(std::size_t betaIndex, int step);

  std::shared_ptr<const ExperimentState> state() const { return state_; }
  FilterHeatmap* filters() const { return filters_; }
  DimerFilterView* dimerFilters() const { return dimerFilters_; }
  // Dimers have no temperature: these one-line notes stand in the flow's and thermometer's places.
  QLabel* noFlowNote() const { return noFlow_; }
  QLabel* noThermometerNote() const { return noThermometer_; }
  MiCurveChart* miCurve() const { return miCurve_; }
  RgFlowChart* flow() const { return flow_; }
  ThermometerChart* thermometer() const { return thermometer_; }

Q_SIGNALS:
  // The user picked another temperature or rule (views beside this one follow it).
  void selectionChanged();

private:
  void rebuildSelectors();
  void refresh();
  // The Ising views (filters, MI, flow, thermometer); dimers (their filter on links, MI, the no-flow
  // notes); or imported samples (filters, MI, the no-flow notes: no temperature is known).
  enum class Layout { Flow, Dimers, Imported };
  void showLayout(Layout layout);

  std::shared_ptr<const ExperimentState> state_;
  QComboBox* beta_ = nullptr;
  QLabel* betaLabel_ = nullptr;
  QGridLayout* grid_ = nullptr;
  QSpinBox* step_ = nullptr;
  QComboBox* rule_ = nullptr;
  QLabel* summary_ = nullptr;
  FilterHeatmap* filters_ = nullptr;
  DimerFilterView* dimerFilters_ = nullptr;
  QLabel* noFlow_ = nullptr;
  QLabel* noThermometer_ = nullptr;
  QWidget* notes_ = nullptr;  // holds the two notes
  Layout layout_ = Layout::Flow;
  MiCurveChart* miCurve_ = nullptr;
  RgFlowChart* flow_ = nullptr;
  ThermometerChart* thermometer_ = nullptr;
  std::vector<double> selectorBetas_;
  bool selectorMajority_ = false;
  ModelKind selectorModel_ = ModelKind::Ising2D;
  // What the flow and thermometer charts show: they change only when a temperature or a flow
  // analysis comes in, not with every frame of epochs, and refitting the thermometer each frame
  // would cost the GUI thread milliseconds per frame.
  std::tuple<std::size_t, std::size_t, int> flowShown_{-1, 0, 0};  // (temperatures, flows, rule)
  // Likewise the filters and the MI curve change only while the selected temperature is being
  // learned: (β index, rule, step) and, per level, (epochs so far, done).
  struct RunShown {
    std::size_t beta = std::size_t(-1);
    int rule = -1, step = -1;
    std::vector<std::pair<std::size_t, bool>> levels;
    bool operator==(const RunShown&) const = default;
  };
  RunShown runShown_;
};

} // namespace rsmi::ui
