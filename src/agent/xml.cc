#include "qx/agent/xml.h"

#include <libxml/xmlreader.h>

#include <memory>

namespace qx::agent {

const std::string* XmlNode::Attr(std::string_view local) const {
  for (const auto& [k, v] : attrs) {
    if (k == local) return &v;
  }
  return nullptr;
}

std::string XmlNode::AttrOr(std::string_view local, std::string_view fallback) const {
  const std::string* v = Attr(local);
  return v ? *v : std::string(fallback);
}

const XmlNode* XmlNode::Child(std::string_view local) const {
  for (const auto& c : children) {
    if (c.name == local) return &c;
  }
  return nullptr;
}

namespace {

struct ReaderDeleter {
  void operator()(xmlTextReader* r) const { xmlFreeTextReader(r); }
};

std::string AsString(const xmlChar* s) { return s ? reinterpret_cast<const char*>(s) : ""; }

void CollectError(void* arg, xmlErrorPtr error) {
  auto* first = static_cast<std::string*>(arg);
  if (!first->empty() || error == nullptr || error->level < XML_ERR_ERROR) return;
  std::string msg = error->message ? error->message : "malformed XML";
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  *first = "line " + std::to_string(error->line) + ": " + msg;
}

}  // namespace

Result<XmlNode> ParseXml(std::string_view data, const XmlKeep& keep, const XmlLimits& limits) {
  auto bad = [](std::string why) { return MakeError(ErrorCode::kInvalidArgument, "XML: " + why); };
  if (data.size() > limits.max_bytes) return bad("document larger than the limit");
  if (data.size() > static_cast<size_t>(INT32_MAX)) return bad("document too large");
  // NONET: never fetch anything. Neither NOENT (entity substitution) nor DTDLOAD/DTDATTR/DTDVALID.
  const int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING;
  std::unique_ptr<xmlTextReader, ReaderDeleter> reader(
      xmlReaderForMemory(data.data(), static_cast<int>(data.size()), nullptr, nullptr, options));
  if (!reader) return bad("cannot create reader");
  std::string error;
  xmlTextReaderSetStructuredErrorHandler(reader.get(), CollectError, &error);

  XmlNode root;
  bool have_root = false;
  std::vector<XmlNode*> stack;
  int rc;
  bool advanced = false;  // true when xmlTextReaderNext already moved the reader
  while (true) {
    rc = advanced ? 1 : xmlTextReaderRead(reader.get());
    advanced = false;
    if (rc != 1) break;
    const int type = xmlTextReaderNodeType(reader.get());
    switch (type) {
      case XML_READER_TYPE_DOCUMENT_TYPE:
        return bad("a DOCTYPE is not accepted (entity declarations and external DTDs are refused)");
      case XML_READER_TYPE_ENTITY_REFERENCE:
      case XML_READER_TYPE_ENTITY:
        return bad("entity references are not accepted");
      case XML_READER_TYPE_ELEMENT: {
        const int depth = static_cast<int>(stack.size());
        if (depth >= limits.max_depth) return bad("nesting deeper than " + std::to_string(limits.max_depth));
        std::string local = AsString(xmlTextReaderConstLocalName(reader.get()));
        std::string ns = AsString(xmlTextReaderConstNamespaceUri(reader.get()));
        if (depth == 0 && have_root) return bad("more than one document element");
        if (keep && depth > 0 && !keep(ns, local, depth)) {
          rc = xmlTextReaderNext(reader.get());
          if (rc != 1) goto done;
          advanced = true;
          continue;
        }
        XmlNode* node;
        if (depth == 0) {
          node = &root;
          have_root = true;
        } else {
          stack.back()->children.emplace_back();
          node = &stack.back()->children.back();
        }
        node->name = std::move(local);
        node->ns = std::move(ns);
        if (xmlTextReaderHasAttributes(reader.get()) == 1) {
          while (xmlTextReaderMoveToNextAttribute(reader.get()) == 1) {
            if (xmlTextReaderIsNamespaceDecl(reader.get()) == 1) continue;
            node->attrs.emplace_back(AsString(xmlTextReaderConstLocalName(reader.get())),
                                     AsString(xmlTextReaderConstValue(reader.get())));
          }
          xmlTextReaderMoveToElement(reader.get());
        }
        if (xmlTextReaderIsEmptyElement(reader.get()) != 1) stack.push_back(node);
        break;
      }
      case XML_READER_TYPE_END_ELEMENT:
        if (!stack.empty()) stack.pop_back();
        break;
      case XML_READER_TYPE_TEXT:
      case XML_READER_TYPE_CDATA:
      case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      case XML_READER_TYPE_WHITESPACE:
        if (!stack.empty()) stack.back()->text += AsString(xmlTextReaderConstValue(reader.get()));
        break;
      default:
        break;
    }
  }
done:
  if (rc < 0 || !error.empty()) return bad(error.empty() ? "malformed document" : error);
  if (!have_root) return bad("no document element");
  if (!stack.empty()) return bad("truncated document");
  return root;
}

}  // namespace qx::agent
