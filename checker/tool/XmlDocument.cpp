//===- XmlDocument.cpp - A small XML tree with source positions -----------===//

#include "XmlDocument.h"

#include "llvm/Support/MemoryBuffer.h"

#include <expat.h>

using namespace llvm;

namespace ndischeck {

namespace {

constexpr unsigned MaxDepth = 256;
constexpr uint64_t MaxSize = 64u << 20;

struct Builder {
  XML_Parser Parser;
  std::unique_ptr<XmlElement> Root;
  std::vector<XmlElement *> Open;
  bool TooDeep = false;
};

void XMLCALL startElement(void *Data, const XML_Char *Name,
                          const XML_Char **Atts) {
  auto &B = *static_cast<Builder *>(Data);
  if (B.Open.size() >= MaxDepth) {
    B.TooDeep = true;
    XML_StopParser(B.Parser, XML_FALSE);
    return;
  }
  auto E = std::make_unique<XmlElement>();
  E->Name = Name;
  for (const XML_Char **A = Atts; *A; A += 2)
    E->Attributes.emplace_back(A[0], A[1]);
  E->Line = XML_GetCurrentLineNumber(B.Parser);
  E->Col = XML_GetCurrentColumnNumber(B.Parser) + 1;
  XmlElement *Raw = E.get();
  if (B.Open.empty())
    B.Root = std::move(E);
  else
    B.Open.back()->Children.push_back(std::move(E));
  B.Open.push_back(Raw);
}

void XMLCALL endElement(void *Data, const XML_Char *) {
  static_cast<Builder *>(Data)->Open.pop_back();
}

void XMLCALL characters(void *Data, const XML_Char *S, int Len) {
  auto &B = *static_cast<Builder *>(Data);
  if (!B.Open.empty())
    B.Open.back()->Text.append(S, Len);
}

} // namespace

const std::string *XmlElement::attr(StringRef Wanted) const {
  for (const auto &[Key, Value] : Attributes)
    if (StringRef(Key).equals_insensitive(Wanted))
      return &Value;
  return nullptr;
}

bool parseXmlFile(StringRef Path, XmlDocument &Out, std::string &Error) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf) {
    Error = (Path + ": error: cannot read: " + Buf.getError().message()).str();
    return false;
  }
  if ((*Buf)->getBufferSize() > MaxSize) {
    Error = (Path + ": error: larger than 64 MiB; not a project file").str();
    return false;
  }
  Builder B;
  B.Parser = XML_ParserCreate(nullptr);
  if (!B.Parser) {
    Error = (Path + ": error: out of memory").str();
    return false;
  }
  XML_SetUserData(B.Parser, &B);
  XML_SetElementHandler(B.Parser, startElement, endElement);
  XML_SetCharacterDataHandler(B.Parser, characters);
  StringRef Data = (*Buf)->getBuffer();
  bool Ok = XML_Parse(B.Parser, Data.data(), static_cast<int>(Data.size()),
                      XML_TRUE) == XML_STATUS_OK;
  if (!Ok || B.TooDeep || !B.Root) {
    std::string What = B.TooDeep ? "elements nested more than " +
                                       std::to_string(MaxDepth) + " deep"
                       : !Ok ? XML_ErrorString(XML_GetErrorCode(B.Parser))
                             : "no root element";
    Error = (Path + ":" + Twine(XML_GetCurrentLineNumber(B.Parser)) + ":" +
             Twine(XML_GetCurrentColumnNumber(B.Parser) + 1) +
             ": error: malformed XML: " + What)
                .str();
    XML_ParserFree(B.Parser);
    return false;
  }
  XML_ParserFree(B.Parser);
  Out.Path = Path.str();
  Out.Root = std::move(B.Root);
  return true;
}

} // namespace ndischeck
