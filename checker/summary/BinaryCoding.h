//===- BinaryCoding.h - Varints and strings in a byte buffer ----*- C++ -*-===//
//
// The primitives of NdisCheck's binary files (summaries, cache entries):
// LEB128 unsigned integers, zigzag signed ones and length-prefixed bytes.
// The reader never reads past its input and never throws: a short or
// malformed buffer makes it fail, and the caller says where.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_BINARYCODING_H
#define NDISCHECK_BINARYCODING_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace ndischeck {

class ByteWriter {
public:
  explicit ByteWriter(std::string &Out) : Out(Out) {}

  void u64(uint64_t V) {
    do {
      uint8_t Byte = V & 0x7f;
      V >>= 7;
      Out.push_back(static_cast<char>(V ? Byte | 0x80 : Byte));
    } while (V);
  }
  void s64(int64_t V) {
    u64((static_cast<uint64_t>(V) << 1) ^ static_cast<uint64_t>(V >> 63));
  }
  void bytes(llvm::StringRef S) {
    u64(S.size());
    raw(S);
  }
  void raw(llvm::StringRef S) { Out.append(S.data(), S.size()); }

private:
  std::string &Out;
};

class ByteReader {
public:
  explicit ByteReader(llvm::StringRef In) : In(In) {}

  bool u64(uint64_t &V) {
    V = 0;
    for (unsigned Shift = 0; Shift < 64; Shift += 7) {
      if (Pos >= In.size())
        return false;
      uint8_t Byte = static_cast<uint8_t>(In[Pos++]);
      // The tenth byte may only hold the top bit of a 64-bit value.
      if (Shift == 63 && Byte > 1)
        return false;
      V |= static_cast<uint64_t>(Byte & 0x7f) << Shift;
      if (!(Byte & 0x80))
        return true;
    }
    return false;
  }
  bool s64(int64_t &V) {
    uint64_t U;
    if (!u64(U))
      return false;
    V = static_cast<int64_t>((U >> 1) ^ (~(U & 1) + 1));
    return true;
  }
  bool bytes(llvm::StringRef &S) {
    uint64_t N;
    return u64(N) && raw(N, S);
  }
  bool raw(uint64_t N, llvm::StringRef &S) {
    if (N > remaining())
      return false;
    S = In.substr(Pos, N);
    Pos += N;
    return true;
  }
  /// An element count that the rest of the input could hold at MinSize bytes
  /// per element: a corrupt count never makes the caller allocate a lot.
  bool count(uint64_t &N, size_t MinSize = 1) {
    return u64(N) && N <= remaining() / MinSize;
  }

  size_t remaining() const { return In.size() - Pos; }
  bool atEnd() const { return Pos == In.size(); }

private:
  llvm::StringRef In;
  size_t Pos = 0;
};

} // namespace ndischeck

#endif
