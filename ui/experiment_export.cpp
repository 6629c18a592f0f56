#include "ui/experiment_export.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <cmath>

#include "core/learn/mutual_information_estimator.h"
#include "io/manifest.h"
#include "io/run_spec_json.h"

namespace rsmi::ui {

namespace {

// Full precision, so that the numbers read back are the ones in memory; "nan" as in flow.csv.
QByteArray num(double v) { return std::isfinite(v) ? QByteArray::number(v, 'g', 17) : QByteArray("nan"); }
QJsonValue jsonNum(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(); }

double betaOf(const ExperimentState& state, const RunKey& key) {
  return key.betaIndex < state.spec.flow.betas.size() ? state.spec.flow.betas[key.betaIndex] : NAN;
}

QByteArray ruleText(CoarseGrainingRule rule) {
  return QByteArray(ruleName(rule).data(), qsizetype(ruleName(rule).size()));
}

// The held-out MI the filter view states: the final score once the level is done, otherwise the
// last epoch's held-out estimate (a partial experiment exports what training has reached).
double miBits(const LevelTrace& t) {
  if (t.done) return t.result.learned ? natsToBits(t.result.learning.heldOutNats) : NAN;
  return t.curve.empty() ? NAN : natsToBits(t.curve.back().heldOutNats);
}

bool hasFilter(const LevelTrace& t) { return t.filter.visibleCount() > 0 && t.filter.hiddenCount() > 0; }

}  // namespace

QString phaseName(ExperimentPhase phase) {
  switch (phase) {
    case ExperimentPhase::Idle:
      return QStringLiteral("idle");
    case ExperimentPhase::Running:
      return QStringLiteral("running");
    case ExperimentPhase::Paused:
      return QStringLiteral("paused");
    case ExperimentPhase::Finished:
      return QStringLiteral("finished");
    case ExperimentPhase::Cancelled:
      return QStringLiteral("stopped");
    case ExperimentPhase::Failed:
      return QStringLiteral("failed");
  }
  return QStringLiteral("unknown");
}

std::size_t exportableFilterCount(const ExperimentState& state) {
  std::size_t n = 0;
  for (const auto& [where, trace] : state.levels) n += hasFilter(trace) ? 1 : 0;
  return n;
}

std::size_t exportableCurveCount(const ExperimentState& state) {
  std::size_t n = 0;
  for (const auto& [where, trace] : state.levels)
    n += trace.curve.size() + (trace.done ? trace.result.learning.baselines.size() : 0);
  return n;
}

QByteArray filtersJson(const ExperimentState& state) {
  const WindowGeometry& window = state.spec.flow.rg.learning.window;
  QJsonArray filters;
  for (const auto& [where, t] : state.levels) {
    if (!hasFilter(t)) continue;
    QJsonObject o;
    o[QStringLiteral("beta0")] = jsonNum(betaOf(state, t.key));
    o[QStringLiteral("beta_index")] = static_cast<qint64>(t.key.betaIndex);
    o[QStringLiteral("replica")] = t.key.replica;
    o[QStringLiteral("rule")] = QString::fromLatin1(ruleText(t.key.rule));
    o[QStringLiteral("step")] = t.level;  // the RG step, as in flow.csv
    o[QStringLiteral("done")] = t.done;
    o[QStringLiteral("block")] = QJsonArray{window.blockWidth, window.blockHeight};
    o[QStringLiteral("hidden")] = t.filter.hiddenCount();
    QJsonArray rows;
    for (int j = 0; j < t.filter.hiddenCount(); ++j) {
      QJsonArray row;
      for (int i = 0; i < t.filter.visibleCount(); ++i) row.append(t.filter.weights(j, i));
      rows.append(row);
    }
    o[QStringLiteral("weights")] = rows;
    if (t.filter.hasBias) {
      QJsonArray bias;
      for (int j = 0; j < t.filter.hiddenCount(); ++j) bias.append(t.filter.bias(j));
      o[QStringLiteral("bias")] = bias;
    }
    o[QStringLiteral("mi_bits")] = jsonNum(miBits(t));
    if (t.done) {
      QJsonObject baselines;
      for (const RuleScore& b : t.result.learning.baselines)
        baselines[QString::fromStdString(b.name)] = jsonNum(natsToBits(b.nats));
      o[QStringLiteral("baselines")] = baselines;
    }
    filters.append(o);
  }
  QJsonObject root;
  root[QStringLiteral("format")] = QStringLiteral("rsmi-studio-filters");
  root[QStringLiteral("format_version")] = kExportFormatVersion;
  root[QStringLiteral("phase")] = phaseName(state.phase);
  root[QStringLiteral("filters")] = filters;
  return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray filtersCsv(const ExperimentState& state) {
  const WindowGeometry& window = state.spec.flow.rg.learning.window;
  const int visible = window.blockWidth * window.blockHeight;
  QByteArray csv = "replica,rule,beta0,beta_index,step,done,hidden,block_width,block_height,mi_bits,bias";
  for (int i = 0; i < visible; ++i) csv += ",w" + QByteArray::number(i);
  csv += '\n';
  for (const auto& [where, t] : state.levels) {
    if (!hasFilter(t)) continue;
    for (int j = 0; j < t.filter.hiddenCount(); ++j) {
      csv += QByteArray::number(t.key.replica) + ',' + ruleText(t.key.rule) + ',' +
             num(betaOf(state, t.key)) + ',' + QByteArray::number(qulonglong(t.key.betaIndex)) + ',' +
             QByteArray::number(t.level) + ',' + (t.done ? "1" : "0") + ',' + QByteArray::number(j) + ',' +
             QByteArray::number(window.blockWidth) + ',' + QByteArray::number(window.blockHeight) + ',' +
             num(miBits(t)) + ',' + num(t.filter.hasBias ? t.filter.bias(j) : 0.0);
      for (int i = 0; i < t.filter.visibleCount(); ++i) csv += ',' + num(t.filter.weights(j, i));
      csv += '\n';
    }
  }
  return csv;
}

QByteArray miCurvesCsv(const ExperimentState& state) {
  QByteArray csv = "replica,rule,beta0,beta_index,step,series,restart,epoch,mi_bits\n";
  const int hidden = state.spec.flow.rg.learning.training.hiddenCount;
  for (const auto& [where, t] : state.levels) {
    if (t.curve.empty() && !t.done) continue;
    const QByteArray prefix =
        QByteArray::number(t.key.replica) + ',' + ruleText(t.key.rule) + ',' + num(betaOf(state, t.key)) +
        ',' + QByteArray::number(qulonglong(t.key.betaIndex)) + ',' + QByteArray::number(t.level) + ',';
    for (const EpochRecord& e : t.curve) {
      const QByteArray at = QByteArray::number(e.restart) + ',' + QByteArray::number(e.epoch) + ',';
      csv += prefix + "held_out," + at + num(natsToBits(e.heldOutNats)) + '\n';
      csv += prefix + "training," + at + num(natsToBits(e.trainingNats)) + '\n';
    }
    // The chart's horizontal lines: the fixed rules (once the level is scored) and n_h bits.
    if (t.done)
      for (const RuleScore& b : t.result.learning.baselines)
        csv += prefix + QByteArray::fromStdString(b.name) + ",,," + num(natsToBits(b.nats)) + '\n';
    const int ceiling = t.key.rule == CoarseGrainingRule::Majority ? 1 : hidden;
    csv += prefix + "ceiling,,," + num(ceiling) + '\n';
  }
  return csv;
}

QByteArray exportManifestJson(const ExperimentState& state, const QString& what,
                              const std::vector<ExportedFile>& files) {
  QJsonObject o;
  o[QStringLiteral("format")] = QStringLiteral("rsmi-export-manifest");
  o[QStringLiteral("format_version")] = kExportFormatVersion;
  o[QStringLiteral("program")] = QStringLiteral("rsmi-studio");
  o[QStringLiteral("version")] = QStringLiteral(RSMI_VERSION);
  o[QStringLiteral("command")] = what;
  o[QStringLiteral("created")] = io::utcTimestampNow();
  o[QStringLiteral("phase")] = phaseName(state.phase);
  o[QStringLiteral("run")] = io::runSpecToJson(state.spec);
  // The sampling spec alone, in the sample manifest's keys, so that the same snippet reads the seed.
  o[QStringLiteral("spec")] = io::specToJson(state.spec.flow.sampling);
  QJsonArray list;
  for (const ExportedFile& f : files)
    list.append(QJsonObject{{QStringLiteral("file"), f.name},
                            {QStringLiteral("bytes"), static_cast<qint64>(f.bytes.size())},
                            {QStringLiteral("sha256"), io::sha256Hex(f.bytes)}});
  o[QStringLiteral("files")] = list;
  return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

QString sampleCommandLine(const SamplingSpec& spec, const QString& out) {
  QStringList args{QStringLiteral("rsmi"),    QStringLiteral("sample"),
                   QStringLiteral("--model"), QString::fromUtf8(modelName(spec.model).data()),
                   QStringLiteral("--size"),  QString::number(spec.size)};
  if (spec.model != ModelKind::Dimer) {
    args << QStringLiteral("--beta") << QString::number(spec.beta, 'g', 17);
    if (spec.coupling != 1.0) args << QStringLiteral("--coupling") << QString::number(spec.coupling, 'g', 17);
  }
  args << QStringLiteral("--sampler") << QString::fromUtf8(samplerName(spec.sampler).data())
       << QStringLiteral("--samples") << QString::number(spec.samples) << QStringLiteral("--seed")
       << QString::number(spec.seed) << QStringLiteral("--thermalization")
       << QString::number(spec.thermalization) << QStringLiteral("--spacing") << QString::number(spec.spacing)
       << QStringLiteral("--chains") << QString::number(spec.chains);
  if (spec.noise) args << QStringLiteral("--noise") << QString::number(spec.noiseCoupling, 'g', 17);
  QString quoted = out;
  if (quoted.contains(QLatin1Char(' ')) || quoted.contains(QLatin1Char('\'')))
    quoted = QLatin1Char('\'') + QString(out).replace(QStringLiteral("'"), QStringLiteral("'\\''")) +
             QLatin1Char('\'');
  args << QStringLiteral("--out") << quoted;
  return args.join(QLatin1Char(' '));
}

}  // namespace rsmi::ui
