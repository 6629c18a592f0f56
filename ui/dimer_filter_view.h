#pragma once
// DimerFilterView draws a filter learned on dimer samples (SCIENCE.md §1, §3) on the lattice
// itself rather than as a grid of encoding entries: the weight of every link entry is a bar on that
// link, the weight of every noise entry a dot — on the site (vertex noise) or in the plaquette
// (face noise) — all on the shared diverging scale of ui/colour_map.h with one colour bar. A filter
// equal to the staggered pattern P_x then shows as alternating red and blue horizontal bars, with
// white vertical bars and white dots.
//
// The visible block is a w×h window of the 2L×2L encoding whose top-left entry is (row0, col0);
// which of its entries are links or noise follows from the global parity of their positions
// (rsmi::dimerEntryKind), so odd origins are drawn correctly too.
#include <optional>
#include <vector>

#include <QPointF>
#include <QString>
#include <QWidget>

#include "core/learn/filter.h"
#include "core/models/dimer_covering.h"
#include "ui/figure_export.h"

namespace rsmi::ui {

class DimerFilterView : public QWidget, public FigureSource {
  Q_OBJECT

public:
  explicit DimerFilterView(QWidget* parent = nullptr);

  // blockWidth × blockHeight entries of the encoding (e.g. 4×4 = 2×2 cells); the filter's n_v
  // must be their product, otherwise the view is cleared. One panel per hidden unit.
  void setFilter(const Filter& filter, int blockWidth, int blockHeight, int row0 = 0, int col0 = 0, int step = 0);
  void clear();
  bool isEmpty() const { return hidden_.empty(); }
  int hiddenCount() const { return static_cast<int>(hidden_.size()); }

  void setScaleLimit(std::optional<double> limit);  // nullopt: ±max|λ|
  double scaleLimit() const { return limit_; }
  void setPlaceholderText(const QString& text);

  // Cells are counted from the block's first cell (the one holding entry (row0, col0)).
  int cellColumns() const { return cellsX_; }
  int cellRows() const { return cellsY_; }

  // Widget coordinates (current size) of what entry kinds are drawn at, for tests and overlays:
  // the middle of the horizontal link (x,y)–(x+1,y) or vertical link (x,y)–(x,y+1), site (x, y),
  // and the centre of the plaquette to the lower right of site (x, y). Null when out of range.
  QPointF linkCentre(int hidden, int x, int y, bool horizontal) const;
  QPointF siteCentre(int hidden, int x, int y) const;
  QPointF faceCentre(int hidden, int x, int y) const;

  void paintFigure(QPainter& painter, const QRectF& area) override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

protected:
  void paintEvent(QPaintEvent* event) override;

private:
  struct Entry {
    DimerEntry kind;
    int x, y;  // cell, relative to the block's first cell
    int index;  // into the weights (block row-major)
  };
  struct Layout {
    std::vector<QRectF> panels;  // the drawing of each hidden (site grid)
    std::vector<QRectF> titles;
    QRectF colourBar, legend;
    double unit = 0;  // pixels per lattice spacing
  };
  Layout layout(const QRectF& area) const;
  QPointF at(const Layout& l, int hidden, double x, double y) const;  // site coordinates → pixels
  void paintPanel(QPainter& painter, const Layout& l, int hidden) const;
  void recomputeLimit();

  std::vector<Entry> entries_;
  std::vector<std::vector<double>> hidden_;  // weights per hidden unit
  int cellsX_ = 0, cellsY_ = 0, step_ = 0;
  std::optional<double> fixedLimit_;
  double limit_ = 1;
  QString placeholder_;
};

} // namespace rsmi::ui
