//===- SummaryJson.h - TuSummary to and from JSON ---------------*- C++ -*-===//
//
// The on-disk form of a per-TU summary, used by the summary cache and by
// build systems that run the summary step as a remote action. Every field of
// Summary.h and Finding.h round-trips; IRQL levels are written as their
// names (PASSIVE_LEVEL, ...) so the files are readable and stable if the
// enum is ever renumbered.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_SUMMARYJSON_H
#define NDISCHECK_SUMMARYJSON_H

#include "summary/Summary.h"

#include <nlohmann/json.hpp>

#include <string>

namespace ndischeck {

/// Bumped whenever the JSON form of a summary changes incompatibly.
constexpr int SummaryFormatVersion = 4; // 4: function programs

nlohmann::json summaryToJson(const TuSummary &S);

/// Reads a summary written by summaryToJson. On malformed input returns false
/// and sets Error to the JSON path and what was expected there, e.g.
/// "functions[2].calls[0].loc.line: expected an unsigned integer". Never
/// throws.
bool summaryFromJson(const nlohmann::json &J, TuSummary &Out,
                     std::string &Error);

} // namespace ndischeck

#endif
