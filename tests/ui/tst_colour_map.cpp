// The diverging map for filter weights: white at zero, hue from the sign, saturation from the
// magnitude on symmetric limits ±max|λ|, and a colour bar with round, symmetric ticks.
#include <cmath>
#include <limits>
#include <vector>

#include <QImage>
#include <QPainter>
#include <QtTest>

#include "ui/colour_map.h"

using rsmi::ui::ColourBar;
using rsmi::ui::DivergingColourMap;

class TestColourMap : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void zeroIsWhite();
  void signGivesHue_data();
  void signGivesHue();
  void symmetricAboutZero();
  void magnitudeDarkensMonotonically();
  void clampsAndHandlesNaN();
  void symmetricLimit();
  void textStaysReadable();
  void ticksAreRoundAndSymmetric_data();
  void ticksAreRoundAndSymmetric();
  void colourBarPaintsRampAndLabels();
};

void TestColourMap::zeroIsWhite() {
  QCOMPARE(DivergingColourMap::index(0.0, 1.0), DivergingColourMap::kCentre);
  QCOMPARE(DivergingColourMap::colour(0.0, 3.7), QColor(Qt::white));
  QCOMPARE(DivergingColourMap::colour(-0.0, 0.01), QColor(Qt::white));
  QCOMPARE(DivergingColourMap::table().size(), 256);
}

void TestColourMap::signGivesHue_data() {
  QTest::addColumn<double>("w");
  QTest::addColumn<double>("limit");
  QTest::addRow("full +") << 1.0 << 1.0;
  QTest::addRow("half +") << 0.45 << 0.9;
  QTest::addRow("small +") << 0.2 << 3.5;
  QTest::addRow("large limit") << 40.0 << 100.0;
}

void TestColourMap::signGivesHue() {
  QFETCH(double, w);
  QFETCH(double, limit);
  const QColor plus = DivergingColourMap::colour(w, limit), minus = DivergingColourMap::colour(-w, limit);
  QVERIFY2(plus.red() > plus.blue(), "positive weights are red");
  QVERIFY2(minus.blue() > minus.red(), "negative weights are blue");
  QVERIFY(plus != QColor(Qt::white));
  QVERIFY(minus != QColor(Qt::white));
}

// Equal magnitudes, equal distance from the centre of the table: the scale is symmetric.
void TestColourMap::symmetricAboutZero() {
  for (double w : {0.01, 0.1, 0.33, 0.5, 0.9, 1.0}) {
    const int plus = DivergingColourMap::index(w, 1.0), minus = DivergingColourMap::index(-w, 1.0);
    QCOMPARE(plus - DivergingColourMap::kCentre, DivergingColourMap::kCentre - minus);
  }
  QCOMPARE(DivergingColourMap::index(1.0, 1.0), std::uint8_t(254));
  QCOMPARE(DivergingColourMap::index(-1.0, 1.0), std::uint8_t(0));
}

// Lightness falls steadily away from white on both sides (no false bands in the ramp).
void TestColourMap::magnitudeDarkensMonotonically() {
  const auto& table = DivergingColourMap::table();
  for (int k = 1; k <= DivergingColourMap::kCentre; ++k) {
    const QColor up = QColor::fromRgb(table[DivergingColourMap::kCentre + k]);
    const QColor upPrev = QColor::fromRgb(table[DivergingColourMap::kCentre + k - 1]);
    const QColor down = QColor::fromRgb(table[DivergingColourMap::kCentre - k]);
    const QColor downPrev = QColor::fromRgb(table[DivergingColourMap::kCentre - k + 1]);
    QVERIFY2(up.lightness() <= upPrev.lightness(), qPrintable(QString::number(k)));
    QVERIFY2(down.lightness() <= downPrev.lightness(), qPrintable(QString::number(k)));
  }
  // The ends are dark enough for white text and far apart from the centre.
  QVERIFY(QColor::fromRgb(table[0]).lightness() < 80);
  QVERIFY(QColor::fromRgb(table[254]).lightness() < 80);
}

