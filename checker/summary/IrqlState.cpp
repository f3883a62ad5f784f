//===- IrqlState.cpp - Bounds of a relative IRQL state
//---------------------===//

#include "summary/Summary.h"

namespace ndischeck {

std::optional<Irql> IrqlState::lowerBound(std::optional<Irql> EntryLo) const {
  if (!Abs)
    return FromEntry ? EntryLo : std::nullopt;
  if (!FromEntry)
    return Abs->Lo;
  // Joined with the entry IRQL: provable only as far as both are.
  if (!EntryLo)
    return std::nullopt;
  return std::min(*EntryLo, Abs->Lo);
}

std::optional<Irql> IrqlState::upperBound(std::optional<Irql> EntryHi) const {
  if (!Abs)
    return FromEntry ? EntryHi : std::nullopt;
  if (!FromEntry)
    return Abs->Hi;
  if (!EntryHi)
    return std::nullopt;
  return std::max(*EntryHi, Abs->Hi);
}

} // namespace ndischeck
