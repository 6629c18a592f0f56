// RgFlowChart: one curve of β_eff against RG step per β0, error bars, the exact β_c, the fixed
// point band, the T_eff view, and updates that keep the number of series bounded.
#include <cmath>
#include <vector>

#include <QAreaSeries>
#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <QtTest>

#include "core/exact/onsager.h"
#include "ui/error_bar_overlay.h"
#include "ui/figure_style.h"
#include "ui/rg_flow_chart.h"
#include "ui/wrapping_legend.h"

using rsmi::FixedPointEstimate;
using rsmi::FlowPoint;
using rsmi::ui::RgFlowChart;

namespace {

constexpr double kBetaC = rsmi::exact::kIsing2DCriticalBeta;

// β0 = 0.40 … 0.48 flowing away from 0.4407 (β_{k+1} − β* = 1.7 (β_k − β*)), clamped to
// [0.36, 0.52] as a thermometer calibrated there would.
std::vector<FlowPoint> flowAwayFromCritical(int temperatures = 9, int levels = 4) {
  std::vector<FlowPoint> points;
  for (int i = 0; i < temperatures; ++i) {
    const double beta0 = 0.40 + 0.01 * i;
    double b = beta0;
    for (int level = 0; level < levels; ++level) {
      FlowPoint p;
      p.beta0 = beta0;
      p.level = level;
      p.betaEff.beta = std::clamp(b, 0.36, 0.52);
      p.betaEff.error = level == 0 ? 0 : 0.002 * level;
      p.betaEff.outOfRange = b < 0.36 || b > 0.52;
      points.push_back(p);
      b = kBetaC + 1.7 * (b - kBetaC);
    }
  }
  return points;
}

FixedPointEstimate estimate(double beta, double error) {
  FixedPointEstimate e;
  e.found = true;
  e.betaStar = beta;
  e.betaStarError = error;
  return e;
}

} // namespace

class TestRgFlowChart : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void oneCurvePerInitialBeta();
  void axesHoldEverything();
  void criticalLineAndFixedPointBand();
  void temperatureView();
  void repeatedUpdatesKeepTheSeriesCount();
  void outOfOrderInput();
  void legendReadableWhenNarrow();
};

void TestRgFlowChart::oneCurvePerInitialBeta() {
  RgFlowChart chart;
  chart.resize(900, 600);
  chart.setFlow(flowAwayFromCritical());
  QCOMPARE(chart.curveCount(), 9);
  QCOMPARE(chart.chart()->series().size(), 3 + 9);  // band, β_c line, clamped rings, curves
  for (int i = 0; i < 9; ++i) {
    QVERIFY(std::abs(chart.curveBeta0(i) - (0.40 + 0.01 * i)) < 1e-12);
    QCOMPARE(chart.curve(i)->count(), 4);
    QCOMPARE(chart.curve(i)->at(0), QPointF(0, chart.curveBeta0(i)));
    QCOMPARE(chart.curve(i)->at(3).x(), 3.0);
  }
  // Colder (larger β0) is bluer; hotter is redder.
  const QColor hot = chart.curve(0)->pen().color(), cold = chart.curve(8)->pen().color();
  QVERIFY(hot.red() > hot.blue());
  QVERIFY(cold.blue() > cold.red());
  // Error bars: one per in-range point with a non-zero error (levels 1–3), vertical, ± the error;
  // clamped readings are ringed instead, without an error bar.
  const std::vector<FlowPoint> flow = flowAwayFromCritical();
  const auto withBars = std::count_if(flow.begin(), flow.end(), [](const FlowPoint& p) {
    return p.level > 0 && !p.betaEff.outOfRange;
  });
  QCOMPARE(static_cast<int>(chart.errorBars()->bars().size()), static_cast<int>(withBars));
  const auto& bar = chart.errorBars()->bars().front();
  QCOMPARE(bar.from.x(), bar.to.x());
  QVERIFY(std::abs(std::abs(bar.to.y() - bar.from.y()) - 2 * 0.002) < 1e-12);
  // Clamped readings are ringed.
  QVERIFY(chart.clampedSeries()->count() > 0);
  // Flows go away from β_c: above it β_eff grows, below it shrinks.
  QVERIFY(chart.curve(8)->at(3).y() > chart.curve(8)->at(0).y());
  QVERIFY(chart.curve(0)->at(3).y() < chart.curve(0)->at(0).y());
}

