#pragma once
// Draws one lattice configuration (Ising encoding, SCIENCE.md §1) from an immutable snapshot:
//  - Ising 2D: one cell per spin, an indexed 8-bit image scaled nearest-neighbour, centred;
//  - Ising 1D: a space-time picture, each new configuration a row below the previous ones;
//  - dimers: bars on the links that hold a dimer, noise spins (when present) as small dots.
// All drawing work happens when a configuration arrives or the widget is resized; paintEvent only
// blits the cached pixmap.
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include <QColor>
#include <QImage>
#include <QPixmap>
#include <QRectF>
#include <QString>
#include <QWidget>

#include "core/lattice/window_geometry.h"
#include "core/mc/sampling_spec.h"

class QPainter;

namespace rsmi::ui {

struct LatticeSnapshot;

class LatticeView : public QWidget {
  Q_OBJECT

public:
  explicit LatticeView(QWidget* parent = nullptr);

  // What the configurations are: decides how they are drawn. Changing it clears the view.
  void setModel(ModelKind model);
  ModelKind model() const { return model_; }

  // A new configuration (row-major; shape {L}, {H, W}, or {2L, 2L} for dimers). The view keeps the
  // shared buffer, never writes it, and draws it until the next one arrives.
  void setConfiguration(std::shared_ptr<const std::vector<std::int8_t>> spins, std::vector<int> shape);
  void setSnapshot(const LatticeSnapshot& snapshot);
  void clear();
  bool hasConfiguration() const { return spins_ != nullptr; }

  // Shown, centred, while there is no configuration.
  void setPlaceholderText(const QString& text);

  // The RSMI window drawn over the lattice, at its centre: the visible block V, the buffer B around it
  // and the environment E around that (Ising models; in 1D as bands across the space-time picture).
  // Nothing when empty, for dimers, or when the window does not fit the lattice shown.
  void setWindowOverlay(std::optional<WindowGeometry> window);
  const std::optional<WindowGeometry>& windowOverlay() const { return window_; }
  // The three rectangles of the overlay in widget coordinates (V, V+B, V+B+E); empty when none is drawn.
  std::vector<QRectF> windowOverlayRects();
  static QColor visibleColor();      // V's outline
  static QColor environmentColor();  // E's outline

  // Ising 1D: how many past configurations the space-time picture keeps at most.
  void setHistoryDepth(int rows);
  int historyDepth() const { return historyDepth_; }
  int historySize() const { return static_cast<int>(history_.size()); }

  // Geometry of the drawing in widget coordinates, for tests and overlays. siteCentre(x, y) is the
  // centre of spin (x, y) (2D), of column x in row y of the space-time picture (1D), or of lattice
  // site (x, y) (dimers). Both are empty/null until something has been drawn at the current size.
  QRectF latticeRect();
  QPointF siteCentre(int x, int y);

  static QColor spinColor(int spin);              // +1, −1 (0: an empty entry)
  static QColor dimerColor(bool horizontal, bool evenSite);  // evenSite: x+y even at the left/top end
  static QColor surroundColor();                  // around the lattice
  static QColor boardColor();                     // under the dimers

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

private:
  void ensureCache();
  void renderSpins(const QRectF& area);
  void renderChain(const QRectF& area);
  void renderDimers(const QRectF& area);
  QRectF fitRect(const QRectF& area, double cols, double rows) const;
  QPixmap scaledPixmap(const QImage& image, const QRectF& target) const;
  void appendHistoryRow();
  void paintWindowOverlay(QPainter& p);

  ModelKind model_ = ModelKind::Ising2D;
  std::shared_ptr<const std::vector<std::int8_t>> spins_;
  std::vector<int> shape_;
  std::deque<std::vector<std::uint8_t>> history_;  // 1D: colour indices, oldest first
  int historyDepth_ = 512;
  QString placeholder_;
  std::optional<WindowGeometry> window_;

  // The cache: rebuilt only when dirty_ (new data) or the widget size changed.
  bool dirty_ = true;
  QSize cachedFor_;
  QPixmap pixmap_;
  QRectF pixmapRect_;   // where pixmap_ goes, widget coordinates
  double cellWidth_ = 0, cellHeight_ = 0;
};

} // namespace rsmi::ui
