#pragma once
// Runs an Experiment into a results folder — shared by `rsmi flow` and `rsmi run`:
//   DIR/run.json   the RunSpec (written first: `rsmi run DIR/run.json` repeats the experiment),
//   DIR/runs/      one file per finished temperature, written as each finishes (resume, merge),
//   DIR/flow.json  the results (key list in docs/cli.md) and DIR/flow.csv.
#include <QString>

#include "app/cli/arguments.h"
#include "core/pipeline/experiment.h"

namespace rsmi::cli {

struct ExperimentOutput {
  QString folder;
  bool force = false;   // replace an earlier experiment's files
  bool resume = false;  // reuse DIR/runs/ files of the same spec, replace the results
  bool json = false;    // print flow.json on stdout instead of the table
  bool quiet = false;   // no progress line
  // One part of a job array: only its temperature runs, into DIR/runs/, no analysis. The parts share
  // DIR (each writes its own files); `rsmi run DIR/run.json --out DIR --resume` then puts them together.
  ExperimentPart part;
};

// Checks the folder, runs, writes, prints. Returns the exit status; throws UsageError / IoError.
// A spec that imports its samples runs on `imported`, or reads them (io::readImportedSamples).
int runExperimentIntoFolder(const RunSpec& spec, const ExperimentOutput& output, const Context& context,
                            std::shared_ptr<const SampleSet> imported = {});

// The options --out, --force, --resume, --quiet, --part, --json.
std::vector<Option> experimentOutputOptions();
ExperimentOutput experimentOutputFromArguments(const Arguments& args);

}  // namespace rsmi::cli