void TestRgFlowChart::axesHoldEverything() {
  RgFlowChart chart;
  chart.resize(900, 600);
  chart.setFlow(flowAwayFromCritical());
  chart.setExactCritical(kBetaC);
  QVERIFY(chart.stepAxis()->min() < 0 && chart.stepAxis()->min() > -1);
  QVERIFY(chart.stepAxis()->max() > 3 && chart.stepAxis()->max() < 4);
  QCOMPARE(chart.stepAxis()->tickInterval(), 1.0);
  for (int i = 0; i < chart.curveCount(); ++i)
    for (const QPointF& p : chart.curve(i)->points()) {
      QVERIFY(p.y() - 0.006 >= chart.valueAxis()->min());
      QVERIFY(p.y() + 0.006 <= chart.valueAxis()->max());
    }
  // Not absurdly padded: the data span 0.36 … 0.52.
  QVERIFY(chart.valueAxis()->min() > 0.30);
  QVERIFY(chart.valueAxis()->max() < 0.58);
}

void TestRgFlowChart::criticalLineAndFixedPointBand() {
  RgFlowChart chart;
  chart.resize(900, 600);
  chart.setFlow(flowAwayFromCritical());
  QVERIFY(!chart.criticalSeries()->isVisible());
  QVERIFY(!chart.fixedPointBand()->isVisible());
  chart.setExactCritical(kBetaC);
  QVERIFY(chart.criticalSeries()->isVisible());
  QCOMPARE(chart.criticalSeries()->count(), 2);
  QCOMPARE(chart.criticalSeries()->at(0).y(), kBetaC);
  QCOMPARE(chart.criticalSeries()->at(1).y(), kBetaC);
  QVERIFY(chart.criticalSeries()->pen().style() == Qt::DashLine);
  chart.setFixedPoint(estimate(0.4412, 0.0015));
  QVERIFY(chart.fixedPointBand()->isVisible());
  QVERIFY(std::abs(chart.fixedPointBand()->upperSeries()->at(0).y() - 0.4427) < 1e-12);
  QVERIFY(std::abs(chart.fixedPointBand()->lowerSeries()->at(0).y() - 0.4397) < 1e-12);
  QVERIFY(chart.fixedPointBand()->name().contains(QStringLiteral("0.4412")));
  QVERIFY(chart.fixedPointBand()->name().contains(QStringLiteral("0.0015")));
  FixedPointEstimate none;
  none.problem = "no crossing";
  chart.setFixedPoint(none);
  QVERIFY(!chart.fixedPointBand()->isVisible());
  chart.setExactCritical(std::nullopt);
  QVERIFY(!chart.criticalSeries()->isVisible());
}

void TestRgFlowChart::temperatureView() {
  RgFlowChart chart;
  chart.resize(900, 600);
  chart.setFlow(flowAwayFromCritical());
  chart.setExactCritical(kBetaC);
  chart.setFixedPoint(estimate(0.4412, 0.0015));
  chart.setShowTemperature(true);
  QVERIFY(chart.showsTemperature());
  QCOMPARE(chart.curveCount(), 9);
  for (int i = 0; i < 9; ++i) QVERIFY(std::abs(chart.curve(i)->at(0).y() - 1 / chart.curveBeta0(i)) < 1e-12);
  QVERIFY(std::abs(chart.criticalSeries()->at(0).y() - 2.269185314213022) < 1e-9);
  // The band is the image of [β* − σ, β* + σ].
  QVERIFY(std::abs(chart.fixedPointBand()->upperSeries()->at(0).y() - 1 / 0.4397) < 1e-12);
  QVERIFY(std::abs(chart.fixedPointBand()->lowerSeries()->at(0).y() - 1 / 0.4427) < 1e-12);
  QVERIFY(chart.valueAxis()->min() < 1 / 0.52 && chart.valueAxis()->max() > 1 / 0.36);
  chart.setShowTemperature(false);
  QVERIFY(std::abs(chart.curve(0)->at(0).y() - 0.40) < 1e-12);
}

