// ThermometerChart: calibration points with error bars, the fitted τ(β) sampled from the
// Thermometer itself, and the readings of later RG steps as one marker series per step.
#include <algorithm>
#include <cmath>
#include <vector>

#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <QtTest>

#include "core/exact/onsager.h"
#include "core/rg/thermometer.h"
#include "ui/error_bar_overlay.h"
#include "ui/thermometer_chart.h"

using rsmi::CalibrationPoint;
using rsmi::FlowPoint;
using rsmi::Thermometer;
using rsmi::ThermometerFit;
using rsmi::ui::ThermometerChart;

namespace {

// ⟨s0 s1⟩ of the infinite lattice on β = 0.36, 0.38, …, 0.52, with error bars.
Thermometer nearestNeighbourThermometer(ThermometerFit fit = ThermometerFit::MonotoneInterpolation) {
  std::vector<CalibrationPoint> points;
  for (int i = 0; i <= 8; ++i) {
    const double beta = 0.36 + 0.02 * i;
    points.push_back({beta, rsmi::exact::onsagerNearestNeighbourCorrelation(beta), 0.004});
  }
  return Thermometer(points, fit);
}

// Readings at levels 0 … levels−1 for three temperatures.
std::vector<FlowPoint> readings(const Thermometer& t, int levels) {
  std::vector<FlowPoint> out;
  for (double beta0 : {0.40, 0.44, 0.48})
    for (int level = 0; level < levels; ++level) {
      FlowPoint p;
      p.beta0 = beta0;
      p.level = level;
      p.betaEff.beta = std::clamp(beta0 + 0.01 * level * (beta0 > 0.44 ? 1 : -1), 0.36, 0.52);
      p.betaEff.error = 0.003;
      p.reading = t.value(p.betaEff.beta);
      p.readingError = 0.002;
      out.push_back(p);
    }
  return out;
}

} // namespace

class TestThermometerChart : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void calibrationAndFit_data();
  void calibrationAndFit();
  void readingsPerStep();
  void legendTakesTheEmptiestCorner();
  void repeatedUpdatesKeepTheSeriesCount();
};

void TestThermometerChart::calibrationAndFit_data() {
  QTest::addColumn<int>("fit");
  QTest::addRow("monotone") << int(ThermometerFit::MonotoneInterpolation);
  QTest::addRow("linear") << int(ThermometerFit::Linear);
}

void TestThermometerChart::calibrationAndFit() {
  QFETCH(int, fit);
  const Thermometer t = nearestNeighbourThermometer(static_cast<ThermometerFit>(fit));
  ThermometerChart chart;
  chart.resize(900, 600);
  chart.setThermometer(t);
  QCOMPARE(chart.calibrationSeries()->count(), 9);
  QCOMPARE(chart.fitSeries()->count(), ThermometerChart::kFitSamples);
  for (const QPointF& p : chart.fitSeries()->points()) QCOMPARE(p.y(), t.value(p.x()));
  QCOMPARE(chart.fitSeries()->at(0).x(), t.betaMin());
  QCOMPARE(chart.fitSeries()->at(ThermometerChart::kFitSamples - 1).x(), t.betaMax());
  QCOMPARE(static_cast<int>(chart.errorBars()->bars().size()), 9);  // one per calibration point
  // The axes hold the points and their error bars.
  for (const CalibrationPoint& c : t.points()) {
    QVERIFY(c.beta > chart.betaAxis()->min() && c.beta < chart.betaAxis()->max());
    QVERIFY(c.value - c.error > chart.valueAxis()->min() && c.value + c.error < chart.valueAxis()->max());
  }
  chart.setExactCritical(rsmi::exact::kIsing2DCriticalBeta);
  QVERIFY(chart.criticalSeries()->isVisible());
  QCOMPARE(chart.criticalSeries()->at(0).x(), rsmi::exact::kIsing2DCriticalBeta);
}

void TestThermometerChart::readingsPerStep() {
  const Thermometer t = nearestNeighbourThermometer();
  ThermometerChart chart;
  chart.resize(900, 600);
  chart.setThermometer(t);
  chart.setReadings(readings(t, 4));
  QCOMPARE(chart.readingLevels(), 3);  // level 0 is the calibration itself
  QVERIFY(chart.readingSeries(0) == nullptr);
  for (int level = 1; level <= 3; ++level) {
    QScatterSeries* s = chart.readingSeries(level);
    QVERIFY(s);
    QCOMPARE(s->count(), 3);
    QVERIFY(s->name().contains(QString::number(level)));
    for (const QPointF& p : s->points()) QVERIFY(std::abs(p.y() - t.value(p.x())) < 1e-12);  // on the curve
  }
  QVERIFY(chart.readingSeries(1)->markerShape() != chart.readingSeries(2)->markerShape());
  // Calibration bars, plus a β bar and a value bar per reading.
  QCOMPARE(static_cast<int>(chart.errorBars()->bars().size()), 9 + 2 * 9);
}

// In a narrow chart the legend spans most of the plot's width: of the four corners it takes one that
// hides the fewest calibration points and readings (here none is free of them in the top left).
void TestThermometerChart::legendTakesTheEmptiestCorner() {
  const Thermometer t = nearestNeighbourThermometer();
  ThermometerChart chart;
  chart.resize(320, 420);
  chart.setExactCritical(rsmi::exact::kIsing2DCriticalBeta);
  chart.setThermometer(t);
  chart.setReadings(readings(t, 4));
  chart.show();
  QVERIFY(QTest::qWaitForWindowExposed(&chart));
  QChart* c = chart.chart();
  std::vector<QPointF> points;
  QList<QAbstractSeries*> all = c->series();
  for (QAbstractSeries* s : all)
    if (auto* scatter = qobject_cast<QScatterSeries*>(s))
      for (const QPointF& p : scatter->points()) points.push_back(c->mapToPosition(p, scatter));
  QVERIFY(points.size() >= 9 + 9);
  const auto covered = [&](const QRectF& r) {
    return std::count_if(points.begin(), points.end(), [&](const QPointF& p) { return r.adjusted(-6, -6, 6, 6).contains(p); });
  };
  const QRectF legend = c->legend()->geometry();
  const QRectF plot = c->plotArea();
  QVERIFY(legend.width() > 0.5 * plot.width());  // the narrow case this is about
  for (const QPointF corner : {QPointF(plot.left() + 12, plot.top() + 10),
                               QPointF(plot.right() - 12 - legend.width(), plot.top() + 10),
                               QPointF(plot.left() + 12, plot.bottom() - 10 - legend.height()),
                               QPointF(plot.right() - 12 - legend.width(), plot.bottom() - 10 - legend.height())})
    QVERIFY(covered(legend) <= covered(QRectF(corner, legend.size())));
}

void TestThermometerChart::repeatedUpdatesKeepTheSeriesCount() {
  const Thermometer t = nearestNeighbourThermometer();
  ThermometerChart chart;
  chart.resize(600, 400);
  chart.setThermometer(t);
  const int fixed = 3;  // β_c line, fit, calibration
  for (int repeat = 0; repeat < 10; ++repeat) {
    chart.setThermometer(t);
    chart.setReadings(readings(t, 3));
    QCOMPARE(chart.chart()->series().size(), fixed + 2);
  }
  chart.setReadings(readings(t, 2));
  QCOMPARE(chart.chart()->series().size(), fixed + 1);
  chart.clear();
  QCOMPARE(chart.chart()->series().size(), fixed);
  QCOMPARE(chart.calibrationSeries()->count(), 0);
  chart.grab();
}

QTEST_MAIN(TestThermometerChart)
#include "tst_thermometer_chart.moc"
