#include "ui/readout_panel.h"

#include <cmath>

#include <QFont>
#include <QFontMetrics>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QPalette>

#include "core/exact/ising1d.h"
#include "core/exact/onsager.h"
#include "ui/figure_style.h"
#include "ui/lattice_snapshot.h"

namespace rsmi::ui {
namespace {

// Point sizes, not relative: these numbers are meant to be read from across a room. Fonts and
// palettes rather than style sheets, so that size hints are right before the widget is shown.
constexpr int kValuePointSize = 18;

void setTextColor(QLabel* label, const QColor& color) {
  QPalette palette = label->palette();
  palette.setColor(QPalette::WindowText, color);
  label->setPalette(palette);
}

QString number(double v, int decimals = 4) {
  if (!std::isfinite(v)) return QStringLiteral("—");
  QString s = QString::number(std::abs(v), 'f', decimals);
  const bool negative = v < 0 && s.toDouble() != 0.0;
  return negative ? QString(QChar(0x2212)) + s : s;
}

QString compact(double v) {
  if (v >= 1e9) return QString::number(v / 1e9, 'f', 2) + QStringLiteral(" G");
  if (v >= 1e6) return QString::number(v / 1e6, 'f', 2) + QStringLiteral(" M");
  if (v >= 1e4) return QString::number(v / 1e3, 'f', 1) + QStringLiteral(" k");
  return QString::number(v, 'f', v < 10 ? 1 : 0);
}

QString plural(const QString& unit) {
  if (unit.isEmpty()) return QObject::tr("updates");
  return unit.endsWith(QLatin1Char('s')) ? unit : unit + QLatin1Char('s');
}

} // namespace

ReadoutPanel::ReadoutPanel(QWidget* parent) : QWidget(parent) {
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->setHorizontalSpacing(14);
  grid->setVerticalSpacing(6);

  auto caption = [](const QString& text) {
    auto* label = new QLabel(text);
    setTextColor(label, QColor(0x5F, 0x63, 0x68));
    return label;
  };
  auto* nowHeader = caption(tr("now"));
  exactHeader_ = caption(tr("exact, L → ∞"));
  nowHeader->setAlignment(Qt::AlignRight);
  exactHeader_->setAlignment(Qt::AlignRight);
  energyCaption_ = caption(tr("Energy / site"));
  magnetizationCaption_ = caption(tr("|m|"));
  energy_ = makeValue();
  energyExact_ = makeValue();
  magnetization_ = makeValue();
  magnetizationExact_ = makeValue();
  // Captions grey and exact values green, lighter on the dark theme.
  const QList<QLabel*> captions = {nowHeader, exactHeader_, energyCaption_, magnetizationCaption_};
  auto recolour = [this, captions] {
    const bool dark = figure::screenStyle().dark;
    for (QLabel* label : captions) setTextColor(label, dark ? QColor(0xA8, 0xAE, 0xB6) : QColor(0x5F, 0x63, 0x68));
    for (QLabel* label : {energyExact_, magnetizationExact_})
      setTextColor(label, dark ? QColor(0x7F, 0xC7, 0x9A) : QColor(0x3C, 0x6E, 0x47));
  };
  recolour();
  connect(figure::notifier(), &figure::StyleNotifier::changed, this, recolour);
  updates_ = new QLabel;
  rate_ = new QLabel;

  grid->addWidget(nowHeader, 0, 1);
  grid->addWidget(exactHeader_, 0, 2);
  grid->addWidget(energyCaption_, 1, 0);
  grid->addWidget(energy_, 1, 1);
  grid->addWidget(energyExact_, 1, 2);
  grid->addWidget(magnetizationCaption_, 2, 0);
  grid->addWidget(magnetization_, 2, 1);
  grid->addWidget(magnetizationExact_, 2, 2);
  grid->addWidget(caption(tr("Updates")), 3, 0);
  grid->addWidget(updates_, 3, 1, 1, 2);
  grid->addWidget(caption(tr("Rate")), 4, 0);
  grid->addWidget(rate_, 4, 1, 1, 2);
  grid->setColumnStretch(1, 1);
  grid->setColumnStretch(2, 1);

  setSpec(spec_);
  setStats(0, 0, {});
}

QLabel* ReadoutPanel::makeValue() {
  auto* label = new QLabel(QStringLiteral("—"));
  QFont f = label->font();
  f.setPointSize(kValuePointSize);
  f.setWeight(QFont::DemiBold);
  label->setFont(f);
  // Room for the widest usual value from the start: live numbers must not make the layout jump.
  label->setMinimumWidth(QFontMetrics(f).horizontalAdvance(QString(QChar(0x2212)) + QStringLiteral("8.8888")) + 4);
  label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}

void ReadoutPanel::setSpec(const SamplingSpec& spec) {
  // The measured column describes the configuration on screen, which stays until the model changes.
  const bool sameModel = spec.model == spec_.model && spec.noise == spec_.noise;
  spec_ = spec;
  const bool valid = validate(spec).empty();
  switch (spec.model) {
    case ModelKind::Ising2D:
      energyCaption_->setText(tr("Energy / site"));
      magnetizationCaption_->setText(tr("|m|"));
      exactHeader_->setText(tr("Onsager · Yang"));
      energyExact_->setText(valid ? number(exact::onsagerEnergyPerSite(spec.beta, spec.coupling)) : QString());
      magnetizationExact_->setText(valid ? number(exact::yangMagnetization(spec.beta, spec.coupling)) : QString());
      energyExact_->setToolTip(tr("Onsager's energy per site of the infinite lattice"));
      magnetizationExact_->setToolTip(tr("Yang's spontaneous magnetization of the infinite lattice"));
      break;
    case ModelKind::Ising1D:
      energyCaption_->setText(tr("Energy / site"));
      magnetizationCaption_->setText(tr("|m|"));
      exactHeader_->setText(tr("exact, L → ∞"));
      energyExact_->setText(
          valid ? number(-spec.coupling * exact::ising1DChainCorrelation(1, spec.beta, spec.coupling)) : QString());
      magnetizationExact_->setText(valid ? number(0.0) : QString());
      energyExact_->setToolTip(tr("−J tanh(βJ): the open chain's energy per bond"));
      magnetizationExact_->setToolTip(tr("No order at any T > 0 in one dimension"));
      break;
    case ModelKind::Dimer:
      energyCaption_->setText(tr("Winding W"));
      magnetizationCaption_->setText(tr("Dimers"));
      exactHeader_->setText(tr("full covering"));
      energyExact_->setText(QString());
      magnetizationExact_->setText(spec.size % 2 == 0 ? QString::number(qint64(spec.size) * spec.size / 2) : QString());
      energyExact_->setToolTip(QString());
      magnetizationExact_->setToolTip(tr("L²/2 dimers cover the L × L torus"));
      break;
  }
  if (!sameModel) clearMeasurements();
}

void ReadoutPanel::clearMeasurements() {
  energy_->setText(QStringLiteral("—"));
  magnetization_->setText(QStringLiteral("—"));
}

void ReadoutPanel::setSnapshot(const LatticeSnapshot& snapshot) {
  const SnapshotReadout& r = snapshot.readout;
  if (snapshot.model == ModelKind::Dimer) {
    energy_->setText(QStringLiteral("(%1, %2)").arg(number(r.windingX, 0), number(r.windingY, 0)));
    magnetization_->setText(QString::number(r.dimers));
  } else {
    energy_->setText(number(r.energyPerSite));
    magnetization_->setText(number(r.absMagnetization));
  }
}

void ReadoutPanel::setStats(std::uint64_t updates, double updatesPerSecond, const QString& unitName) {
  updates_->setText(QStringLiteral("%1 %2").arg(QLocale().toString(qulonglong(updates)), plural(unitName)));
  rate_->setText(QStringLiteral("%1 %2/s").arg(compact(updatesPerSecond), plural(unitName)));
}

QString ReadoutPanel::energyText() const { return energy_->text(); }
QString ReadoutPanel::magnetizationText() const { return magnetization_->text(); }

} // namespace rsmi::ui
