#include "ui/sampling_panel.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QCheckBox>
#include <QComboBox>
#include <QThread>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPalette>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/exact/onsager.h"
#include "ui/figure_style.h"

namespace rsmi::ui {
namespace {

constexpr double kSliderTMin = 0.1, kSliderTMax = 6.0, kSliderStep = 0.001;

struct SizeRange {
  int min, max, step, preferred;
};

SizeRange sizeRange(SamplingPanel::Choice choice) {
  switch (choice) {
    case SamplingPanel::Choice::Ising2D: return {4, 2048, 4, 64};
    case SamplingPanel::Choice::Ising1D: return {8, 65536, 16, 256};
    case SamplingPanel::Choice::Dimers:
    case SamplingPanel::Choice::DimersWithNoise: return {4, 1024, 2, 32};
  }
  return {4, 2048, 1, 64};
}

std::vector<SamplerKind> samplersFor(ModelKind model) {
  switch (model) {
    case ModelKind::Ising2D: return {SamplerKind::Wolff, SamplerKind::SwendsenWang, SamplerKind::Metropolis};
    case ModelKind::Ising1D: return {SamplerKind::ExactChain, SamplerKind::Metropolis};
    case ModelKind::Dimer: return {SamplerKind::Worm};
  }
  return {};
}

// Secondary text (units, derived values): the palette's colour, dimmed, so fonts still inherit.
// Lighter on the dark theme; recoloured when the theme changes (the "rsmiHint" property marks them).
void colourHint(QLabel* label) {
  QPalette palette = label->palette();
  palette.setColor(QPalette::WindowText,
                   figure::screenStyle().dark ? QColor(0xA8, 0xAE, 0xB6) : QColor(0x5F, 0x63, 0x68));
  label->setPalette(palette);
}

QLabel* makeHint() {
  auto* label = new QLabel;
  label->setProperty("rsmiHint", true);
  colourHint(label);
  return label;
}

int toSlider(double t) {
  return static_cast<int>(std::lround(std::clamp(t, kSliderTMin, kSliderTMax) / kSliderStep));
}

} // namespace

SamplingPanel::SamplingPanel(QWidget* parent) : QWidget(parent) {
  connect(figure::notifier(), &figure::StyleNotifier::changed, this, [this] {
    for (QLabel* label : findChildren<QLabel*>())
      if (label->property("rsmiHint").toBool()) colourHint(label);
  });
  model_ = new QComboBox;
  model_->addItem(tr("Ising 2D"), int(Choice::Ising2D));
  model_->addItem(tr("Ising 1D"), int(Choice::Ising1D));
  model_->addItem(tr("Dimers"), int(Choice::Dimers));
  model_->addItem(tr("Dimers + noise"), int(Choice::DimersWithNoise));

  size_ = new QSpinBox;
  size_->setObjectName("size");
  size_->setAccelerated(true);
  size_->setKeyboardTracking(false);
  sizeHint_ = makeHint();

  tBox_ = new QDoubleSpinBox;
  tBox_->setDecimals(4);
  tBox_->setRange(0.01, 100.0);
  tBox_->setSingleStep(0.01);
  tBox_->setKeyboardTracking(false);
  tSlider_ = new QSlider(Qt::Horizontal);
  tSlider_->setRange(toSlider(kSliderTMin), toSlider(kSliderTMax));
  tSlider_->setPageStep(100);
  beta_ = makeHint();
  critical_ = new QPushButton(tr("Critical: T_c = 2.269185 J"));
  critical_->setToolTip(tr("Onsager's exact critical temperature of the square-lattice Ising model, "
                           "T_c = 2J / ln(1+√2) = 2.269185314… J"));

  coupling_ = new QDoubleSpinBox;
  coupling_->setDecimals(3);
  coupling_->setRange(-5.0, 5.0);
  coupling_->setSingleStep(0.1);
  coupling_->setKeyboardTracking(false);
  coupling_->setToolTip(tr("J > 0: ferromagnet; J < 0: antiferromagnet"));

  noiseCoupling_ = new QDoubleSpinBox;
  noiseCoupling_->setDecimals(3);
  noiseCoupling_->setRange(0.0, 20.0);
  noiseCoupling_->setSingleStep(0.1);
  noiseCoupling_->setKeyboardTracking(false);
  noiseCoupling_->setToolTip(tr("Coupling of each vertex–face noise-spin pair (independent of the dimers)"));
  noiseLabel_ = new QLabel(tr("Noise K"));

  sampler_ = new QComboBox;

  seed_ = new QSpinBox;
  seed_->setRange(0, std::numeric_limits<int>::max());
  seed_->setKeyboardTracking(false);
  auto* newSeed = new QPushButton(tr("New"));
  newSeed->setToolTip(tr("Pick a fresh random seed"));
  seedFixed_ = new QCheckBox(tr("fixed"));
  seedFixed_->setChecked(true);
  seedFixed_->setToolTip(tr("Checked: every run uses this seed and can be repeated exactly. "
                            "Unchecked: each run draws a new seed (shown here)."));
  // 0 is every core; results never depend on the count (the streams are per site or per task).
  threads_ = new QSpinBox;
  threads_->setRange(0, 4096);
  threads_->setSpecialValueText(tr("all cores (%1)").arg(std::max(1, QThread::idealThreadCount())));
  threads_->setToolTip(tr("Worker threads for sampling and training; the results are the same for any count"));

  problemLabel_ = new QLabel;
  problemLabel_->setObjectName("problem");
  problemLabel_->setWordWrap(true);
  QPalette problemPalette = problemLabel_->palette();
  problemPalette.setColor(QPalette::WindowText, QColor(0xB3, 0x26, 0x1E));
  problemLabel_->setPalette(problemPalette);
  problemLabel_->hide();
  modelNote_ = makeHint();
  modelNote_->setWordWrap(true);

  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->addRow(tr("Model"), model_);
  form->addRow(tr("Lattice size L"), size_);
  form->addRow(QString(), sizeHint_);
  form->addRow(tr("Temperature T"), tBox_);
  form->addRow(QString(), tSlider_);
  form->addRow(QString(), beta_);
  form->addRow(QString(), critical_);
  form->addRow(tr("Coupling J"), coupling_);
  form->addRow(noiseLabel_, noiseCoupling_);
  form->addRow(tr("Sampler"), sampler_);
  auto* seedRow = new QHBoxLayout;
  seedRow->addWidget(seed_, 1);
  seedRow->addWidget(newSeed);
  seedRow->addWidget(seedFixed_);
  form->addRow(tr("Seed"), seedRow);
  form->addRow(tr("Threads"), threads_);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(form);
  layout->addWidget(modelNote_);
  layout->addWidget(problemLabel_);

  // Defaults: the critical 2D Ising model, as in the paper.
  {
    const QSignalBlocker b(this);
    SamplingSpec defaults;
    defaults.size = 64;
    defaults.beta = exact::kIsing2DCriticalBeta;
    setSpec(defaults);
  }

  connect(model_, &QComboBox::currentIndexChanged, this, [this] { onModelChanged(); });
  connect(size_, &QSpinBox::valueChanged, this, [this] { refresh(); });
  connect(tSlider_, &QSlider::valueChanged, this, [this](int v) {
    if (updating_) return;
    const QSignalBlocker b(tBox_);
    tBox_->setValue(v * kSliderStep);
    exactT_ = tBox_->value();
    refresh();
  });
  connect(tBox_, &QDoubleSpinBox::valueChanged, this, [this](double t) {
    if (updating_) return;
    const QSignalBlocker b(tSlider_);
    tSlider_->setValue(toSlider(t));
    exactT_ = t;
    refresh();
  });
  connect(critical_, &QPushButton::clicked, this, &SamplingPanel::setCriticalTemperature);
  connect(coupling_, &QDoubleSpinBox::valueChanged, this, [this] { refresh(); });
  connect(noiseCoupling_, &QDoubleSpinBox::valueChanged, this, [this] { refresh(); });
  connect(sampler_, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
  connect(seed_, &QSpinBox::valueChanged, this, [this] { refresh(); });
  connect(newSeed, &QPushButton::clicked, this, &SamplingPanel::drawNewSeed);
  connect(threads_, &QSpinBox::valueChanged, this, [this] { refresh(); });
}

bool SamplingPanel::isSeedFixed() const { return seedFixed_->isChecked(); }
void SamplingPanel::setSeedFixed(bool fixed) { seedFixed_->setChecked(fixed); }

void SamplingPanel::drawNewSeed() {
  seed_->setValue(static_cast<int>(QRandomGenerator::global()->bounded(1, 1 << 30)));
}

void SamplingPanel::prepareSeedForRun() {
  if (!isSeedFixed()) drawNewSeed();
}

SamplingPanel::Choice SamplingPanel::choice() const { return static_cast<Choice>(model_->currentData().toInt()); }

SamplingSpec SamplingPanel::spec() const {
  SamplingSpec spec;
  const Choice c = choice();
  spec.model = c == Choice::Ising2D ? ModelKind::Ising2D : c == Choice::Ising1D ? ModelKind::Ising1D : ModelKind::Dimer;
  spec.noise = c == Choice::DimersWithNoise;
  spec.noiseCoupling = noiseCoupling_->value();
  spec.size = size_->value();
  // The spin box shows T rounded; the exact value set by setTemperature() (T_c!) or setSpec() is kept
  // as long as the box still shows it.
  const double shown = tBox_->value();
  const double t = std::abs(shown - exactT_) <= 0.51 * std::pow(10.0, -tBox_->decimals()) ? exactT_ : shown;
  spec.beta = 1.0 / t;
  spec.coupling = coupling_->value();
  spec.sampler = sampler_->count() ? static_cast<SamplerKind>(sampler_->currentData().toInt()) : SamplerKind::Auto;
  spec.seed = static_cast<std::uint64_t>(seed_->value());
  spec.threads = threads_->value();
  return spec;
}

void SamplingPanel::setSpec(const SamplingSpec& spec) {
  updating_ = true;
  const Choice c = spec.model == ModelKind::Ising2D   ? Choice::Ising2D
                   : spec.model == ModelKind::Ising1D ? Choice::Ising1D
                   : spec.noise                       ? Choice::DimersWithNoise
                                                      : Choice::Dimers;
  model_->setCurrentIndex(model_->findData(int(c)));
  const SizeRange range = sizeRange(c);
  size_->setRange(range.min, range.max);
  size_->setSingleStep(range.step);
  size_->setValue(spec.size);
  const double t = spec.beta > 0 && std::isfinite(spec.beta) ? 1.0 / spec.beta : exact::kIsing2DCriticalTemperature;
  tBox_->setValue(t);
  tSlider_->setValue(toSlider(t));
  exactT_ = t;
  coupling_->setValue(spec.coupling);
  noiseCoupling_->setValue(spec.noiseCoupling);
  seed_->setValue(static_cast<int>(std::min<std::uint64_t>(spec.seed, std::numeric_limits<int>::max())));
  threads_->setValue(std::clamp(spec.threads, 0, threads_->maximum()));
  refreshSamplers(resolvedSampler(spec));
  updating_ = false;
  refresh();
}

double SamplingPanel::temperature() const { return 1.0 / spec().beta; }

void SamplingPanel::setTemperature(double t) {
  if (!(t > 0) || !std::isfinite(t)) return;
  updating_ = true;
  tBox_->setValue(t);
  tSlider_->setValue(toSlider(t));
  exactT_ = t;
  updating_ = false;
  refresh();
}

void SamplingPanel::setCriticalTemperature() {
  setTemperature(exact::kIsing2DCriticalTemperature * std::abs(coupling_->value()));
}

QString SamplingPanel::modelTitle(const SamplingSpec& spec) {
  switch (spec.model) {
    case ModelKind::Ising2D: return tr("Ising 2D");
    case ModelKind::Ising1D: return tr("Ising 1D");
    case ModelKind::Dimer: return spec.noise ? tr("Dimers + noise") : tr("Dimers");
  }
  return {};
}

QString SamplingPanel::samplerTitle(SamplerKind sampler) {
  switch (sampler) {
    case SamplerKind::Auto: return tr("Automatic");
    case SamplerKind::ExactChain: return tr("Exact chain");
    case SamplerKind::Metropolis: return tr("Metropolis (checkerboard)");
    case SamplerKind::Wolff: return tr("Wolff (cluster)");
    case SamplerKind::SwendsenWang: return tr("Swendsen–Wang (clusters)");
    case SamplerKind::Worm: return tr("Worm (directed loops)");
  }
  return {};
}

void SamplingPanel::onModelChanged() {
  if (updating_) return;
  updating_ = true;
  const SizeRange range = sizeRange(choice());
  const int old = size_->value();
  size_->setRange(range.min, range.max);
  size_->setSingleStep(range.step);
  // Keep the size where it makes sense; a chain gets more sites than a square's side.
  int wanted = choice() == Choice::Ising1D ? std::max(old, range.preferred) : old;
  if (choice() == Choice::Dimers || choice() == Choice::DimersWithNoise) wanted += wanted % 2;
  size_->setValue(std::clamp(wanted, range.min, range.max));
  refreshSamplers(SamplerKind::Auto);
  updating_ = false;
  refresh();
}

void SamplingPanel::refreshSamplers(SamplerKind preferred) {
  const QSignalBlocker b(sampler_);
  const SamplerKind previous =
      sampler_->count() ? static_cast<SamplerKind>(sampler_->currentData().toInt()) : SamplerKind::Auto;
  SamplingSpec probe;
  probe.model = choice() == Choice::Ising2D ? ModelKind::Ising2D
                : choice() == Choice::Ising1D ? ModelKind::Ising1D
                                              : ModelKind::Dimer;
  const auto kinds = samplersFor(probe.model);
  sampler_->clear();
  for (SamplerKind k : kinds) sampler_->addItem(samplerTitle(k), int(k));
  probe.sampler = preferred;
  SamplerKind pick = resolvedSampler(probe);
  if (preferred == SamplerKind::Auto && std::find(kinds.begin(), kinds.end(), previous) != kinds.end())
    pick = previous;  // keep the user's choice when it still fits the model
  const int index = sampler_->findData(int(pick));
  sampler_->setCurrentIndex(index >= 0 ? index : 0);
}

void SamplingPanel::refresh() {
  if (updating_) return;
  const SamplingSpec s = spec();
  const bool ising = s.model != ModelKind::Dimer;
  tBox_->setEnabled(ising);
  tSlider_->setEnabled(ising);
  coupling_->setEnabled(ising);
  critical_->setEnabled(s.model == ModelKind::Ising2D);
  noiseLabel_->setVisible(s.noise);
  noiseCoupling_->setVisible(s.noise);

  const int L = s.size;
  switch (s.model) {
    case ModelKind::Ising2D: sizeHint_->setText(tr("%1 × %1 torus, %2 spins").arg(L).arg(qint64(L) * L)); break;
    case ModelKind::Ising1D: sizeHint_->setText(tr("ring of %1 spins (periodic)").arg(L)); break;
    case ModelKind::Dimer:
      sizeHint_->setText(L % 2 == 0 ? tr("%1 × %1 torus, %2 dimers").arg(L).arg(qint64(L) * L / 2)
                                    : tr("%1 × %1 torus").arg(L));
      break;
  }
  if (ising) {
    const bool critical = s.model == ModelKind::Ising2D &&
                          std::abs(s.beta * std::abs(s.coupling) - exact::kIsing2DCriticalBeta) < 1e-12;
    beta_->setText(critical ? tr("β = 1/T = %1 = β_c").arg(s.beta, 0, 'f', 5)
                            : tr("β = 1/T = %1").arg(s.beta, 0, 'f', 5));
  } else {
    beta_->setText(QString());
  }
  modelNote_->setText(ising ? QString()
                            : tr("Dimers have no temperature: every fully packed covering is equally likely."));
  modelNote_->setVisible(!ising);

  problem_ = QString::fromStdString(validate(s));
  if (!problem_.isEmpty()) problem_[0] = problem_[0].toUpper();
  problemLabel_->setText(problem_.isEmpty() ? QString() : problem_ + QLatin1Char('.'));
  problemLabel_->setVisible(!problem_.isEmpty());
  Q_EMIT specChanged();
}

} // namespace rsmi::ui