void TestColourMap::clampsAndHandlesNaN() {
  QCOMPARE(DivergingColourMap::index(5.0, 1.0), std::uint8_t(254));
  QCOMPARE(DivergingColourMap::index(-5.0, 1.0), std::uint8_t(0));
  QCOMPARE(DivergingColourMap::index(std::numeric_limits<double>::quiet_NaN(), 1.0), DivergingColourMap::kNoData);
  QCOMPARE(DivergingColourMap::colour(std::numeric_limits<double>::quiet_NaN(), 1.0), DivergingColourMap::noDataColour());
  // A zero or invalid limit falls back to 1 instead of dividing by zero.
  QCOMPARE(DivergingColourMap::index(0.5, 0.0), DivergingColourMap::index(0.5, 1.0));
}

void TestColourMap::symmetricLimit() {
  const std::vector<double> w = {0.3, -0.9, 0.1, std::numeric_limits<double>::infinity(), 0.5};
  QCOMPARE(DivergingColourMap::symmetricLimit(w), 0.9);
  const std::vector<double> zeros(4, 0.0);
  QCOMPARE(DivergingColourMap::symmetricLimit(zeros), 1.0);
  QCOMPARE(DivergingColourMap::symmetricLimit({}), 1.0);
}

void TestColourMap::textStaysReadable() {
  QCOMPARE(DivergingColourMap::textColourOn(DivergingColourMap::colour(1, 1)), QColor(Qt::white));
  QCOMPARE(DivergingColourMap::textColourOn(DivergingColourMap::colour(-1, 1)), QColor(Qt::white));
  QVERIFY(DivergingColourMap::textColourOn(QColor(Qt::white)).lightness() < 50);
}

void TestColourMap::ticksAreRoundAndSymmetric_data() {
  QTest::addColumn<double>("limit");
  QTest::addColumn<double>("step");
  QTest::addRow("0.9") << 0.9 << 0.25;
  QTest::addRow("1") << 1.0 << 0.5;
  QTest::addRow("3.59") << 3.59 << 1.0;
  QTest::addRow("0.068") << 0.068 << 0.02;
  QTest::addRow("120") << 120.0 << 50.0;
}

void TestColourMap::ticksAreRoundAndSymmetric() {
  QFETCH(double, limit);
  QFETCH(double, step);
  const QVector<double> t = ColourBar(limit).ticks();
  QVERIFY(t.size() >= 3 && t.size() % 2 == 1);
  QCOMPARE(t[t.size() / 2], 0.0);
  QVERIFY(std::abs(t[1] - t[0] - step) < 1e-12);
  for (int i = 0; i < t.size(); ++i) {
    QVERIFY(std::abs(t[i] + t[t.size() - 1 - i]) < 1e-12);  // symmetric
    QVERIFY(std::abs(t[i]) <= limit + 1e-12);                // inside the bar
  }
  QVERIFY(t.size() / 2 <= 3);
  QCOMPARE(ColourBar::tickLabel(-0.5, 0.25), QString(QChar(0x2212)) + QStringLiteral("0.50"));
  QCOMPARE(ColourBar::tickLabel(0.0, 0.25), QStringLiteral("0.00"));
}

void TestColourMap::colourBarPaintsRampAndLabels() {
  QImage image(140, 300, QImage::Format_RGB32);
  image.fill(Qt::white);
  QFont tick;
  tick.setPixelSize(14);
  const ColourBar bar(2.0, QStringLiteral("λ"));
  QVERIFY(bar.preferredWidth(tick) > 40);
  {
    QPainter p(&image);
    bar.paint(p, QRectF(0, 0, 140, 300), tick, tick);
  }
  // Inside the ramp (x = 11): red near the top, blue near the bottom, white in the middle.
  const QColor top = image.pixelColor(11, 40), bottom = image.pixelColor(11, 285);
  QVERIFY(top.red() > top.blue() + 60);
  QVERIFY(bottom.blue() > bottom.red() + 60);
  // Tick labels: some dark pixels to the right of the bar.
  int dark = 0;
  for (int y = 0; y < 300; ++y)
    for (int x = 32; x < 140; ++x) dark += image.pixelColor(x, y).lightness() < 100;
  QVERIFY(dark > 50);
}

QTEST_MAIN(TestColourMap)
#include "tst_colour_map.moc"
