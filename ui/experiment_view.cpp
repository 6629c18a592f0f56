#include "ui/experiment_view.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

#include "core/exact/onsager.h"
#include "core/rg/dimer_rg_step.h"
#include "ui/dimer_filter_view.h"
#include "ui/filter_heatmap.h"
#include "ui/mi_curve_chart.h"
#include "ui/rg_flow_chart.h"
#include "ui/thermometer_chart.h"

namespace rsmi::ui {

ExperimentView::ExperimentView(QWidget* parent) : QWidget(parent) {
  beta_ = new QComboBox;
  beta_->setToolTip(tr("The temperature whose filters and MI curve are shown"));
  step_ = new QSpinBox;
  step_->setRange(0, 0);
  step_->setToolTip(tr("The RG step whose MI curve is shown"));
  rule_ = new QComboBox;
  rule_->addItem(tr("learned filter"), int(CoarseGrainingRule::Learned));
  rule_->addItem(tr("majority rule"), int(CoarseGrainingRule::Majority));
  rule_->hide();
  summary_ = new QLabel;
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  summary_->setWordWrap(true);  // at a large zoom the line would otherwise set the window's width

  filters_ = new FilterHeatmap;
  filters_->setPlaceholderText(tr("Learned filters appear here"));
  dimerFilters_ = new DimerFilterView;
  dimerFilters_->setPlaceholderText(tr("The learned filter appears here, on the links and noise spins of its block"));
  const QString noFlow = tr("No RG flow for dimers: there is no temperature to calibrate");
  noFlow_ = new QLabel(noFlow);
  noThermometer_ = new QLabel(tr("No thermometer for dimers: every covering is equally likely"));
  for (QLabel* note : {noFlow_, noThermometer_}) {
    note->setAlignment(Qt::AlignCenter);
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color: #374151;"));
    note->setObjectName(note == noFlow_ ? QStringLiteral("noFlowNote") : QStringLiteral("noThermometerNote"));
  }
  miCurve_ = new MiCurveChart;
  flow_ = new RgFlowChart;
  thermometer_ = new ThermometerChart;

  auto* selectors = new QHBoxLayout;
  betaLabel_ = new QLabel(tr("β₀"));
  selectors->addWidget(betaLabel_);
  selectors->addWidget(beta_);
  selectors->addSpacing(12);
  selectors->addWidget(new QLabel(tr("step")));
  selectors->addWidget(step_);
  selectors->addSpacing(12);
  selectors->addWidget(rule_);
  selectors->addSpacing(12);
  selectors->addWidget(summary_, 1);

  auto* grid = grid_ = new QGridLayout;
  grid->setSpacing(8);
  grid->addWidget(filters_, 0, 0);
  grid->addWidget(miCurve_, 0, 1);
  grid->addWidget(flow_, 1, 0);
  grid->addWidget(thermometer_, 1, 1);
  // Dimers: the filter panels (one per hidden unit, side by side) across the top row, the MI curve
  // across the second (showLayout moves it), and the two notes on one line under it — a chart squeezed
  // beside them would have no room for its axis and ceiling labels.
  grid->addWidget(dimerFilters_, 0, 0, 1, 2);
  notes_ = new QWidget;
  auto* notes = new QHBoxLayout(notes_);
  notes->setContentsMargins(0, 0, 0, 0);
  notes->addWidget(noFlow_, 1);
  notes->addWidget(noThermometer_, 1);
  grid->addWidget(notes_, 2, 0, 1, 2);
  showLayout(Layout::Flow);
  // The charts carry their labels in a right margin: give that column more room than the heatmaps.
  grid->setRowStretch(0, 1);
  grid->setRowStretch(1, 1);
  grid->setColumnStretch(0, 2);
  grid->setColumnStretch(1, 3);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addLayout(selectors);
  layout->addLayout(grid, 1);

  connect(beta_, &QComboBox::currentIndexChanged, this, &ExperimentView::refresh);
  connect(step_, &QSpinBox::valueChanged, this, &ExperimentView::refresh);
  connect(rule_, &QComboBox::currentIndexChanged, this, &ExperimentView::refresh);
  connect(beta_, &QComboBox::currentIndexChanged, this, &ExperimentView::selectionChanged);
  connect(rule_, &QComboBox::currentIndexChanged, this, &ExperimentView::selectionChanged);
}

void ExperimentView::clear() {
  state_.reset();
  flowShown_ = {-1, 0, 0};
  runShown_ = {};
  filters_->clear();
  dimerFilters_->clear();
  miCurve_->clear();
  flow_->clear();
  thermometer_->clear();
  summary_->clear();
}

RunKey ExperimentView::selectedRun() const {
  RunKey key;
  key.betaIndex = beta_->currentIndex() < 0 ? 0 : std::size_t(beta_->currentIndex());
  key.rule = static_cast<CoarseGrainingRule>(rule_->currentData().toInt());
  return key;
}

int ExperimentView::selectedStep() const { return step_->value(); }

void ExperimentView::select(std::size_t betaIndex, int step) {
  beta_->setCurrentIndex(int(betaIndex));
  step_->setValue(step);
}

void ExperimentView::setState(std::shared_ptr<const ExperimentState> state) {
  state_ = std::move(state);
  if (!state_) return clear();
  if (state_->spec.flow.betas != selectorBetas_ || state_->spec.compareMajority != selectorMajority_ ||
      state_->spec.flow.sampling.model != selectorModel_)
    rebuildSelectors();
  refresh();
}

void ExperimentView::rebuildSelectors() {
  const QSignalBlocker b1(beta_), b2(step_), b3(rule_);
  selectorBetas_ = state_->spec.flow.betas;
  selectorMajority_ = state_->spec.compareMajority;
  selectorModel_ = state_->spec.flow.sampling.model;
  flowShown_ = {-1, 0, 0};  // another experiment: draw its flow and filters afresh
  runShown_ = {};
  beta_->clear();
  for (double b : selectorBetas_)
    beta_->addItem(QStringLiteral("%1  (T = %2)").arg(b, 0, 'f', 5).arg(1.0 / b, 0, 'f', 4));
  // Start where the physics is: the temperature nearest the exact β_c (2D), else the first.
  int nearest = 0;
  for (int i = 0; i < int(selectorBetas_.size()); ++i)
    if (std::abs(selectorBetas_[i] - exact::kIsing2DCriticalBeta) <
        std::abs(selectorBetas_[nearest] - exact::kIsing2DCriticalBeta))
      nearest = i;
  beta_->setCurrentIndex(nearest);
  // Dimers learn at step 0 only (the coarse lattice has no filter, core/rg/dimer_rg_step.h).
  step_->setRange(0, hasTemperature(state_->spec.flow.sampling.model) ? state_->spec.flow.rg.steps : 0);
  step_->setValue(0);
  rule_->setVisible(selectorMajority_);
  rule_->setCurrentIndex(0);
}

void ExperimentView::showLayout(Layout layout) {
  layout_ = layout;
  const bool dimers = layout == Layout::Dimers, flowing = layout == Layout::Flow;
  filters_->setVisible(!dimers);
  flow_->setVisible(flowing);
  thermometer_->setVisible(flowing);
  dimerFilters_->setVisible(dimers);
  notes_->setVisible(!flowing);
  if (dimers) {
    noFlow_->setText(tr("No RG flow for dimers: there is no temperature to calibrate"));
    noThermometer_->setText(tr("No thermometer for dimers: every covering is equally likely"));
  } else if (!flowing) {
    noFlow_->setText(tr("No RG flow for imported samples: their temperature is not known"));
    noThermometer_->setText(tr("No thermometer: it is calibrated on samples of known temperatures"));
  }
  grid_->removeWidget(miCurve_);
  grid_->removeWidget(notes_);
  if (dimers) {
    grid_->addWidget(miCurve_, 1, 0, 1, 2);
    grid_->addWidget(notes_, 2, 0, 1, 2);
  } else {
    grid_->addWidget(miCurve_, 0, 1);
    grid_->addWidget(notes_, flowing ? 2 : 1, 0, 1, 2);
  }
  // Imported samples: the filters and the MI curve take the height, the notes a line under them.
  grid_->setRowStretch(1, layout == Layout::Imported ? 0 : 1);
  beta_->setVisible(flowing);  // one placeholder β, which means nothing
  betaLabel_->setVisible(flowing);
  // Imported samples: no flow chart below holds the filter column open, so share the width evenly.
  grid_->setColumnStretch(0, layout == Layout::Imported ? 1 : 2);
  grid_->setColumnStretch(1, layout == Layout::Imported ? 1 : 3);
}

void ExperimentView::refresh() {
  if (!state_) return;
  const ExperimentState& s = *state_;
  const bool dimers = !hasTemperature(s.spec.flow.sampling.model);
  const Layout layout = dimers ? Layout::Dimers : hasTemperature(s.spec.flow.sampling) ? Layout::Flow : Layout::Imported;
  if (layout != layout_) showLayout(layout);
  const RunKey key = selectedRun();
  const WindowGeometry& window = s.spec.flow.rg.learning.window;
  const bool twoD = s.spec.flow.sampling.model == ModelKind::Ising2D;

  RunShown runNow{key.betaIndex, int(key.rule), step_->value(), {}};
  for (int level = 0; level <= s.spec.flow.rg.steps; ++level) {
    const LevelTrace* t = s.trace(key, level);
    runNow.levels.emplace_back(t ? t->curve.size() : 0, t && t->done);
  }
  const bool runChanged = !(runNow == runShown_);
  runShown_ = std::move(runNow);
  const LevelTrace* trace = s.trace(key, step_->value());
  if (runChanged) {
    // Filters: one row per RG step learned so far.
    std::vector<Filter> steps;
    for (int level = 0; level <= s.spec.flow.rg.steps; ++level) {
      const LevelTrace* t = s.trace(key, level);
      if (!t || t->filter.visibleCount() == 0) break;
      steps.push_back(t->filter);
    }
    if (dimers) {
      // One filter (level 0: dimers take one step), drawn on the links and noise spins of its block.
      if (steps.empty()) dimerFilters_->clear();
      else dimerFilters_->setFilter(steps.front(), window.blockWidth, window.blockHeight, 0, 0, 0);
    } else if (steps.empty()) {
      filters_->clear();
    } else {
      filters_->setFilters(steps, window.blockWidth, window.blockHeight, 0);
    }

    // The MI curve of the selected step, its baselines and its ceiling.
    miCurve_->setHiddenCount(key.rule == CoarseGrainingRule::Majority ? 1 : s.spec.flow.rg.learning.training.hiddenCount);
    if (trace) {
      miCurve_->setCurve(trace->curve);
      std::vector<MiBaseline> baselines;
      if (trace->done)
        for (const RuleScore& r : trace->result.learning.baselines) baselines.push_back({QString::fromStdString(r.name), natsToBits(r.nats)});
      miCurve_->setBaselines(baselines);
    } else {
      miCurve_->clear();
    }
  }

  // Flow and thermometer: the live flow of the learned filter, or the analysed one of the rule.
  const decltype(flowShown_) flowNow{s.temperatures.size(), s.flows.size(), int(key.rule)};
  const FlowResult* flow = s.liveFlow ? &*s.liveFlow : nullptr;
  for (const FlowEvent& f : s.flows)
    if (f.replica == 0 && f.rule == key.rule) flow = &f.flow;
  if (flowNow != flowShown_ && !dimers) {
    flowShown_ = flowNow;
    flow_->setExactCritical(twoD ? std::optional<double>(exact::kIsing2DCriticalBeta) : std::nullopt);
    thermometer_->setExactCritical(twoD ? std::optional<double>(exact::kIsing2DCriticalBeta) : std::nullopt);
    if (flow) {
      flow_->setFlow(flow->points);
      flow_->setFixedPoint(flow->fixedPoint);
      try {
        thermometer_->setThermometer(Thermometer(flow->calibration, s.spec.flow.fit, s.spec.flow.fitLow, s.spec.flow.fitHigh));
        thermometer_->setReadings(flow->points);
      } catch (const std::exception&) {
        thermometer_->clear();
      }
    } else {
      flow_->clear();
      thermometer_->clear();
    }
    thermometer_->setQuantityLabel(s.spec.flow.thermometer == ThermometerKind::MutualInformation ? tr("I(H:E) [nats]")
                                   : s.spec.flow.thermometer == ThermometerKind::NearestNeighbour ? tr("⟨s s'⟩ nearest")
                                                                                                   : tr("⟨s s''⟩ next-nearest"));
  }

  // One line of numbers: the MI of this step and, when known, the fixed point.
  QStringList parts;
  if (trace && trace->done && trace->result.learned)
    parts << tr("I = %1 ± %2 bits").arg(natsToBits(trace->result.learning.heldOutNats), 0, 'f', 4)
                 .arg(natsToBits(trace->result.learning.heldOutError), 0, 'f', 4);
  if (flow && flow->fixedPoint.found)
    parts << tr("β* = %1 ± %2").arg(flow->fixedPoint.betaStar, 0, 'f', 5).arg(flow->fixedPoint.betaStarError, 0, 'f', 5)
          << tr("ν = %1 ± %2").arg(flow->fixedPoint.nu, 0, 'f', 3).arg(flow->fixedPoint.nuError, 0, 'f', 3);
  summary_->setText(parts.join(QStringLiteral("   ·   ")));
}

} // namespace rsmi::ui
