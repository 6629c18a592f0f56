#include "ui/experiment_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>
#include <utility>

#include "core/exact/onsager.h"
#include "core/pipeline/cost_estimate.h"
#include "core/rg/dimer_rg_step.h"
#include "ui/window_diagram.h"

namespace rsmi::ui {

namespace {

QSpinBox* spin(int lo, int hi, int value) {
  auto* s = new QSpinBox;
  s->setRange(lo, hi);
  s->setValue(value);
  s->setKeyboardTracking(false);
  return s;
}

} // namespace

std::optional<std::vector<double>> ExperimentPanel::parseTemperatures(const QString& text, QString* error) {
  auto fail = [&](const QString& why) -> std::optional<std::vector<double>> {
    if (error) *error = why;
    return std::nullopt;
  };
  QString body = text.trimmed();
  bool temperatures = false;
  if (body.startsWith(QLatin1Char('T'), Qt::CaseInsensitive)) {
    temperatures = true;
    body = body.mid(1).trimmed();
  }
  std::vector<double> values;
  if (body.contains(QLatin1Char(':'))) {
    const QStringList parts = body.split(QLatin1Char(':'));
    bool ok0 = false, ok1 = false, ok2 = false;
    if (parts.size() != 3) return fail(tr("a range is FROM:TO:COUNT, e.g. 0.40:0.48:9"));
    const double from = parts[0].trimmed().toDouble(&ok0), to = parts[1].trimmed().toDouble(&ok1);
    const int count = parts[2].trimmed().toInt(&ok2);
    if (!ok0 || !ok1 || !ok2) return fail(tr("a range is FROM:TO:COUNT, e.g. 0.40:0.48:9"));
    if (count < 2 || count > 200) return fail(tr("a range needs a COUNT from 2 to 200"));
    if (!(to > from)) return fail(tr("a range must go upwards (FROM < TO)"));
    for (int i = 0; i < count; ++i) values.push_back(from + (to - from) * i / (count - 1));
  } else {
    for (const QString& part : body.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts)) {
      bool ok = false;
      const double v = part.toDouble(&ok);
      if (!ok) return fail(tr("'%1' is not a number").arg(part));
      values.push_back(v);
    }
  }
  if (values.empty()) return fail(tr("give at least one temperature"));
  for (double& v : values) {
    if (!std::isfinite(v) || v <= 0) return fail(tr("temperatures and β must be positive, finite numbers"));
    if (temperatures) v = 1.0 / v;
  }
  return values;
}

QString ExperimentPanel::formatBetas(const std::vector<double>& betas) {
  QStringList parts;
  for (double b : betas) parts << QString::number(b, 'g', 10);
  return parts.join(QStringLiteral(", "));
}

QString ExperimentPanel::temperaturesToolTip() {
  return tr("β values: FROM:TO:COUNT (e.g. 0.40:0.48:9) or a list (0.42, 0.44);\n"
            "temperatures with a leading T (T 2.1, 2.3). One value: a single RG iteration.");
}

