//===- Suppressions.h - NOLINT comments in the driver's source --*- C++ -*-===//
//
// The CLI honours the same suppression comments as clang-tidy (which the
// ndis-* checks get for free in the clang-tidy plugin and ndis-clangd):
//
//   Call(...); // NOLINT                      every rule on this line
//   Call(...); // NOLINT(ndis-tag, ndis-irql)  only these rules
//   // NOLINTNEXTLINE(ndis-tag)                the next line
//   // NOLINTBEGIN(ndis-tag) ... // NOLINTEND(ndis-tag)   a region
//
// Rule lists may use globs ("ndis-*"). A suppressed finding is not lost: it
// is marked Finding::Suppressed, so that text output hides it, the exit code
// ignores it and SARIF records it as an in-source suppression.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_SUPPRESSIONS_H
#define NDISCHECK_SUPPRESSIONS_H

#include "report/Finding.h"

#include <string>
#include <vector>

namespace ndischeck {

/// Whether a NOLINT-style comment on the line of the finding, the line above
/// (NOLINTNEXTLINE) or an enclosing NOLINTBEGIN/NOLINTEND region covers
/// RuleId. Lines is the file's text split into lines (Lines[0] is line 1).
bool isSuppressed(const std::vector<std::string> &Lines, unsigned Line,
                  const std::string &RuleId);

/// Marks every finding whose source line suppresses its rule. Each file is
/// read once; unreadable files suppress nothing. Returns how many findings
/// were marked.
unsigned applySuppressions(std::vector<Finding> &Findings);

} // namespace ndischeck

#endif
