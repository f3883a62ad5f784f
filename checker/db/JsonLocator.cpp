//===- JsonLocator.cpp - Positions in JSON text ---------------------------===//

#include "db/JsonLocator.h"

namespace ndischeck {

std::optional<size_t> firstOverNested(std::string_view Text,
                                      unsigned MaxDepth) {
  unsigned Depth = 0;
  bool InString = false;
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (InString) {
      if (C == '\\')
        ++I;
      else if (C == '"')
        InString = false;
      continue;
    }
    if (C == '"') {
      InString = true;
    } else if (C == '[' || C == '{') {
      if (++Depth > MaxDepth)
        return I;
    } else if ((C == ']' || C == '}') && Depth > 0) {
      --Depth;
    }
  }
  return std::nullopt;
}

std::string lineColumn(std::string_view Text, size_t Offset) {
  if (Offset > Text.size())
    Offset = Text.size();
  size_t Line = 1, LineStart = 0;
  for (size_t K = 0; K < Offset; ++K)
    if (Text[K] == '\n') {
      ++Line;
      LineStart = K + 1;
    }
  return std::to_string(Line) + ":" + std::to_string(Offset - LineStart + 1);
}

} // namespace ndischeck