ExperimentPanel::ExperimentPanel(QWidget* parent) : QWidget(parent) {
  samples_ = spin(2, 1000000, 1000);
  samples_->setSingleStep(100);
  samples_->setToolTip(tr("Samples drawn at every temperature"));
  temperatures_ = new QLineEdit(QStringLiteral("0.40:0.48:9"));
  temperatures_->setToolTip(temperaturesToolTip());
  auto* aroundCritical = aroundCritical_ = new QPushButton(tr("Around T_c"));
  aroundCritical->setToolTip(tr("Nine temperatures within ±8 % of the exact β_c"));
  auto* temperatureRow = new QHBoxLayout;
  temperatureRow->setContentsMargins(0, 0, 0, 0);
  temperatureRow->addWidget(temperatures_, 1);
  temperatureRow->addWidget(aroundCritical);

  blockWidth_ = spin(1, 16, 2);
  blockHeight_ = spin(1, 16, 2);
  auto* blockRow = new QHBoxLayout;
  blockRow->setContentsMargins(0, 0, 0, 0);
  blockRow->addWidget(blockWidth_);
  blockRow->addWidget(new QLabel(QStringLiteral("×")));
  blockRow->addWidget(blockHeight_);
  buffer_ = spin(0, 16, 1);
  environment_ = spin(1, 16, 1);
  hidden_ = spin(1, 8, 1);
  estimator_ = new QComboBox;
  estimator_->addItem(tr("exact enumeration"), int(EstimatorKind::Exact));
  estimator_->addItem(tr("variational (critic)"), int(EstimatorKind::Variational));
  estimator_->addItem(tr("paper (Θ-RBMs)"), int(EstimatorKind::Paper));
  epochs_ = spin(1, 100000, 100);
  learningRate_ = new QDoubleSpinBox;
  learningRate_->setDecimals(4);
  learningRate_->setRange(0.0001, 10.0);
  learningRate_->setSingleStep(0.005);
  learningRate_->setValue(0.02);
  steps_ = spin(1, 12, 3);
  thermometer_ = new QComboBox;
  thermometer_->addItem(tr("learned MI"), int(ThermometerKind::MutualInformation));
  thermometer_->addItem(tr("nearest-neighbour ⟨ss'⟩"), int(ThermometerKind::NearestNeighbour));
  thermometer_->addItem(tr("next-nearest ⟨ss''⟩"), int(ThermometerKind::NextNearestNeighbour));
  majority_ = new QCheckBox(tr("Compare with the majority rule"));
  diagram_ = new WindowDiagram;
  diagram_->setMinimumHeight(120);
  problem_ = new QLabel;
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("color: #B3261E;"));
  problem_->hide();
  importedNote_ = new QLabel;
  importedNote_->setObjectName(QStringLiteral("importedNote"));
  importedNote_->setWordWrap(true);
  importedNote_->setTextFormat(Qt::RichText);
  importedNote_->hide();
  connect(importedNote_, &QLabel::linkActivated, this, [this] { drawInstead(); });

  // Named so that tests (and style sheets) find the fields.
  const std::pair<QWidget*, const char*> named[] = {
      {samples_, "samples"},     {temperatures_, "temperatures"}, {blockWidth_, "blockWidth"},
      {blockHeight_, "blockHeight"}, {buffer_, "buffer"},         {environment_, "environment"},
      {hidden_, "hidden"},       {estimator_, "estimator"},       {epochs_, "epochs"},
      {learningRate_, "learningRate"}, {steps_, "steps"},         {problem_, "problem"}};
  for (const auto& [widget, name] : named) widget->setObjectName(QLatin1String(name));

  auto* form = new QFormLayout;
  form->addRow(tr("Samples / T"), samples_);
  form->addRow(tr("β list"), temperatureRow);
  form->addRow(tr("Block V"), blockRow);
  form->addRow(tr("Buffer L_B"), buffer_);
  form->addRow(tr("Environment L_E"), environment_);
  form->addRow(tr("Hidden units"), hidden_);
  form->addRow(tr("Estimator"), estimator_);
  form->addRow(tr("Epochs"), epochs_);
  form->addRow(tr("Learning rate"), learningRate_);
  form->addRow(tr("RG steps"), steps_);
  form->addRow(tr("Thermometer"), thermometer_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(importedNote_);
  layout->addLayout(form);
  layout->addWidget(majority_);
  layout->addWidget(diagram_);
  layout->addWidget(problem_);

  for (QSpinBox* s : {samples_, blockWidth_, blockHeight_, buffer_, environment_, hidden_, epochs_, steps_})
    connect(s, &QSpinBox::valueChanged, this, [this] {
      refreshDiagram();
      Q_EMIT specChanged();
    });
  connect(learningRate_, &QDoubleSpinBox::valueChanged, this, &ExperimentPanel::specChanged);
  for (QComboBox* c : {estimator_, thermometer_})
    connect(c, &QComboBox::currentIndexChanged, this, &ExperimentPanel::specChanged);
  connect(majority_, &QCheckBox::toggled, this, &ExperimentPanel::specChanged);
  connect(temperatures_, &QLineEdit::textChanged, this, &ExperimentPanel::specChanged);
  connect(aroundCritical, &QPushButton::clicked, this, &ExperimentPanel::setTemperaturesAroundCritical);
  refreshDiagram();
}

