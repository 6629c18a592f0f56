// rsmi run: any RunSpec — a file written by hand, the run.json of a results folder, or a flow.json
// (which carries the spec that made it) — into a results folder, bit for bit the same results.
#include <climits>

#include "app/cli/commands.h"
#include "app/cli/experiment_runner.h"
#include "io/io_error.h"
#include "io/run_spec_json.h"

namespace rsmi::cli {

namespace {

int runRunCommand(const Arguments& args, const Context& context) {
  RunSpec spec;
  try {
    spec = io::readRunSpec(QString::fromStdString(args.operands().at(0)));
  } catch (const io::IoError& e) {
    // A spec the system will not let us read (permissions) is the user's to fix, like a bad one.
    if (e.kind() == io::IoError::Kind::System) throw UsageError(e.what());
    throw;
  }
  // The thread count never changes a result, so it may be overridden freely.
  if (auto v = args.integer("threads", 0, 4096))
    spec.flow.sampling.threads = spec.flow.rg.threads = static_cast<int>(*v);
  return runExperimentIntoFolder(spec, experimentOutputFromArguments(args), context);
}

} // namespace

Command runSpecCommand() {
  Command c;
  c.name = "run";
  c.summary = "run an experiment described by a RunSpec (JSON), or repeat a saved one";
  c.usage = {"run SPEC.json --out DIR [--threads n] [--resume] [--force] [--json]"};
  c.description =
      "SPEC.json is a RunSpec (format in docs/cli.md), the run.json of a results folder, or a flow.json\n"
      "(the spec it carries is used). The results are the same, bit for bit, as those of the run that wrote\n"
      "the spec, whatever the number of threads. Writes DIR/run.json, DIR/runs/, DIR/flow.json, DIR/flow.csv.";
  c.operands = {"SPEC.json"};
  c.options = {{"threads", "n", "worker threads, 0 all (never changes the result)"}};
  for (const Option& o : experimentOutputOptions()) c.options.push_back(o);
  c.run = runRunCommand;
  return c;
}

} // namespace rsmi::cli
