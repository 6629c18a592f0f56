// The dimer model (SCIENCE.md §1): the covering and its Ising encoding, the worm sampler against
// exhaustive enumeration of the 4×4 and 6×6 tori (SCIENCE.md §7), noise pairs, reproducibility.
// Errors are batch means over 64 consecutive blocks of samples, so autocorrelation is accounted for.
#include <QtTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <vector>

#include "core/exact/dimer_enumeration.h"
#include "core/mc/dimer_worm_chain.h"
#include "core/mc/draw_samples.h"
#include "core/models/dimer_covering.h"

using namespace rsmi;
using exact::LinkOrientation;

namespace {

constexpr int kBatches = 64;

// Mean of a series with a batch-means standard error.
struct BatchedMean {
  explicit BatchedMean(std::size_t samples) : batchSize(std::max<std::size_t>(1, samples / kBatches)) {}
  void add(std::size_t sample, double v) {
    const std::size_t b = sample / batchSize;
    if (b < kBatches) sums[b] += v;  // the few samples beyond 64 whole batches are dropped
  }
  double mean() const { return std::accumulate(sums.begin(), sums.end(), 0.0) / (kBatches * batchSize); }
  double error() const {
    const double m = mean();
    double var = 0;
    for (double s : sums) var += (s / batchSize - m) * (s / batchSize - m);
    return std::sqrt(var / (kBatches - 1) / kBatches);
  }
  double z(double exact) const {
    const double e = error();
    return e > 0 ? (mean() - exact) / e : (mean() == exact ? 0.0 : 1e9);
  }
  std::size_t batchSize;
  std::array<double, kBatches> sums{};
};

SamplingSpec dimerSpec(int L, std::uint64_t seed = 7, bool noise = false, double K = 1.0) {
  SamplingSpec s;
  s.model = ModelKind::Dimer;
  s.size = L;
  s.seed = seed;
  s.noise = noise;
  s.noiseCoupling = K;
  return s;
}

std::vector<std::int8_t> encoded(const DimerCovering& c) {
  std::vector<std::int8_t> v(4 * static_cast<std::size_t>(c.size()) * c.size());
  c.encode(v);
  return v;
}

// Runs a chain with its default schedule and calls f(index, sample) for every stored sample.
template <class F>
void sampleChain(const SamplingSpec& spec, std::size_t samples, F&& f, std::uint64_t chainIndex = 0) {
  auto chain = makeDimerChain(spec, chainIndex);
  for (int i = 0; i < chain->defaultThermalization(); ++i) chain->update();
  std::vector<std::int8_t> buf(4 * static_cast<std::size_t>(spec.size) * spec.size);
  for (std::size_t n = 0; n < samples; ++n) {
    for (int i = 0; i < chain->defaultSpacing(); ++i) chain->update();
    chain->snapshot(buf);
    f(n, std::span<const std::int8_t>(buf));
  }
}

struct LinkPair {
  const char* name;
  LinkOrientation a, b;
  int dx, dy;
};
constexpr auto H = LinkOrientation::Horizontal;
constexpr auto V = LinkOrientation::Vertical;
const LinkPair kPairs[] = {
    {"h-h (0,1)", H, H, 0, 1}, {"h-h (2,0)", H, H, 2, 0}, {"h-h (1,1)", H, H, 1, 1},
    {"h-h (0,2)", H, H, 0, 2}, {"h-h (2,2)", H, H, 2, 2}, {"h-h (3,0)", H, H, 3, 0},
    {"h-v (1,1)", H, V, 1, 1}, {"h-v (0,1)", H, V, 0, 1}, {"h-v (2,1)", H, V, 2, 1},
};

}  // namespace

