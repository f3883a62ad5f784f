//===- JsonLocator.h - Positions in JSON text -------------------*- C++ -*-===//
//
// nlohmann/json and llvm::json keep no source positions, so the loaders of
// the contract database and of compile_commands.json find the line and
// column of an offending value here, in the text they already parsed. Also
// the nesting bound every JSON reader checks before parsing: the parsers
// (and the YAML parser behind LibTooling's compile database) recurse, so a
// document nested thousands deep must be refused before it reaches them.
//
// Standard library only: the contract database builds without LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_JSONLOCATOR_H
#define NDISCHECK_JSONLOCATOR_H

#include <cstddef>
#include <cstring>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ndischeck {

/// How deep any JSON document NdisCheck reads may nest. The contract
/// database needs 6 levels, compile_commands.json 3.
constexpr unsigned MaxJsonNesting = 512;

/// The offset of the first '[' or '{' (outside strings) that opens level
/// MaxDepth + 1, or nothing if the text nests at most MaxDepth deep. Linear,
/// no recursion; the text need not be valid JSON.
std::optional<size_t> firstOverNested(std::string_view Text,
                                      unsigned MaxDepth = MaxJsonNesting);

/// 1-based "LINE:COL" of Offset in Text (COL counts bytes).
std::string lineColumn(std::string_view Text, size_t Offset);

/// One step of a JSON pointer: an object key or an array index.
struct PathElem {
  std::string Key;
  size_t Index = 0;
  bool IsIndex = false;
};
using JsonPath = std::vector<PathElem>;

inline JsonPath operator/(JsonPath P, std::string Key) {
  P.push_back({std::move(Key), 0, false});
  return P;
}
inline JsonPath operator/(JsonPath P, size_t Index) {
  P.push_back({std::string(), Index, true});
  return P;
}

/// A minimal scanner over JSON text that a parser has already accepted: finds
/// where a value (or its key) starts, and finds duplicate object keys, which
/// nlohmann silently collapses.
class JsonLocator {
public:
  explicit JsonLocator(std::string_view Text) : T(Text) {}

  /// Offset of the value at P, or of its key when AtKey. If the path cannot
  /// be followed, the offset of the deepest value reached.
  size_t find(const JsonPath &P, bool AtKey) {
    I = 0;
    skipWs();
    size_t Best = I;
    for (size_t D = 0; D < P.size(); ++D) {
      const PathElem &E = P[D];
      if (E.IsIndex ? !enterElement(E.Index) : !enterMember(E.Key))
        return Best;
      if (AtKey && !E.IsIndex && D + 1 == P.size())
        return LastKey;
      Best = I;
    }
    return Best;
  }

  /// Offset of the first key that repeats a key of the same object.
  std::optional<size_t> firstDuplicateKey(std::string &Key) {
    I = 0;
    DupAt.reset();
    skipWs();
    scanForDuplicates(0, Key);
    return DupAt;
  }

private:
  std::string_view T;
  size_t I = 0;
  size_t LastKey = 0;
  std::optional<size_t> DupAt;

  char peek() const { return I < T.size() ? T[I] : '\0'; }
  void skipWs() {
    while (I < T.size() &&
           (T[I] == ' ' || T[I] == '\t' || T[I] == '\n' || T[I] == '\r'))
      ++I;
  }

  /// Reads a string at I, decoding the escapes a key may use.
  bool readString(std::string &Out) {
    if (peek() != '"')
      return false;
    ++I;
    Out.clear();
    while (I < T.size() && T[I] != '"') {
      if (T[I] != '\\') {
        Out += T[I++];
        continue;
      }
      if (++I >= T.size())
        return false;
      char C = T[I++];
      switch (C) {
      case 'b':
        Out += '\b';
        break;
      case 'f':
        Out += '\f';
        break;
      case 'n':
        Out += '\n';
        break;
      case 'r':
        Out += '\r';
        break;
      case 't':
        Out += '\t';
        break;
      case 'u': {
        if (I + 4 > T.size())
          return false;
        unsigned Cp = std::stoul(std::string(T.substr(I, 4)), nullptr, 16);
        I += 4;
        // BMP only: enough to compare keys; surrogates stay as written.
        if (Cp < 0x80) {
          Out += static_cast<char>(Cp);
        } else if (Cp < 0x800) {
          Out += static_cast<char>(0xC0 | (Cp >> 6));
          Out += static_cast<char>(0x80 | (Cp & 0x3F));
        } else {
          Out += static_cast<char>(0xE0 | (Cp >> 12));
          Out += static_cast<char>(0x80 | ((Cp >> 6) & 0x3F));
          Out += static_cast<char>(0x80 | (Cp & 0x3F));
        }
        break;
      }
      default:
        Out += C;
      }
    }
    if (I >= T.size())
      return false;
    ++I;
    return true;
  }

  bool skipValue() {
    std::string Ignored;
    char C = peek();
    if (C == '"')
      return readString(Ignored);
    if (C == '{' || C == '[') {
      int Depth = 0;
      while (I < T.size()) {
        char D = T[I];
        if (D == '"') {
          if (!readString(Ignored))
            return false;
          continue;
        }
        ++I;
        if (D == '{' || D == '[')
          ++Depth;
        else if ((D == '}' || D == ']') && --Depth == 0)
          return true;
      }
      return false;
    }
    while (I < T.size() && !std::strchr(",]} \t\r\n", T[I]))
      ++I;
    return true;
  }

  /// At an object, moves I to the value of member Key.
  bool enterMember(const std::string &Key) {
    if (peek() != '{')
      return false;
    ++I;
    for (;;) {
      skipWs();
      LastKey = I;
      std::string K;
      if (!readString(K))
        return false;
      skipWs();
      if (peek() != ':')
        return false;
      ++I;
      skipWs();
      if (K == Key)
        return true;
      if (!skipValue())
        return false;
      skipWs();
      if (peek() != ',')
        return false;
      ++I;
    }
  }

  /// At an array, moves I to element Index.
  bool enterElement(size_t Index) {
    if (peek() != '[')
      return false;
    ++I;
    for (size_t N = 0;; ++N) {
      skipWs();
      if (peek() == ']')
        return false;
      if (N == Index)
        return true;
      if (!skipValue())
        return false;
      skipWs();
      if (peek() != ',')
        return false;
      ++I;
    }
  }

  void scanForDuplicates(int Depth, std::string &DupKey) {
    if (DupAt)
      return;
    char C = peek();
    // Scalars, and anything nested deeper than MaxJsonNesting (which the
    // loaders refuse before this runs), are skipped without recursing.
    if ((C != '{' && C != '[') || Depth > MaxJsonNesting) {
      if (!skipValue())
        I = T.size();
      return;
    }
    ++I;
    std::set<std::string> Keys;
    for (;;) {
      skipWs();
      if (peek() == '}' || peek() == ']' || I >= T.size()) {
        ++I;
        return;
      }
      if (C == '{') {
        size_t KeyAt = I;
        std::string K;
        if (!readString(K))
          return;
        if (!Keys.insert(K).second) {
          DupAt = KeyAt;
          DupKey = K;
          return;
        }
        skipWs();
        ++I; // ':'
        skipWs();
      }
      size_t Before = I;
      scanForDuplicates(Depth + 1, DupKey);
      if (DupAt || I == Before)
        return;
      skipWs();
      if (peek() == ',')
        ++I;
    }
  }
};

} // namespace ndischeck

#endif
