// A small read-only XML tree built from untrusted input with libxml2's streaming reader: no
// network, no DTD loading, no entity expansion; a document with a DOCTYPE or an entity reference
// is refused. Elements the caller does not need are skipped while reading, so that a 10 MB SCAP
// data stream costs only the memory of the parts the agent evaluates.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qx/core/result.h"

namespace qx::agent {

struct XmlNode {
  std::string name;  // local name
  std::string ns;    // namespace URI
  std::vector<std::pair<std::string, std::string>> attrs;  // local names
  std::string text;  // concatenated character data directly inside the element
  std::vector<XmlNode> children;

  const std::string* Attr(std::string_view local) const;
  std::string AttrOr(std::string_view local, std::string_view fallback) const;
  bool HasAttr(std::string_view local) const { return Attr(local) != nullptr; }
  // First child with this local name, or nullptr.
  const XmlNode* Child(std::string_view local) const;
};

struct XmlLimits {
  size_t max_bytes = 256u << 20;
  int max_depth = 128;
};

// Called for each element before it is read; false skips the element and everything inside.
// depth 0 is the document element.
using XmlKeep = std::function<bool(std::string_view ns, std::string_view local, int depth)>;

// kInvalidArgument with libxml2's message (and line) for malformed input, a DOCTYPE, an entity
// reference, nesting deeper than the limit or input larger than it.
Result<XmlNode> ParseXml(std::string_view data, const XmlKeep& keep = nullptr,
                         const XmlLimits& limits = {});

}  // namespace qx::agent
