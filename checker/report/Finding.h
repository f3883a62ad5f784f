//===- Finding.h - What a rule reports --------------------------*- C++ -*-===//
//
// A finding is a plain value: it outlives the AST it came from, travels
// through the per-TU summary cache and is rendered as text, SARIF or JSON.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_FINDING_H
#define NDISCHECK_FINDING_H

#include <string>
#include <tuple>
#include <vector>

namespace ndischeck {

struct SourcePoint {
  std::string File; ///< as the compiler saw it (absolute where possible)
  unsigned Line = 0;
  unsigned Col = 0;

  bool valid() const { return Line != 0; }
  bool operator<(const SourcePoint &O) const {
    return std::tie(File, Line, Col) < std::tie(O.File, O.Line, O.Col);
  }
  bool operator==(const SourcePoint &O) const {
    return File == O.File && Line == O.Line && Col == O.Col;
  }
};

/// One step of the explanation: entry point, call, lock acquisition, ...
struct TraceStep {
  SourcePoint Loc;
  std::string Message;
};

struct Finding {
  std::string RuleId;
  std::string Severity; ///< from the rule: "error" | "warning" | "note"
  SourcePoint Loc;
  std::string Message;
  std::string Function; ///< the function containing Loc, for fingerprints
  std::vector<TraceStep> Trace;
  /// Set when a NOLINT comment suppresses it: reported in SARIF as suppressed.
  bool Suppressed = false;

  bool operator<(const Finding &O) const {
    return std::tie(Loc, RuleId, Message) <
           std::tie(O.Loc, O.RuleId, O.Message);
  }
};

} // namespace ndischeck

#endif
