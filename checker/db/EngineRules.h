//===- EngineRules.h - The rule ids the engine reports ----------*- C++ -*-===//
//
// The analyses report findings under these ids (besides the ones a database
// names itself, such as a DDI's "requiresRule"). A database that lacks one is
// refused: its findings would otherwise be reported without a description,
// severity or SARIF rule. ContractDbTest checks this list against the ids
// written in checker/tu and checker/link.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_ENGINERULES_H
#define NDISCHECK_ENGINERULES_H

namespace ndischeck {

inline constexpr const char *EngineRuleIds[] = {
    "ndis-irql",
    "ndis-contiguous-outside-init",
    "ndis-contiguous-non-miniport",
    "ndis-memory-flags",
    "ndis-tag",
    "ndis-highest-address",
    "ndis-ndis5-only",
    "ndis-mdl-nonpaged",
    "ndis-buffer-pool",
    "ndis-leak",
    "ndis-double-free",
    "ndis-wrong-free",
    "ndis-free-mismatch",
    "ndis-halt-leak",
    "ndis-unchecked-failure",
};

} // namespace ndischeck

#endif
