#pragma once
// A chart legend that never cuts a label short: entries are laid out in as many columns as the
// chart's width allows (read down the columns, so an ordered list stays in order), under the plot,
// and the chart's bottom margin is made room for them. A label wider than the whole chart wraps
// onto a second line instead of ending in "…". Qt Charts' own legend elides labels when its side of
// the chart is narrow, which made the RG flow's one-entry-per-temperature list unreadable in a
// narrow panel.
//
// Labels may hold the rich text Qt Charts accepts in series names ("β<sub>c</sub>").
#include <QBrush>
#include <QGraphicsObject>
#include <QPen>
#include <QString>
#include <vector>

class QChart;

namespace rsmi::ui {

class WrappingLegend : public QGraphicsObject {
  Q_OBJECT

public:
  enum class Swatch { Line, LineWithMarker, Band, Ring };
  struct Entry {
    QString label;  // rich text
    Swatch swatch = Swatch::Line;
    QPen pen;
    QBrush brush;
    int group = 0;       // consecutive entries of a group share a grid (their own column width)
    QString shortLabel;  // in the compact form, if not empty ("0.430" for "β₀ = 0.430")
    bool operator==(const Entry& o) const {
      return label == o.label && swatch == o.swatch && pen == o.pen && brush == o.brush && group == o.group &&
             shortLabel == o.shortLabel;
    }
  };

  explicit WrappingLegend(QChart* chart);

  // Replaces the entries and lays them out again (changing the chart's bottom margin). When the
  // full labels take more than the room under the plot, the legend turns compact: short labels,
  // smaller swatches, and `compactTitle` ("β₀") to the left of the first group.
  void setEntries(std::vector<Entry> entries, const QString& compactTitle = {});
  // Lays out again for the chart's current size and the current figure style.
  void relayout();

  int entryCount() const { return static_cast<int>(entries_.size()); }
  QString plainLabel(int i) const;
  // Where entry i is drawn (chart coordinates), its label's part, and the width that label needs.
  QRectF entryRect(int i) const;
  QRectF labelRect(int i) const;
  double labelWidthNeeded(int i) const;
  int columnCount() const { return columns_; }  // of the group with the most
  bool isCompact() const { return compact_; }

  QRectF boundingRect() const override;
  bool eventFilter(QObject* watched, QEvent* event) override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
  double swatchWidth() const;
  const QString& shownLabel(int i) const;
  QSizeF arrange(double available);

  QChart* chart_;
  std::vector<Entry> entries_;
  std::vector<QRectF> rects_;       // in this item's coordinates
  std::vector<double> textWidths_;  // the width each label is laid out in
  std::vector<double> needed_;      // its natural width
  int columns_ = 1;
  QSizeF size_;
  int baseBottomMargin_;
  bool overlaps_ = false;  // taller than the room under the plot
  bool compact_ = false;
  QString compactTitle_;
  QRectF titleRect_;
};

} // namespace rsmi::ui
