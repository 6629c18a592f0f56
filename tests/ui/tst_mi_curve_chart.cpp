// MiCurveChart: MI in bits against epoch, one held-out and one training series per restart (the
// best emphasised), reference lines for fixed rules and the n_h-bit ceiling, axes that grow with the
// data, and updates that replace point lists without adding series.
#include <cmath>
#include <numbers>
#include <vector>

#include <QChart>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLineSeries>
#include <QValueAxis>
#include <QtTest>

#include "chart_texts.h"
#include "ui/figure_style.h"
#include "ui/mi_curve_chart.h"
#include "ui/wrapping_legend.h"

using rsmi::EpochRecord;
using rsmi::ui::MiBaseline;
using rsmi::ui::MiCurveChart;

using rsmi::ui::testing::elidedTexts;

namespace {

constexpr double kLn2 = std::numbers::ln2;

// A curve rising from 0.05 to `top` bits over `epochs` epochs, for each of `restarts` restarts.
std::vector<EpochRecord> risingCurve(int restarts, int epochs, std::vector<double> tops) {
  std::vector<EpochRecord> curve;
  for (int r = 0; r < restarts; ++r)
    for (int e = 1; e <= epochs; ++e) {
      const double bits = 0.05 + (tops[r] - 0.05) * (1 - std::exp(-0.08 * e));
      curve.push_back({r, e, (bits + 0.01) * kLn2, bits * kLn2});
    }
  return curve;
}


} // namespace

class TestMiCurveChart : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void seriesPerRestartInBits();
  void axesGrowWithTheData();
  void referenceLines();
  void repeatedUpdatesKeepTheSeriesCount();
  void longCurve();
  void lastEpochLabelWhole();
};

void TestMiCurveChart::seriesPerRestartInBits() {
  MiCurveChart chart;
  chart.resize(900, 600);
  chart.setCurve(risingCurve(3, 40, {0.55, 0.58, 0.57}));
  QCOMPARE(chart.restartCount(), 3);
  QCOMPARE(chart.bestRestart(), 1);
  QCOMPARE(chart.chart()->series().size(), 1 + 2 * 3);  // the ceiling, and two per restart
  for (int r = 0; r < 3; ++r) {
    QCOMPARE(chart.heldOutSeries(r)->count(), 40);
    QCOMPARE(chart.trainingSeries(r)->count(), 40);
  }
  QVERIFY(chart.heldOutSeries(3) == nullptr);
  // Nats in, bits out: the last held-out point of the best restart is ≈ 0.58 bits.
  const QPointF last = chart.heldOutSeries(1)->at(39);
  QCOMPARE(last.x(), 40.0);
  QVERIFY(std::abs(last.y() - (0.05 + 0.53 * (1 - std::exp(-0.08 * 40)))) < 1e-12);
  // The best restart is drawn bold and named in the legend.
  QVERIFY(chart.heldOutSeries(1)->pen().widthF() > chart.heldOutSeries(0)->pen().widthF());
  QVERIFY(chart.heldOutSeries(1)->name().contains(QStringLiteral("held-out")));
  // The legend names the best restart's two curves, whole (never "held-…").
  QCOMPARE(chart.legend()->entryCount(), 2);
  QCOMPARE(chart.legend()->plainLabel(1), chart.heldOutSeries(1)->name());
}

void TestMiCurveChart::axesGrowWithTheData() {
  MiCurveChart chart;
  chart.resize(900, 600);
  chart.setCurve(risingCurve(1, 7, {0.58}));
  QVERIFY(std::abs(chart.epochAxis()->min()) < 1e-5);
  QVERIFY(std::abs(chart.epochAxis()->max() - 10) < 1e-5);  // at least 10 epochs shown
  QVERIFY(chart.miAxis()->min() <= 0 && chart.miAxis()->min() > -1e-5);
  chart.setCurve(risingCurve(1, 37, {0.58}));
  QVERIFY(std::abs(chart.epochAxis()->max() - 50) < 1e-5);  // 1–2–2.5–5 steps
  const double before = chart.miAxis()->max();
  QVERIFY(before >= 0.58);
  chart.setCurve(risingCurve(1, 180, {1.7}));
  QVERIFY(std::abs(chart.epochAxis()->max() - 200) < 1e-5);
  QVERIFY(chart.miAxis()->max() >= 1.7);
  QVERIFY(chart.miAxis()->max() < 1.7 * 1.3);
  // Every point lies inside the axes.
  for (const QPointF& p : chart.heldOutSeries(0)->points()) {
    QVERIFY(p.x() >= chart.epochAxis()->min() && p.x() <= chart.epochAxis()->max());
    QVERIFY(p.y() >= chart.miAxis()->min() && p.y() <= chart.miAxis()->max());
  }
}

