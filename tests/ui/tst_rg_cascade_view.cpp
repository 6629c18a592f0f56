// The cascade of coarse lattices (ui/rg_cascade_view.h): one pixel per site in the lattice view's
// spin colours, every level drawn the same size (so blocks grow), one above the other in a tall panel
// and side by side in a wide one; the state gives each run's levels in order as they finish.
#include <QtTest>

#include "ui/experiment_state.h"
#include "ui/lattice_view.h"
#include "ui/rg_cascade_view.h"

using namespace rsmi;
using namespace rsmi::ui;

namespace {

SampleSet configuration(int side, int seed) {
  SampleSet s;
  s.shape = {side, side};
  for (int k = 0; k < side * side; ++k) s.values.push_back(((k * 7 + seed) % 3) ? 1 : -1);
  return s;
}

} // namespace

class TestRgCascadeView : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void imageIsOnePixelPerSite() {
    SampleSet s;
    s.shape = {2, 3};
    s.values = {1, -1, 1, -1, -1, 1};
    const QImage image = RgCascadeView::imageOf(s);
    QCOMPARE(image.size(), QSize(3, 2));
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 3; ++x)
        QCOMPARE(image.pixel(x, y), LatticeView::spinColor(s.values[std::size_t(y * 3 + x)]).rgb());
    SampleSet chain;
    chain.shape = {4};
    chain.values = {1, 1, -1, 1};
    QCOMPARE(RgCascadeView::imageOf(chain).size(), QSize(4, 1));
  }

  void levelsShareOneSize() {
    RgCascadeView view;
    view.resize(240, 700);  // tall: one above the other
    view.setLevels({configuration(16, 1), configuration(8, 2), SampleSet{}, configuration(4, 3)}, "β₀ = 0.44");
    QCOMPARE(view.levelCount(), 3);  // the empty entry is skipped
    std::vector<QRectF> rects = view.panelRects();
    QCOMPARE(rects.size(), std::size_t(3));
    for (const QRectF& r : rects) {
      QVERIFY(r.width() > 100);
      QCOMPARE(r.size(), rects[0].size());
      QVERIFY(QRectF(view.rect()).contains(r));
    }
    QVERIFY(rects[1].top() >= rects[0].bottom() && rects[2].top() >= rects[1].bottom());
    view.resize(900, 300);  // wide: side by side
    rects = view.panelRects();
    QVERIFY(rects[1].left() >= rects[0].right() && rects[2].left() >= rects[1].right());
    // Painting draws the panels (nothing but the surround where none is).
    const QImage shot = view.grab().toImage();
    const QPoint inside = rects[0].center().toPoint();
    QVERIFY(shot.pixel(inside) == LatticeView::spinColor(1).rgb() || shot.pixel(inside) == LatticeView::spinColor(-1).rgb());
    view.clear();
    QCOMPARE(view.levelCount(), 0);
    QVERIFY(view.panelRects().empty());
  }

  void stateGivesTheLevelsInOrder() {
    ExperimentState state;
    state.spec.flow.betas = {0.4, 0.5};
    const RunKey key{0, CoarseGrainingRule::Learned, 1};
    for (int level : {0, 1}) {
      LevelEvent e{key, {}};
      e.level.level = level;
      e.level.shape = {16 >> level, 16 >> level};
      e.level.snapshot = configuration(16 >> level, level);
      state.apply(e);
    }
    std::vector<SampleSet> cascade = state.cascade(key);
    QCOMPARE(cascade.size(), std::size_t(2));
    QCOMPARE(cascade[1].shape, (std::vector<int>{8, 8}));
    QVERIFY(state.cascade(RunKey{0, CoarseGrainingRule::Learned, 0}).empty());
    // A finished temperature brings every level.
    RgIterationResult run;
    for (int level : {0, 1, 2}) {
      RgLevel l;
      l.level = level;
      l.shape = {16 >> level, 16 >> level};
      l.snapshot = configuration(16 >> level, level);
      run.levels.push_back(l);
    }
    state.apply(TemperatureEvent{key, 0.5, run});
    cascade = state.cascade(key);
    QCOMPARE(cascade.size(), std::size_t(3));
    QVERIFY(cascade[2].values == run.levels[2].snapshot.values);
  }
};

QTEST_MAIN(TestRgCascadeView)
#include "tst_rg_cascade_view.moc"