class TestDimerWorm : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // ---- the covering and its encoding ----
  void referenceCoverings_data() {
    QTest::addColumn<int>("L");
    for (int L : {2, 4, 8, 16}) QTest::addRow("L=%d", L) << L;
  }
  void referenceCoverings() {
    QFETCH(int, L);
    const auto columnar = DimerCovering::columnar(L), staggered = DimerCovering::staggered(L);
    QVERIFY(columnar.isValid() && staggered.isValid());
    for (const auto* c : {&columnar, &staggered}) {
      const auto v = encoded(*c);
      QCOMPARE(QString::fromStdString(checkDimerEncoding(v, L)), QString());
      QVERIFY(DimerCovering::decode(v, L).directions().size() == static_cast<std::size_t>(L * L));
      QVERIFY(std::ranges::equal(DimerCovering::decode(v, L).directions(), c->directions()));
      QVERIFY(dimerWinding(v, L) == dimerWinding(*c));
      // Over the whole torus the field is L times the flux through one cut.
      const DimerField e = dimerElectricField(v, L, 0, 0, L, L);
      QCOMPARE(e.x, double(L * dimerWinding(*c).x));
      QCOMPARE(e.y + 1.0, double(L * dimerWinding(*c).y) + 1.0);
    }
    QVERIFY((dimerWinding(columnar) == DimerWinding{0, 0}));
    QVERIFY((dimerWinding(staggered) == DimerWinding{L / 2, 0}));
  }

  void defectsAreNamed_data() {
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("col");
    QTest::addColumn<int>("value");
    QTest::addColumn<QString>("message");
    // On the columnar 4×4 covering (noise off): dimers on horizontal links (0,y)–(1,y), (2,y)–(3,y).
    QTest::addRow("extra dimer") << 0 << 3 << 1 << "vertex (1,0) is touched by 2 dimers";
    QTest::addRow("missing dimer") << 0 << 1 << -1 << "vertex (0,0) is touched by 0 dimers";
    QTest::addRow("link not +-1") << 1 << 0 << 0 << "entry [1][0] (vertical link at (0,0)) is 0";
    QTest::addRow("noise mixed") << 2 << 2 << 1 << "noise entry [2][2] (vertex of cell (1,1)) is 1";
    QTest::addRow("first noise on") << 0 << 0 << -1 << "noise entry [1][1] (face of cell (0,0)) is 0";
  }
  void defectsAreNamed() {
    QFETCH(int, row);
    QFETCH(int, col);
    QFETCH(int, value);
    QFETCH(QString, message);
    auto v = encoded(DimerCovering::columnar(4));
    v[row * 8 + col] = static_cast<std::int8_t>(value);
    const QString got = QString::fromStdString(checkDimerEncoding(v, 4));
    QVERIFY2(got.contains(message), qPrintable(got));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DimerCovering::decode(v, 4));
  }

  // P_x·v = 2E_x − ½ Σ_cells (−1)^{x+y} on any region, also wrapping around the torus.
  void staggeredPatternMeasuresTheField_data() {
    QTest::addColumn<int>("x0");
    QTest::addColumn<int>("y0");
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    QTest::addRow("2x2 block") << 2 << 4 << 2 << 2;
    QTest::addRow("3x1 odd") << 5 << 1 << 3 << 1;
    QTest::addRow("wrapping 4x3") << 6 << 7 << 4 << 3;
    QTest::addRow("negative origin") << -1 << -2 << 3 << 3;
    QTest::addRow("whole torus") << 0 << 0 << 8 << 8;
  }
  void staggeredPatternMeasuresTheField() {
    QFETCH(int, x0);
    QFETCH(int, y0);
    QFETCH(int, w);
    QFETCH(int, h);
    const int L = 8;
    auto chain = makeDimerChain(dimerSpec(L), 3);
    for (int i = 0; i < 50; ++i) chain->update();
    std::vector<std::int8_t> v(4 * L * L);
    chain->snapshot(v);
    const auto px = staggeredPattern(FieldAxis::X, 2 * h, 2 * w, 2 * y0, 2 * x0);
    const auto py = staggeredPattern(FieldAxis::Y, 2 * h, 2 * w, 2 * y0, 2 * x0);
    double dotX = 0, dotY = 0, stagger = 0;
    for (int r = 0; r < 2 * h; ++r)
      for (int c = 0; c < 2 * w; ++c) {
        const int gr = ((2 * y0 + r) % (2 * L) + 2 * L) % (2 * L),
                  gc = ((2 * x0 + c) % (2 * L) + 2 * L) % (2 * L);
        dotX += px[r * 2 * w + c] * v[gr * 2 * L + gc];
        dotY += py[r * 2 * w + c] * v[gr * 2 * L + gc];
        if (dimerEntryKind(gr, gc) == DimerEntry::VertexNoise) stagger += ((gr / 2 + gc / 2) % 2) ? -1 : 1;
      }
    const DimerField e = dimerElectricField(v, L, x0, y0, w, h);
    QCOMPARE(dotX + 100, 2 * e.x - 0.5 * stagger + 100);
    QCOMPARE(dotY + 100, 2 * e.y - 0.5 * stagger + 100);
  }

  // ---- the worm against exhaustive enumeration ----
  void localStatisticsMatchEnumeration_data() {
    QTest::addColumn<int>("L");
    QTest::addColumn<int>("samples");
    QTest::addRow("4x4") << 4 << 400000;
    QTest::addRow("6x6") << 6 << 300000;
  }
  void localStatisticsMatchEnumeration() {
    QFETCH(int, L);
    QFETCH(int, samples);
    const exact::DimerTorusEnumeration e(L);
    const auto sectors = e.windingDistribution();
    const std::size_t N = samples;
    BatchedMean parallel(N);
    std::vector<BatchedMean> pairs(std::size(kPairs), BatchedMean(N));
    std::map<std::pair<int, int>, BatchedMean> sector;
    for (const auto& [w, p] : sectors) sector.emplace(w, BatchedMean(N));
    std::size_t invalid = 0, unknownSector = 0;
    auto n = [L](std::span<const std::int8_t> s, int x, int y, LinkOrientation o) {
      return s[exact::dimerLinkEncodingIndex(L, exact::dimerLinkIndex(L, x, y, o))] > 0 ? 1.0 : 0.0;
    };
    sampleChain(dimerSpec(L, 11), N, [&](std::size_t i, std::span<const std::int8_t> s) {
      if (!checkDimerEncoding(s, L).empty()) ++invalid;
      double par = 0;
      std::vector<double> pr(std::size(kPairs), 0.0);
      for (int y = 0; y < L; ++y)
        for (int x = 0; x < L; ++x) {
          par += n(s, x, y, H) * n(s, x, y + 1, H) + n(s, x, y, V) * n(s, x + 1, y, V);
          for (std::size_t k = 0; k < std::size(kPairs); ++k)
            pr[k] += n(s, x, y, kPairs[k].a) * n(s, x + kPairs[k].dx, y + kPairs[k].dy, kPairs[k].b);
        }
      parallel.add(i, par / (L * L));
      for (std::size_t k = 0; k < pr.size(); ++k) pairs[k].add(i, pr[k] / (L * L));
      const DimerWinding w = dimerWinding(s, L);
      if (auto it = sector.find({w.x, w.y}); it != sector.end())
        it->second.add(i, 1.0);
      else
        ++unknownSector;
    });
    QCOMPARE(invalid, std::size_t{0});
    QCOMPARE(unknownSector, std::size_t{0});
    QStringList failures;
    double maxAbsZ = 0;
    auto check = [&](const QString& what, const BatchedMean& m, double exact) {
      const double z = m.z(exact);
      maxAbsZ = std::max(maxAbsZ, std::abs(z));
      if (!(std::abs(z) < 4))
        failures << QStringLiteral("%1: sampled %2 +- %3, exact %4 (z = %5)")
                        .arg(what)
                        .arg(m.mean())
                        .arg(m.error())
                        .arg(exact)
                        .arg(z);
    };
    check("P(two parallel dimers on a plaquette)", parallel, e.parallelPlaquetteProbability());
    for (std::size_t k = 0; k < std::size(kPairs); ++k)
      check(kPairs[k].name, pairs[k],
            e.jointLinkProbability(exact::dimerLinkIndex(L, 0, 0, kPairs[k].a),
                                   exact::dimerLinkIndex(L, kPairs[k].dx, kPairs[k].dy, kPairs[k].b)));
    // Winding sectors: every sector of the enumeration is visited, each with its exact weight.
    for (const auto& [w, p] : sectors) {
      const QString name = QStringLiteral("P(W = (%1,%2))").arg(w.first).arg(w.second);
      if (!(sector.at(w).mean() > 0)) failures << name + QStringLiteral(": sector never visited");
      check(name, sector.at(w), p);
    }
    qInfo("%zu observables and %zu sectors, largest |z| = %.2f", std::size(kPairs) + 1, sectors.size(),
          maxAbsZ);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QStringLiteral("; "))));
  }

  // Every one of the 272 coverings of the 4×4 torus, and of the 8 of the 2×2 torus, is equally likely:
  // Pearson's χ² over coverings, divided by the variance inflation 2τ_int measured from the batches
  // (pooled over coverings, so that it is itself precise), turned into a z-score with k − 1 dof.
  void allCoveringsEquallyLikely_data() {
    QTest::addColumn<int>("L");
    QTest::addColumn<int>("samples");
    QTest::addRow("2x2") << 2 << 100000;
    QTest::addRow("4x4") << 4 << 400000;
  }
  void allCoveringsEquallyLikely() {
    QFETCH(int, L);
    QFETCH(int, samples);
    const exact::DimerTorusEnumeration e(L);
    std::map<exact::DimerLinkSet, std::size_t> index;
    for (const auto& c : e.coverings()) index.emplace(c, index.size());
    std::vector<BatchedMean> freq(e.count(), BatchedMean(samples));
    sampleChain(dimerSpec(L, 5), samples, [&](std::size_t i, std::span<const std::int8_t> s) {
      exact::DimerLinkSet c;
      for (int link = 0; link < e.linkCount(); ++link)
        if (s[exact::dimerLinkEncodingIndex(L, link)] > 0) c.set(link);
      freq[index.at(c)].add(i, 1.0);
    });
    const double k = static_cast<double>(e.count()), p = 1.0 / k;
    const double used = static_cast<double>(freq[0].batchSize) * kBatches;
    double pearson = 0, inflation = 0;
    for (const auto& f : freq) {
      pearson += used * (f.mean() - p) * (f.mean() - p) / p;
      inflation += f.error() * f.error() / (p * (1 - p) / used) / k;
    }
    const double chi2 = pearson / inflation;
    const double z = (chi2 - (k - 1)) / std::sqrt(2 * (k - 1));
    qInfo("chi2 = %.1f for %.0f coverings, 2tau = %.2f (z = %.2f)", chi2, k, inflation, z);
    QVERIFY2(std::abs(z) < 4,
             qPrintable(QStringLiteral("chi2 = %1 for %2 coverings (z = %3)").arg(chi2).arg(k).arg(z)));
  }

  // ---- noise pairs ----
  void noisePairs_data() {
    QTest::addColumn<double>("K");
    QTest::addRow("K=0") << 0.0;
    QTest::addRow("K=0.5") << 0.5;
    QTest::addRow("K=1") << 1.0;
    QTest::addRow("K=3") << 3.0;
  }
  void noisePairs() {
    QFETCH(double, K);
    const int L = 8;
    const std::size_t N = 4000;
    BatchedMean pair(N), vertex(N), face(N), vertexLink(N);
    std::size_t invalid = 0;
    sampleChain(dimerSpec(L, 3, true, K), N, [&](std::size_t i, std::span<const std::int8_t> s) {
      if (!checkDimerEncoding(s, L).empty()) ++invalid;
      double sp = 0, sv = 0, sf = 0, svl = 0;
      for (int y = 0; y < L; ++y)
        for (int x = 0; x < L; ++x) {
          const int v = s[2 * y * 2 * L + 2 * x], f = s[(2 * y + 1) * 2 * L + 2 * x + 1];
          const int link = s[2 * y * 2 * L + 2 * x + 1];
          sp += v * f, sv += v, sf += f, svl += v * link;
        }
      pair.add(i, sp / (L * L)), vertex.add(i, sv / (L * L)), face.add(i, sf / (L * L));
      vertexLink.add(i, svl / (L * L));
    });
    QCOMPARE(invalid, std::size_t{0});
    QVERIFY2(std::abs(pair.z(std::tanh(K))) < 4, qPrintable(QStringLiteral("<s_v s_f> = %1 ± %2, tanh K = %3")
                                                                .arg(pair.mean())
                                                                .arg(pair.error())
                                                                .arg(std::tanh(K))));
    QVERIFY(std::abs(vertex.z(0)) < 4 && std::abs(face.z(0)) < 4);
    // ⟨s_v n_link⟩ = ⟨s_v⟩⟨s_link⟩ = 0: noise is independent of the dimers.
    QVERIFY(std::abs(vertexLink.z(0)) < 4);
  }

  // The noise stream is separate from the worm's, so switching noise on leaves the dimers unchanged.
  void noiseLeavesDimersUnchanged() {
    const int L = 6;
    std::vector<std::vector<std::int8_t>> plain, noisy;
    sampleChain(dimerSpec(L, 9), 50,
                [&](std::size_t, std::span<const std::int8_t> s) { plain.emplace_back(s.begin(), s.end()); });
    sampleChain(dimerSpec(L, 9, true, 2.0), 50,
                [&](std::size_t, std::span<const std::int8_t> s) { noisy.emplace_back(s.begin(), s.end()); });
    for (std::size_t n = 0; n < plain.size(); ++n)
      for (std::size_t i = 0; i < plain[n].size(); ++i) {
        const bool isLink =
            dimerEntryKind(int(i) / (2 * L), int(i) % (2 * L)) == DimerEntry::HorizontalLink ||
            dimerEntryKind(int(i) / (2 * L), int(i) % (2 * L)) == DimerEntry::VerticalLink;
        if (isLink)
          QCOMPARE(noisy[n][i], plain[n][i]);
        else
          QCOMPARE(plain[n][i], std::int8_t{0});
      }
  }

  // ---- validity on larger tori, schedule, reproducibility ----
  void everySampleIsACovering_data() {
    QTest::addColumn<int>("L");
    QTest::addColumn<bool>("noise");
    QTest::addRow("L=2") << 2 << false;
    QTest::addRow("L=2 noise") << 2 << true;
    QTest::addRow("L=10") << 10 << false;
    QTest::addRow("L=32 noise") << 32 << true;
    QTest::addRow("L=64") << 64 << false;
  }
  void everySampleIsACovering() {
    QFETCH(int, L);
    QFETCH(bool, noise);
    std::size_t checked = 0;
    std::string firstDefect;
    sampleChain(dimerSpec(L, 21, noise), 300, [&](std::size_t, std::span<const std::int8_t> s) {
      if (const std::string msg = checkDimerEncoding(s, L); !msg.empty() && firstDefect.empty())
        firstDefect = msg;
      ++checked;
    });
    QCOMPARE(checked, std::size_t{300});
    QVERIFY2(firstDefect.empty(), firstDefect.c_str());
  }

  void defaultScheduleCoversTheLattice_data() {
    QTest::addColumn<int>("L");
    for (int L : {4, 16, 64}) QTest::addRow("L=%d", L) << L;
  }
  void defaultScheduleCoversTheLattice() {
    QFETCH(int, L);
    auto chain = makeDimerChain(dimerSpec(L), 0);
    QCOMPARE(chain->unitName(), std::string_view("worm"));
    QCOMPARE(chain->shape(), (std::vector<int>{2 * L, 2 * L}));
    // The schedule depends on L only: not on the seed or the chain.
    QCOMPARE(makeDimerChain(dimerSpec(L, 99), 5)->defaultSpacing(), chain->defaultSpacing());
    QVERIFY(chain->defaultThermalization() >= 10 * chain->defaultSpacing());
    for (int i = 0; i < chain->defaultThermalization(); ++i) chain->update();
    const std::uint64_t before = chain->elementaryMoves();
    const int spacings = 400;
    for (int i = 0; i < spacings * chain->defaultSpacing(); ++i) chain->update();
    const double perSpacing = double(chain->elementaryMoves() - before) / spacings;
    QVERIFY2(perSpacing >= 0.8 * L * L,
             qPrintable(QStringLiteral("%1 worm steps per spacing").arg(perSpacing)));
  }

  void chainsAreReproducible() {
    const int L = 16;
    auto run = [&](std::uint64_t seed, std::uint64_t chainIndex) {
      std::vector<std::int8_t> all;
      sampleChain(
          dimerSpec(L, seed, true, 1.0), 20,
          [&](std::size_t, std::span<const std::int8_t> s) { all.insert(all.end(), s.begin(), s.end()); },
          chainIndex);
      return all;
    };
    QCOMPARE(run(4, 0), run(4, 0));
    QVERIFY(run(4, 0) != run(4, 1));
    QVERIFY(run(4, 0) != run(5, 0));
  }

  // drawSamples gives the same bytes whatever the thread count (DESIGN.md, "Reproducibility").
  void drawSamplesIsThreadIndependent_data() {
    QTest::addColumn<bool>("noise");
    QTest::addColumn<int>("chains");
    QTest::addRow("plain, 4 chains") << false << 4;
    QTest::addRow("noise, 3 chains") << true << 3;
    QTest::addRow("noise, auto chains") << true << 0;
  }
  void drawSamplesIsThreadIndependent() {
    QFETCH(bool, noise);
    QFETCH(int, chains);
    SamplingSpec spec = dimerSpec(12, 17, noise, 1.5);
    spec.samples = 60;
    spec.chains = chains;
    spec.threads = 1;
    const SampleSet one = drawSamples(spec);
    spec.threads = 2;
    const SampleSet two = drawSamples(spec);
    QCOMPARE(one.shape, (std::vector<int>{24, 24}));
    QCOMPARE(one.count(), std::size_t{60});
    QVERIFY(one.values == two.values);
    for (std::size_t i = 0; i < one.count(); ++i) {
      const std::string msg = checkDimerEncoding(one.sample(i), 12);
      QVERIFY2(msg.empty(), msg.c_str());
      QCOMPARE(one.sample(i)[0] != 0, noise);
    }
  }

  void rejectsOddSize() { QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeDimerChain(dimerSpec(5), 0)); }
};

QTEST_GUILESS_MAIN(TestDimerWorm)
#include "tst_dimer_worm.moc"
