//===- Irql.h - IRQL levels and intervals -----------------------*- C++ -*-===//
//
// The engine reasons about IRQL symbolically: DIRQL stands for "some device
// IRQL", HIGH for anything above. Exact numeric values differ per
// architecture and do not matter to any documented contract.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_IRQL_H
#define NDISCHECK_IRQL_H

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

namespace ndischeck {

enum class Irql : int {
  Passive = 0,
  Apc = 1,
  Dispatch = 2,
  Dirql = 3,
  High = 4
};

inline const char *irqlName(Irql L) {
  switch (L) {
  case Irql::Passive:
    return "PASSIVE_LEVEL";
  case Irql::Apc:
    return "APC_LEVEL";
  case Irql::Dispatch:
    return "DISPATCH_LEVEL";
  case Irql::Dirql:
    return "DIRQL";
  case Irql::High:
    return "HIGH_LEVEL";
  }
  return "?";
}

/// Parses the names used in the database and in SAL annotations
/// (PASSIVE_LEVEL, APC_LEVEL, DISPATCH_LEVEL, DIRQL, HIGH_LEVEL) and the
/// plain numbers 0, 1, 2 that headers expand those names to.
inline std::optional<Irql> parseIrql(std::string_view S) {
  if (S == "PASSIVE_LEVEL" || S == "0")
    return Irql::Passive;
  if (S == "APC_LEVEL" || S == "1")
    return Irql::Apc;
  if (S == "DISPATCH_LEVEL" || S == "2")
    return Irql::Dispatch;
  if (S == "DIRQL" || S == "DISPATCH_LEVEL+1" || S == "PROFILE_LEVEL" ||
      S == "CLOCK_LEVEL" || S == "IPI_LEVEL" || S == "POWER_LEVEL")
    return Irql::Dirql;
  if (S == "HIGH_LEVEL")
    return Irql::High;
  return std::nullopt;
}

/// Maps a numeric KIRQL value to the symbolic level.
inline Irql irqlFromValue(long long V) {
  if (V <= 0)
    return Irql::Passive;
  if (V == 1)
    return Irql::Apc;
  if (V == 2)
    return Irql::Dispatch;
  if (V >= 15)
    return Irql::High;
  return Irql::Dirql;
}

/// A closed interval [Lo, Hi] of IRQLs.
struct IrqlRange {
  Irql Lo = Irql::Passive;
  Irql Hi = Irql::High;

  static IrqlRange exactly(Irql L) { return {L, L}; }
  static IrqlRange any() { return {Irql::Passive, Irql::High}; }
  static IrqlRange atMost(Irql L) { return {Irql::Passive, L}; }

  IrqlRange join(const IrqlRange &O) const {
    return {std::min(Lo, O.Lo), std::max(Hi, O.Hi)};
  }
  bool operator==(const IrqlRange &O) const { return Lo == O.Lo && Hi == O.Hi; }
  bool operator!=(const IrqlRange &O) const { return !(*this == O); }

  std::string str() const {
    if (Lo == Hi)
      return irqlName(Lo);
    if (Lo == Irql::Passive)
      return std::string("<= ") + irqlName(Hi);
    if (Hi == Irql::High)
      return std::string(">= ") + irqlName(Lo);
    return std::string(irqlName(Lo)) + ".." + irqlName(Hi);
  }
};

} // namespace ndischeck

#endif