void ExperimentPanel::setTemperaturesAroundCritical() {
  std::vector<double> betas;
  for (int i = -4; i <= 4; ++i) betas.push_back(std::round(exact::kIsing2DCriticalBeta * (1 + 0.02 * i) * 1e5) / 1e5);
  temperatures_->setText(formatBetas(betas));
}

void ExperimentPanel::refreshDiagram() {
  WindowGeometry g;
  g.blockWidth = blockWidth_->value();
  g.blockHeight = oneDimensional_ ? 1 : blockHeight_->value();
  g.buffer = buffer_->value();
  g.environment = environment_->value();
  diagram_->setWindowGeometry(g, oneDimensional_);
}

RunSpec ExperimentPanel::spec(const SamplingSpec& sampling) const {
  RunSpec spec = base_;
  FlowSpec& f = spec.flow;
  f.sampling = sampling;
  f.sampling.samples = samples_->value();
  if (importing()) {
    f.sampling = imported_;
    f.sampling.threads = sampling.threads;
    spec.replicas = 1;
  }
  f.betas.clear();
  if (auto betas = parseTemperatures(temperatures_->text())) f.betas = *betas;
  LearningSpec& l = f.rg.learning;
  const bool oneD = f.sampling.model == ModelKind::Ising1D;
  // Dimers have no temperature and take one step, with no thermometer and no majority rule
  // (core/rg/dimer_rg_step.h): the fields that say otherwise are disabled and not read. Imported
  // samples have no known temperature either, but take the RG steps asked for.
  const bool dimers = !hasTemperature(f.sampling.model);
  const bool noTemperature = !hasTemperature(f.sampling);
  if (noTemperature) f.betas = {kDimerPlaceholderBeta};
  l.window.blockWidth = blockWidth_->value();
  l.window.blockHeight = oneD ? 1 : blockHeight_->value();
  l.window.buffer = buffer_->value();
  l.window.environment = environment_->value();
  l.estimator = static_cast<EstimatorKind>(estimator_->currentData().toInt());
  l.training.hiddenCount = hidden_->value();
  l.training.epochs = epochs_->value();
  l.training.learningRate = learningRate_->value();
  l.training.seed = f.sampling.seed;
  l.scoreBaselines = !dimers;  // the MI chart shows them; Ising block rules mean nothing on dimer links
  f.rg.steps = dimers ? 1 : steps_->value();
  f.rg.seed = f.sampling.seed;
  f.rg.threads = sampling.threads;
  f.thermometer = static_cast<ThermometerKind>(thermometer_->currentData().toInt());
  spec.compareMajority = !noTemperature && majority_->isChecked();
  return spec;
}

