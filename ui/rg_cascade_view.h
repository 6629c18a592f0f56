#pragma once
// The cascade of coarse lattices of one RG iteration: the first configuration of every level drawn
// the same size, side by side (or one above the other in a tall panel), so that the eye sees what the
// learned filter does — the same picture with blocks twice as large at every step. Each panel is
// labelled with its step and linear size; chains are drawn as strips.
#include <QString>
#include <QWidget>
#include <vector>

#include "core/lattice/sample_set.h"

namespace rsmi::ui {

class RgCascadeView : public QWidget {
  Q_OBJECT

public:
  explicit RgCascadeView(QWidget* parent = nullptr);

  // One configuration per level, level 0 first (empty entries are skipped); `caption` names the run
  // (e.g. "β₀ = 0.4400", one or more lines).
  void setLevels(std::vector<SampleSet> levels, const QString& caption);
  void clear();
  void setPlaceholderText(const QString& text);

  int levelCount() const { return static_cast<int>(levels_.size()); }
  // The panels' rectangles in widget coordinates, level 0 first (for tests and hit-testing).
  std::vector<QRectF> panelRects() const;
  // A panel's configuration as an image, one pixel per site (exact, for tests and export).
  static QImage imageOf(const SampleSet& configuration);

  QSize sizeHint() const override { return {260, 600}; }
  QSize minimumSizeHint() const override { return {120, 160}; }

protected:
  void paintEvent(QPaintEvent* event) override;

private:
  bool vertical() const { return height() >= width(); }

  std::vector<SampleSet> levels_;
  QString caption_, placeholder_;
};

} // namespace rsmi::ui
