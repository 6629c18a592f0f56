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
  // With `dimersFirst`, level 0 is a dimer encoding (2L×2L, SCIENCE.md §1) and is drawn as its
  // covering, each site coloured by the dimer on it; the coarse levels after it are ±1 lattices.
  void setLevels(std::vector<SampleSet> levels, const QString& caption, bool dimersFirst = false);
  void clear();
  void setPlaceholderText(const QString& text);

  int levelCount() const { return static_cast<int>(levels_.size()); }
  // The panels' rectangles in widget coordinates, level 0 first (for tests and hit-testing).
  std::vector<QRectF> panelRects() const;
  // A panel's configuration as an image, one pixel per site (exact, for tests and export).
  static QImage imageOf(const SampleSet& configuration);
  // A dimer encoding (2L×2L) as an L×L image: each site in the colour of the dimer that covers it.
  static QImage dimerImageOf(const SampleSet& encoding);
  bool dimersFirst() const { return dimersFirst_; }

  QSize sizeHint() const override { return {260, 600}; }
  QSize minimumSizeHint() const override { return {120, 160}; }

protected:
  void paintEvent(QPaintEvent* event) override;

private:
  bool vertical() const { return height() >= width(); }

  std::vector<SampleSet> levels_;
  QString caption_, placeholder_;
  bool dimersFirst_ = false;
};

} // namespace rsmi::ui
