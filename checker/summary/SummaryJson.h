//===- SummaryJson.h - TuSummary to and from bytes --------------*- C++ -*-===//
//
// The on-disk forms of a per-TU summary, used by the summary cache, by
// `ndis-check --summarize` / `--link` and by build systems that run the
// summary step as a remote action. Every field of Summary.h and Finding.h
// round-trips, in two encodings of one field list (SummaryJson.cpp):
//
//  - binary (encodeSummary): varints and a string table, read without an
//    intermediate document; what the cache and --summarize write;
//  - JSON (summaryToJson): the same fields by name, for people and tests;
//    IRQL levels are written as their names (PASSIVE_LEVEL, ...).
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_SUMMARYJSON_H
#define NDISCHECK_SUMMARYJSON_H

#include "summary/Summary.h"
#include "summary/SummaryFile.h"

#include "llvm/ADT/StringRef.h"

#include <nlohmann/json.hpp>

#include <string>

namespace ndischeck {

/// Bumped whenever the form of a summary changes incompatibly.
constexpr int SummaryFormatVersion = 7; // 7: field writes, argument value sets

/// The binary form of S.
std::string encodeSummary(const TuSummary &S);

/// Reads a summary in either form: the binary one of encodeSummary, or the
/// JSON text of summaryToJson. On malformed input returns false, leaves Out
/// as it was and sets Error to where and what, e.g.
/// "functions[2].calls[0].loc: expected a location [file index, line,
/// column]". Never throws.
bool decodeSummary(llvm::StringRef Bytes, TuSummary &Out, std::string &Error);

/// Whether Bytes start as encodeSummary's output does.
bool isBinarySummary(llvm::StringRef Bytes);

/// The binary form of a `--summarize` output file.
std::string encodeSummaryFile(const SummaryFile &F);
/// Whether Bytes start as encodeSummaryFile's output does.
bool isSummaryFile(llvm::StringRef Bytes);
/// Reads encodeSummaryFile's output; errors as decodeSummary's.
bool decodeSummaryFile(llvm::StringRef Bytes, SummaryFile &Out,
                       std::string &Error);

/// The binary form of a link step's findings (LinkCache).
std::string encodeFindings(const std::vector<Finding> &F);
bool decodeFindings(llvm::StringRef Bytes, std::vector<Finding> &Out,
                    std::string &Error);

nlohmann::json summaryToJson(const TuSummary &S);

/// Reads a summary written by summaryToJson; errors as decodeSummary's.
bool summaryFromJson(const nlohmann::json &J, TuSummary &Out,
                     std::string &Error);

} // namespace ndischeck

#endif
