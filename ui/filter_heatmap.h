#pragma once
// FilterHeatmap shows the filter Λ (SCIENCE.md §3): for every hidden unit j its weights λ_ij over
// the visible block, a w×h grid of cells coloured by weight on the shared diverging scale ±max|λ|
// (ui/colour_map.h), with one colour bar for the whole figure. Several RG steps can be shown as rows
// (row k: the filter learned at step k), each panel titled "step k · hidden j".
//
// Each panel is an indexed 8-bit image (one byte per weight) scaled nearest-neighbour to whole
// device pixels; on SVG and PDF the cells are drawn as rectangles, so that they stay crisp in any
// viewer. The widget keeps a copy of the weights and never touches the Filter it was given.
#include <optional>
#include <vector>

#include <QImage>
#include <QString>
#include <QWidget>

#include "core/learn/filter.h"
#include "ui/figure_export.h"

namespace rsmi::ui {

class FilterHeatmap : public QWidget, public FigureSource {
  Q_OBJECT

public:
  explicit FilterHeatmap(QWidget* parent = nullptr);

  // One step: n_h panels in a row. The filter's n_v must be blockWidth·blockHeight (row-major);
  // otherwise the view is cleared.
  void setFilter(const Filter& filter, int blockWidth, int blockHeight, int step = 0);
  // Several steps, one row each (steps firstStep, firstStep + 1, …).
  void setFilters(const std::vector<Filter>& steps, int blockWidth, int blockHeight, int firstStep = 0);
  void clear();
  bool isEmpty() const { return panels_.empty(); }

  // Numbers in the cells, when the cells are large enough to hold them legibly.
  void setShowValues(bool show);
  bool showValues() const { return showValues_; }
  // A fixed colour scale ±limit (e.g. to compare runs); nullopt: ±max|λ| of what is shown.
  void setScaleLimit(std::optional<double> limit);
  double scaleLimit() const { return limit_; }
  void setPlaceholderText(const QString& text);

  int rowCount() const { return rows_; }
  int columnCount() const { return columns_; }
  int blockWidth() const { return blockWidth_; }
  int blockHeight() const { return blockHeight_; }
  QString panelTitle(int row, int hidden) const;

  // Where cell (x, y) of hidden `hidden` in row `row` is drawn in widget coordinates (empty if
  // there is no such panel) — for tests and overlays.
  QRectF cellRect(int row, int hidden, int x, int y) const;

  void paintFigure(QPainter& painter, const QRectF& area) override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

protected:
  void paintEvent(QPaintEvent* event) override;

private:
  struct Panel {
    int row = 0, hidden = 0, step = 0;
    std::vector<double> weights;  // row-major over the block
    QImage indices;               // w×h, Format_Indexed8, the colour map's table
  };
  struct Layout {
    std::vector<QRectF> grids;  // per panel, the w×h grid of cells
    std::vector<QRectF> titles;
    QRectF colourBar;
    double cell = 0;
  };
  Layout layout(const QRectF& area) const;
  void rebuildImages();
  void paintPanel(QPainter& painter, const Panel& panel, const QRectF& grid, const QRectF& title, double cell) const;

  std::vector<Panel> panels_;
  int rows_ = 0, columns_ = 0, blockWidth_ = 0, blockHeight_ = 0;
  std::optional<double> fixedLimit_;
  double limit_ = 1;
  bool showValues_ = true;
  QString placeholder_;
};

} // namespace rsmi::ui