void ExperimentPanel::setSpec(const RunSpec& spec) {
  const QSignalBlocker blockers[] = {QSignalBlocker(samples_), QSignalBlocker(temperatures_), QSignalBlocker(blockWidth_),
                                     QSignalBlocker(blockHeight_), QSignalBlocker(buffer_), QSignalBlocker(environment_),
                                     QSignalBlocker(hidden_), QSignalBlocker(estimator_), QSignalBlocker(epochs_),
                                     QSignalBlocker(learningRate_), QSignalBlocker(steps_), QSignalBlocker(thermometer_),
                                     QSignalBlocker(majority_)};
  base_ = spec;
  const FlowSpec& f = spec.flow;
  const LearningSpec& l = f.rg.learning;
  samples_->setValue(f.sampling.samples);
  temperatures_->setText(formatBetas(f.betas));
  blockWidth_->setValue(l.window.blockWidth);
  blockHeight_->setValue(l.window.blockHeight);
  buffer_->setValue(l.window.buffer);
  environment_->setValue(l.window.environment);
  hidden_->setValue(l.training.hiddenCount);
  estimator_->setCurrentIndex(estimator_->findData(int(l.estimator)));
  epochs_->setValue(l.training.epochs);
  learningRate_->setValue(l.training.learningRate);
  steps_->setValue(f.rg.steps);
  thermometer_->setCurrentIndex(thermometer_->findData(int(f.thermometer)));
  majority_->setChecked(spec.compareMajority);
  imported_ = f.sampling.samplesFile.empty() ? SamplingSpec{} : f.sampling;
  setModel(f.sampling.model);
  Q_EMIT specChanged();
}

QString ExperimentPanel::problem(const SamplingSpec& sampling) const {
  QString error;
  if (!importing() && hasTemperature(sampling.model) && !parseTemperatures(temperatures_->text(), &error))
    return tr("β list: %1").arg(error);
  const RunSpec run = spec(sampling);
  if (const std::string p = validate(run); !p.empty()) return QString::fromStdString(p);
  return costProblem(run);
}

QString ExperimentPanel::costProblem(const RunSpec& spec) {
  return QString::fromStdString(refusal(estimateCost(spec), physicalMemoryBytes()));
}

void ExperimentPanel::setImported(const SamplingSpec& sampling) {
  imported_ = sampling;
  setModel(drawnModel_);
  Q_EMIT specChanged();
}

void ExperimentPanel::setModel(ModelKind model) {
  drawnModel_ = model;
  if (importing()) model = imported_.model;  // the file's geometry, whatever the sampling form says
  oneDimensional_ = model == ModelKind::Ising1D;
  blockHeight_->setEnabled(!oneDimensional_);
  const bool temperature = hasTemperature(model) && !importing();
  for (QWidget* w : std::initializer_list<QWidget*>{temperatures_, aroundCritical_, thermometer_, majority_})
    w->setEnabled(temperature);
  steps_->setEnabled(hasTemperature(model));
  samples_->setEnabled(!importing());
  if (importing()) {
    const QString file = QFileInfo(QString::fromStdString(imported_.samplesFile)).fileName();
    const QString shape = oneDimensional_ ? tr("chains of %1").arg(imported_.size)
                                          : tr("%1×%1 lattices").arg(imported_.size);
    importedNote_->setText(tr("Samples imported from <b>%1</b>: %2 %3, temperature unknown. "
                              "<a href=\"draw\">Draw samples instead</a>")
                               .arg(file.toHtmlEscaped())
                               .arg(imported_.samples)
                               .arg(shape));
    importedNote_->setToolTip(QString::fromStdString(imported_.samplesFile));
  }
  importedNote_->setVisible(importing());
  temperatures_->setToolTip(temperature ? temperaturesToolTip()
                            : importing() ? tr("Imported samples: their temperature is not known")
                                          : tr("Dimers have no temperature: every covering is equally likely"));
  steps_->setToolTip(hasTemperature(model) ? QString()
                                 : tr("Dimers take one RG step: the coarse lattice holds the hidden units' field "
                                      "variables, not dimers"));
  refreshDiagram();
}

void ExperimentPanel::showProblem(const QString& problem) {
  // Shown as a sentence, like the sampling panel's problems; problem() keeps the core's wording.
  QString sentence = problem;
  if (!sentence.isEmpty()) {
    sentence[0] = sentence[0].toUpper();
    if (!sentence.endsWith(QLatin1Char('.'))) sentence += QLatin1Char('.');
  }
  problem_->setText(sentence);
  problem_->setVisible(!problem.isEmpty());
}

} // namespace rsmi::ui
