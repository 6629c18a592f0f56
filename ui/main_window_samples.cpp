// MainWindow's sample files. File → Export data → Samples: samples of the sampling form's spec drawn
// on a worker thread exactly as `rsmi sample` draws them (resolvedSpec, drawSamples, encodeNpy, the
// same manifest), with a progress dialog that can cancel. File → Import samples: a .npy read on the
// same worker. Kept apart from the other files: drawing is the one export that computes (minutes for
// a large lattice), so it has its own worker and never delays a session save.
#include <QCoreApplication>
#include <QProgressDialog>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

#include <atomic>
#include <cmath>
#include <memory>

#include "core/mc/draw_samples.h"
#include "io/atomic_file.h"
#include "io/imported_samples.h"
#include "io/manifest.h"
#include "io/npy.h"
#include "ui/background_writer.h"
#include "ui/experiment_export.h"
#include "ui/experiment_job.h"
#include "ui/experiment_panel.h"
#include "ui/lattice_view.h"
#include "ui/main_window.h"

namespace rsmi::ui {

namespace {
// As `rsmi sample`: the set lives in memory twice (samples, then the file's bytes).
constexpr double kMaxSampleBytes = 8.0 * (1ull << 30);
}  // namespace

void MainWindow::cancelSampleExport() { sampleWriter_->cancel(); }

void MainWindow::showSampleDrawProgress() {
  int permille = 0;
  std::string stage;
  {
    std::lock_guard lock(sampleDraw_.mutex);
    permille = sampleDraw_.permille;
    stage = sampleDraw_.stage;
  }
  if (!sampleProgress_ || stage.empty()) return;
  sampleProgress_->setLabelText(tr("Samples: %1…").arg(QString::fromStdString(stage)));
  sampleProgress_->setValue(permille);
}

QString MainWindow::exportSamples(const QString& path) {
  const QString failure = tr("Cannot export samples");
  const auto refuse = [&](const QString& problem) {
    reportFileProblem(failure, problem);
    return problem;
  };
  if (sampleWriter_->pending() > 0)
    return refuse(tr("a sample file is being written already; wait for it or cancel it"));
  if (!path.endsWith(QLatin1String(".npy"), Qt::CaseInsensitive))
    return refuse(tr("'%1': the sample file's name must end in .npy").arg(path));
  // The live form's model, size, temperature, sampler and seed; the count of the experiment form's
  // "Samples / T" (the live chain has none); thermalisation, spacing and chains automatic.
  SamplingSpec asked = spec();
  asked.samples = experimentSpec().flow.sampling.samples;
  if (const std::string problem = validate(asked); !problem.empty())
    return refuse(QString::fromStdString(problem));
  const double sites = asked.model == ModelKind::Ising1D ? asked.size
                       : asked.model == ModelKind::Dimer ? 4.0 * asked.size * asked.size
                                                         : double(asked.size) * asked.size;
  if (sites * asked.samples > kMaxSampleBytes)
    return refuse(tr("%1 samples of %2 sites need %3 GiB of memory; the limit is 8 GiB")
                      .arg(asked.samples)
                      .arg(sites)
                      .arg(sites * asked.samples / (1 << 30), 0, 'g', 3));
  const QString manifestPath = io::manifestPathFor(path);
  // Refused now (cheap checks of the folder), not after minutes of sampling.
  try {
    io::checkWritable(path, true);
    io::checkWritable(manifestPath, true);
  } catch (const std::exception& e) {
    return refuse(QString::fromUtf8(e.what()));
  }

  const SamplingSpec run = resolvedSpec(asked);
  const QString command = sampleCommandLine(run, path);
  auto* dialog = new QProgressDialog(tr("Drawing %1 samples…").arg(run.samples), tr("Cancel"), 0, 1000, this);
  dialog->setWindowTitle(tr("Export samples"));
  dialog->setObjectName(QStringLiteral("sampleProgress"));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setAutoClose(false);
  dialog->setAutoReset(false);
  dialog->setMinimumDuration(400);  // a quick draw does not flash a dialog
  dialog->setValue(0);
  connect(dialog, &QProgressDialog::canceled, this, &MainWindow::cancelSampleExport);
  sampleProgress_ = dialog;
  statusBar()->showMessage(tr("Drawing %1 samples for %2…").arg(run.samples).arg(path));

  // Reported from the worker, at most once per percent and stage, into sampleDraw_; the dialog's
  // timer shows the latest on the GUI thread. The window outlives the worker (its destructor joins
  // it), so the worker's writes always land in a live window.
  {
    std::lock_guard lock(sampleDraw_.mutex);
    sampleDraw_.permille = 0;
    sampleDraw_.stage.clear();
  }
  auto* poll = new QTimer(dialog);
  connect(poll, &QTimer::timeout, this, &MainWindow::showSampleDrawProgress);
  poll->start(50);
  const ProgressSink progress = [this](const Progress& p) {
    const bool sampling = p.stage == "sampling";
    {
      std::lock_guard lock(sampleDraw_.mutex);
      sampleDraw_.permille = static_cast<int>(std::lround(sampling ? 500 + 500 * p.fraction : 500 * p.fraction));
      sampleDraw_.stage = p.stage;
    }
  };
  auto cancelled = std::make_shared<std::atomic_bool>(false);
  sampleWriter_->post(
      [run, path, manifestPath, command, progress, cancelled](std::stop_token stop) {
        SampleSet samples;
        try {
          samples = drawSamples(run, stop, progress);
        } catch (const Cancelled&) {
          cancelled->store(true);
          return QString();
        }
        // As `rsmi sample`: both files to temporaries, renamed only when both are complete, so a
        // failure or a cancel leaves neither (and never a sample file without its manifest).
        const QByteArray bytes = io::encodeNpy(samples);
        const io::SampleManifest manifest = io::describeSamples(path, bytes, run, command);
        io::AtomicFile npyFile(path, true), manifestFile(manifestPath, true);
        npyFile.write(bytes);
        manifestFile.write(io::manifestToJson(manifest));
        if (stop.stop_requested()) {
          cancelled->store(true);
          return QString();
        }
        npyFile.commit();
        manifestFile.commit();
        return QString();
      },
      [this, path, manifestPath, cancelled, samples = run.samples](const QString& problem) {
        if (sampleProgress_) sampleProgress_->close();
        QString outcome = problem;
        if (cancelled->load()) {
          outcome = tr("cancelled: nothing was written");
          statusBar()->showMessage(tr("Sample export cancelled; nothing was written"), 6000);
        } else if (!problem.isEmpty()) {
          reportFileProblem(tr("Cannot export samples"), problem);
        } else {
          statusBar()->showMessage(
              tr("Wrote %1 samples to %2 and the manifest %3").arg(samples).arg(path, manifestPath), 6000);
        }
        Q_EMIT writeFinished(outcome);
      });
  return {};
}

QString MainWindow::importSamples(const QString& path) {
  if (sampleWriter_->pending() > 0) {
    const QString problem = tr("a sample file is being written or read already; wait for it or cancel it");
    reportFileProblem(tr("Cannot import samples"), problem);
    return problem;
  }
  statusBar()->showMessage(tr("Reading samples from %1…").arg(path));
  // Filled on the worker, read in Done on the GUI thread: the writer's hand-over orders the two.
  auto imported = std::make_shared<io::ImportedSamples>();
  sampleWriter_->post(
      [path, imported](std::stop_token) {
        *imported = io::importSamples(path);
        return QString();
      },
      [this, imported](const QString& problem) {
        if (!problem.isEmpty()) {
          reportFileProblem(tr("Cannot import samples"), problem);
        } else {
          useImportedSamples(imported->sampling, *imported->samples);
        }
        Q_EMIT samplesImported(problem);
      });
  return {};
}

void MainWindow::useImportedSamples(const SamplingSpec& sampling, const SampleSet& samples) {
  // New data: the experiment of other samples and the live chain stop; what they computed goes.
  job_->stop();
  stopRun();
  clearExperimentViews();
  experimentPanel_->setImported(sampling);
  latticeStack_->setCurrentWidget(liveSplit_);
  view_->setModel(sampling.model);
  const auto first = samples.sample(0);
  view_->setConfiguration(std::make_shared<const std::vector<std::int8_t>>(first.begin(), first.end()), samples.shape);
  const QString shape = sampling.model == ModelKind::Ising1D ? tr("chains of %1").arg(sampling.size)
                                                             : tr("%1×%1 lattices").arg(sampling.size);
  statusBar()->showMessage(tr("Imported %1 %2 from %3 (the first is shown); Run experiment learns on them")
                               .arg(sampling.samples)
                               .arg(shape, QString::fromStdString(sampling.samplesFile)),
                           10000);
  updateActions();
}

}  // namespace rsmi::ui
