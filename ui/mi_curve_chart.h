#pragma once
// MiCurveChart: the mutual information I_Λ(H:E) in bits against the training epoch (SCIENCE.md
// §4) — held-out (what early stopping and restarts judge by) and the training minibatch mean —
// with horizontal reference lines for the fixed rules scored by the same estimator (majority,
// decimation, …) and for the ceiling I ≤ H(H) ≤ n_h ln 2, i.e. n_h bits.
//
// Every restart is drawn: restarts run one after the other, so the live one must be visible even
// while it is behind an earlier one. The best so far (highest held-out MI, the one training will
// keep) is drawn bold and named in the legend; the others are thin and grey. Reference lines are
// labelled on the plot, not in the legend, so the eye does not travel.
//
// A thin wrapper round Qt Charts: updates replace whole point lists (one replace() per series),
// series are created once per restart and reused, and the axes grow in 1–2–2.5–5 steps.
#include <vector>

#include <QString>
#include <QWidget>

#include "core/learn/filter_trainer.h"
#include "ui/chart_figure.h"

class QGraphicsSimpleTextItem;
class QLineSeries;
class QValueAxis;

namespace rsmi::ui {

class WrappingLegend;

struct MiBaseline {
  QString name;  // "majority", "decimation", …
  double bits = 0;
};

class MiCurveChart : public ChartFigure {
  Q_OBJECT

public:
  explicit MiCurveChart(QWidget* parent = nullptr);

  // Every epoch of every restart so far (MI in nats, as the trainer reports it); replaces all.
  void setCurve(std::vector<EpochRecord> curve);
  // n_h, for the ceiling line at n_h bits; 0 hides it.
  void setHiddenCount(int hiddenCount);
  void setBaselines(std::vector<MiBaseline> baselines);
  void clear();

  int restartCount() const { return restarts_; }
  int bestRestart() const { return best_; }
  QValueAxis* epochAxis() const { return xAxis_; }
  QValueAxis* miAxis() const { return yAxis_; }
  // The series of restart r (null beyond restartCount()).
  QLineSeries* heldOutSeries(int restart) const;
  QLineSeries* trainingSeries(int restart) const;
  QLineSeries* ceilingSeries() const { return ceiling_; }
  int baselineCount() const { return static_cast<int>(baselines_.size()); }
  QString referenceLabel(int i) const;  // baselines in order, then the ceiling
  const WrappingLegend* legend() const { return legend_; }

protected:
  void restyle() override;

private:
  void ensureSeries(int restarts);
  void styleRestarts();
  void styleBaselines();
  void updateRanges();
  void placeLabels();
  double epochStep(double xMax) const;
  void setEpochTicks(double step);

  QValueAxis* xAxis_ = nullptr;
  QValueAxis* yAxis_ = nullptr;
  std::vector<QLineSeries*> training_, heldOut_;
  QLineSeries* ceiling_ = nullptr;
  std::vector<QLineSeries*> baselineSeries_;
  std::vector<QGraphicsSimpleTextItem*> labels_;  // baselines, then the ceiling
  WrappingLegend* legend_ = nullptr;
  std::vector<MiBaseline> baselines_;
  int hiddenCount_ = 0;
  int restarts_ = 0, best_ = 0, maxEpoch_ = 0;
  double epochMax_ = 10;  // the epoch axis' end
  double dataMin_ = 0, dataMax_ = 0;  // bits
  bool placing_ = false;  // placeLabels() may re-tick the epoch axis, which moves the plot again
};

} // namespace rsmi::ui