void TestRgFlowChart::repeatedUpdatesKeepTheSeriesCount() {
  RgFlowChart chart;
  chart.resize(600, 400);
  const auto full = flowAwayFromCritical();
  // Results arrive temperature by temperature, level by level.
  for (std::size_t n = 1; n <= full.size(); ++n) {
    chart.setFlow(std::vector<FlowPoint>(full.begin(), full.begin() + static_cast<long>(n)));
    QCOMPARE(chart.chart()->series().size(), 3 + chart.curveCount());
  }
  for (int repeat = 0; repeat < 20; ++repeat) chart.setFlow(full);
  QCOMPARE(chart.chart()->series().size(), 3 + 9);
  chart.setFlow(flowAwayFromCritical(3, 2));
  QCOMPARE(chart.curveCount(), 3);
  QCOMPARE(chart.chart()->series().size(), 3 + 3);
  chart.clear();
  QCOMPARE(chart.curveCount(), 0);
  QCOMPARE(chart.chart()->series().size(), 3);
  chart.grab();
}

void TestRgFlowChart::outOfOrderInput() {
  auto points = flowAwayFromCritical(3, 3);
  std::reverse(points.begin(), points.end());
  RgFlowChart chart;
  chart.setFlow(points);
  QCOMPARE(chart.curveCount(), 3);
  QVERIFY(chart.curveBeta0(0) < chart.curveBeta0(2));
  for (int i = 0; i < 3; ++i)
    for (int level = 0; level < 3; ++level) QCOMPARE(chart.curve(i)->at(level).x(), double(level));
}

// One entry per β0 and the references, none cut short: at a narrow width each label gets all the
// width it needs (in one column), at a wide one the entries share rows; the plot stays above them.
void TestRgFlowChart::legendReadableWhenNarrow() {
  for (const QSize size : {QSize(340, 520), QSize(1200, 520), QSize(420, 260), QSize(430, 440)}) {
    const int width = size.width();
    // The last at 150 % text (a lecture room): the fixed point's label must wrap, not run off.
    if (size.height() == 440) rsmi::ui::figure::setScreenStyle({1.5, false});
    RgFlowChart chart;
    chart.resize(size);
    chart.setFlow(flowAwayFromCritical());
    chart.setExactCritical(kBetaC);
    chart.setFixedPoint(size.height() == 440 ? estimate(0.43974, 0.00065) : estimate(0.4412, 0.0031));
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const rsmi::ui::WrappingLegend* legend = chart.legend();
    QCOMPARE(legend->entryCount(), 9 + 3);  // curves, exact β_c, fixed point, clamped rings
    QVERIFY(!chart.chart()->legend()->isVisible());
    // Curves first, coldest on top, as they lie on the plot.
    QCOMPARE(legend->plainLabel(0), QStringLiteral("β₀ = 0.480"));
    QCOMPARE(legend->plainLabel(8), QStringLiteral("β₀ = 0.400"));
    QVERIFY(legend->plainLabel(9).startsWith("exact βc"));
    QVERIFY2(legend->plainLabel(10).startsWith("fixed point β* = 0.4"), qPrintable(QString("%1 %2").arg(size.height()).arg(legend->plainLabel(10))));
    const QRectF bounds(QPointF(0, 0), chart.chart()->size());
    for (int i = 0; i < legend->entryCount(); ++i) {
      // Whole on one line, or — wider than the chart — wrapped onto more lines; never cut.
      const double line = QFontMetricsF(rsmi::ui::figure::font(rsmi::ui::figure::TextRole::Legend)).height();
      QVERIFY2(legend->labelRect(i).width() >= legend->labelWidthNeeded(i) || legend->entryRect(i).height() > 1.5 * line,
               qPrintable(legend->plainLabel(i)));
      QVERIFY2(bounds.contains(legend->entryRect(i)), qPrintable(legend->plainLabel(i)));
      QVERIFY(legend->entryRect(i).top() >= chart.chart()->plotArea().bottom());
      for (int j = 0; j < i; ++j) QVERIFY(!legend->entryRect(i).intersects(legend->entryRect(j)));
    }
    if (width > 1000)
      QVERIFY(legend->columnCount() >= 3);
    else if (size.height() > 500)
      QVERIFY(legend->columnCount() <= 2);
    // Short of height, the compact form: numbers under a "β₀" title, in more columns.
    QCOMPARE(legend->isCompact(), size.height() < 500);
    if (legend->isCompact()) QVERIFY(legend->columnCount() >= 3);
    rsmi::ui::figure::setScreenStyle({});
    // The plot keeps most of the height even with twelve entries.
    QVERIFY(chart.chart()->plotArea().height() > 0.3 * chart.height());
    QCOMPARE(chart.chart()->size(), QSizeF(chart.size()));
  }
}

QTEST_MAIN(TestRgFlowChart)
#include "tst_rg_flow_chart.moc"
