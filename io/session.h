#pragma once
// A studio session as a file (".rsmi.json"): the RunSpec and every finished temperature run, full
// precision. Opening one resumes the experiment with all of them — nothing is recomputed, the
// analysis (thermometer, flows, fixed points) is redone in an instant — so the views come back
// exactly as they were, and a session saved mid-run continues where it stopped.
#include <QByteArray>
#include <QString>

#include "core/pipeline/experiment.h"

namespace rsmi::io {

struct Session {
  RunSpec spec;
  FinishedRuns runs;
};

QByteArray sessionToJson(const Session& session);
// IoError(BadInput) naming the problem; runs of keys the spec does not have are refused too.
Session sessionFromJson(const QByteArray& json, const std::string& where);
void writeSession(const QString& path, const Session& session, bool force = true);
Session readSession(const QString& path);

} // namespace rsmi::io