void TestMiCurveChart::referenceLines() {
  MiCurveChart chart;
  chart.resize(900, 600);
  chart.setHiddenCount(1);
  chart.setBaselines({{QStringLiteral("majority"), 0.577}, {QStringLiteral("decimation"), 0.431}});
  chart.setCurve(risingCurve(1, 30, {0.58}));
  QCOMPARE(chart.baselineCount(), 2);
  QCOMPARE(chart.chart()->series().size(), 1 + 2 + 2);
  QVERIFY(chart.ceilingSeries()->isVisible());
  QCOMPARE(chart.ceilingSeries()->at(0).y(), 1.0);  // n_h ln 2 nats = 1 bit
  QVERIFY(chart.miAxis()->max() >= 1.0);
  QCOMPARE(chart.referenceLabel(0), QStringLiteral("majority  0.577 bits"));
  QCOMPARE(chart.referenceLabel(1), QStringLiteral("decimation  0.431 bits"));
  QVERIFY(chart.referenceLabel(2).contains(QStringLiteral("1 bit")));
  // The reference lines span the epoch axis.
  chart.setCurve(risingCurve(1, 300, {0.58}));
  bool found = false;
  for (QAbstractSeries* s : chart.chart()->series()) {
    auto* line = qobject_cast<QLineSeries*>(s);
    if (line && line->count() == 2 && line->at(0).y() == 0.577) {
      QCOMPARE(line->at(0).x(), 0.0);
      QCOMPARE(line->at(1).x(), 500.0);
      QVERIFY(std::abs(chart.epochAxis()->max() - 500) < 1e-3);
      found = true;
    }
  }
  QVERIFY(found);
  // Two dimer hiddens: a 2-bit ceiling; 0 hides it.
  chart.setHiddenCount(2);
  QCOMPARE(chart.ceilingSeries()->at(0).y(), 2.0);
  chart.setHiddenCount(0);
  QVERIFY(!chart.ceilingSeries()->isVisible());
  chart.setBaselines({});
  QCOMPARE(chart.chart()->series().size(), 1 + 2);
}

void TestMiCurveChart::repeatedUpdatesKeepTheSeriesCount() {
  MiCurveChart chart;
  chart.resize(600, 400);
  chart.setHiddenCount(1);
  chart.setBaselines({{QStringLiteral("majority"), 0.577}});
  const int fixed = 2;  // ceiling and baseline
  for (int n = 1; n <= 60; ++n) {
    // Live training: restart 0 finished after 30 epochs, then restart 1 grows.
    std::vector<EpochRecord> curve = risingCurve(1, std::min(n, 30), {0.55});
    if (n > 30) {
      const auto second = risingCurve(2, n - 30, {0.55, 0.6});
      curve.insert(curve.end(), second.begin() + (n - 30), second.end());
    }
    chart.setCurve(curve);
    QCOMPARE(chart.chart()->series().size(), fixed + 2 * chart.restartCount());
  }
  QCOMPARE(chart.restartCount(), 2);
  QCOMPARE(chart.heldOutSeries(1)->count(), 30);
  QCOMPARE(chart.bestRestart(), 1);  // it overtook restart 0
  chart.clear();
  QCOMPARE(chart.restartCount(), 0);
  QCOMPARE(chart.chart()->series().size(), fixed);
}

void TestMiCurveChart::longCurve() {
  MiCurveChart chart;
  chart.resize(900, 600);
  const auto curve = risingCurve(1, 2000, {0.58});
  chart.setCurve(curve);
  chart.setCurve(curve);
  QCOMPARE(chart.heldOutSeries(0)->count(), 2000);
  QVERIFY(std::abs(chart.epochAxis()->max() - 2000) < 1e-3);
  chart.grab();  // draws
}

// In the narrow panel of the default window the reference labels take the right margin: the epoch
// ticks thin out so that every label, the last ("100") too, shows whole; with no room for two, the
// last stands alone.
void TestMiCurveChart::lastEpochLabelWhole() {
  for (const int width : {240, 310, 420, 900}) {
    MiCurveChart chart;
    chart.resize(width, 360);
    chart.setHiddenCount(1);
    chart.setBaselines({{QStringLiteral("majority"), 0.575}, {QStringLiteral("boundary"), 0.575},
                        {QStringLiteral("decimation"), 0.481}});
    chart.setCurve(risingCurve(1, 100, {0.58}));
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QTest::qWait(20);
    const QValueAxis* x = chart.epochAxis();
    QVERIFY(std::abs(x->max() - 100) < 1e-3);
    // (At 240 px the MI axis itself has no room left beside the reference labels.)
    if (width >= 310) QVERIFY2(elidedTexts(chart.chart()).isEmpty(), qPrintable(elidedTexts(chart.chart()).join(" | ")));
    const QFontMetricsF fm(rsmi::ui::figure::font(rsmi::ui::figure::TextRole::Tick));
    if (x->tickInterval() > 100) {
      QCOMPARE(x->tickAnchor(), 100.0);
    } else {
      const double spacing = chart.chart()->plotArea().width() * x->tickInterval() / 100;
      QVERIFY2(spacing >= fm.horizontalAdvance(QStringLiteral("100")), qPrintable(QString::number(width)));
    }
    if (width >= 420) QVERIFY(x->tickInterval() <= 50);  // room for 0, 50 and 100 at least
  }
}

QTEST_MAIN(TestMiCurveChart)
#include "tst_mi_curve_chart.moc"
