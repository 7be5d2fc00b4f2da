#include "qx/match/bundle_reader.h"

#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <string_view>

namespace qx::match {
namespace {

namespace json = boost::json;
using boost::system::error_code;

enum class Field { kNone, kType, kId, kPattern, kPatternType, kValidFrom, kValidUntil, kModified,
                   kRevoked, kNext, kMore, kObjects, kMarkingRefs, kGranularMarkings, kMarkingRef };

struct Handler {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  BundleReader::Callback* callback = nullptr;
  int depth = 0;             // of the container being filled
  bool in_objects = false;   // inside the top-level "objects" array (depth 2)
  bool saw_objects = false;
  std::string key;
  Field field = Field::kNone;
  std::string value;
  // Inside an object's object_marking_refs list (its strings are at depth 4), or its
  // granular_markings list (whose objects' marking_ref is at depth 5).
  bool in_marking_refs = false;
  bool in_granular = false;
  std::string marking;  // the marking id being read
  StixRecord record;
  bool more = false;
  std::string next;
  size_t objects = 0;

  // Switches on the key's length first: most keys of an indicator are none of these.
  Field Classify(std::string_view k) const {
    if (depth == 1) {
      if (k == "objects") return Field::kObjects;
      if (k == "next") return Field::kNext;
      if (k == "more") return Field::kMore;
      return Field::kNone;
    }
    if (depth == 5 && in_granular) return k == "marking_ref" ? Field::kMarkingRef : Field::kNone;
    if (depth != 3 || !in_objects) return Field::kNone;
    switch (k.size()) {
      case 2: return k == "id" ? Field::kId : Field::kNone;
      case 4: return k == "type" ? Field::kType : Field::kNone;
      case 7: return k == "pattern" ? Field::kPattern : k == "revoked" ? Field::kRevoked : Field::kNone;
      case 8: return k == "modified" ? Field::kModified : Field::kNone;
      case 10: return k == "valid_from" ? Field::kValidFrom : Field::kNone;
      case 11: return k == "valid_until" ? Field::kValidUntil : Field::kNone;
      case 12: return k == "pattern_type" ? Field::kPatternType : Field::kNone;
      case 17: return k == "granular_markings" ? Field::kGranularMarkings : Field::kNone;
      case 19: return k == "object_marking_refs" ? Field::kMarkingRefs : Field::kNone;
      default: return Field::kNone;
    }
  }
  // Empties the record but keeps its strings' buffers (a callback that does not move them out
  // leaves them here), so that a stream of objects allocates nothing per object.
  void ClearRecord() {
    for (std::string* f : {&record.type, &record.id, &record.pattern, &record.pattern_type,
                           &record.valid_from, &record.valid_until, &record.modified}) {
      f->clear();
    }
    record.revoked = false;
    record.tlp.reset();
  }
  // A marking id read in full: a TLP marking raises the record's level.
  void AddMarking() {
    if (const auto tlp = stix::TlpOfMarking(marking)) {
      record.tlp = record.tlp ? std::max(*record.tlp, *tlp) : *tlp;
    }
    marking.clear();
  }
  bool ReadsMarking() const {
    return (in_marking_refs && depth == 4 && field == Field::kNone) || field == Field::kMarkingRef;
  }
  std::string* Target() {
    switch (field) {
      case Field::kType: return &record.type;
      case Field::kId: return &record.id;
      case Field::kPattern: return &record.pattern;
      case Field::kPatternType: return &record.pattern_type;
      case Field::kValidFrom: return &record.valid_from;
      case Field::kValidUntil: return &record.valid_until;
      case Field::kModified: return &record.modified;
      case Field::kNext: return &next;
      default: return nullptr;
    }
  }
  // A value (scalar or container) at the current depth consumes the pending key.
  void EndValue() { field = Field::kNone; }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code& ec) {
    if (depth == 0 || (depth == 2 && in_objects)) {
      if (depth == 2) ClearRecord();
    } else if (depth == 1 && field == Field::kObjects) {
      ec = json::error::syntax;  // "objects" must be an array
      return false;
    }
    ++depth;
    field = Field::kNone;
    return true;
  }
  bool on_object_end(std::size_t, error_code&) {
    --depth;
    if (depth == 2 && in_objects) {
      ++objects;
      (*callback)(std::move(record));
      ClearRecord();
    }
    return true;
  }
  bool on_array_begin(error_code& ec) {
    if (depth == 0) {
      ec = json::error::syntax;
      return false;
    }
    if (depth == 1 && field == Field::kObjects) {
      in_objects = true;
      saw_objects = true;
    }
    if (depth == 3 && field == Field::kMarkingRefs) in_marking_refs = true;
    if (depth == 3 && field == Field::kGranularMarkings) in_granular = true;
    ++depth;
    field = Field::kNone;
    return true;
  }
  bool on_array_end(std::size_t, error_code&) {
    --depth;
    if (depth == 1) in_objects = false;
    if (depth == 3) in_marking_refs = in_granular = false;
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, error_code&) {
    key.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, error_code&) {
    if (key.empty()) {
      field = Classify(std::string_view(s.data(), s.size()));
      return true;
    }
    key.append(s.data(), s.size());
    field = Classify(key);
    key.clear();
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, error_code&) {
    if (std::string* t = Target()) t->append(s.data(), s.size());
    if (ReadsMarking()) marking.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t, error_code&) {
    if (std::string* t = Target()) t->append(s.data(), s.size());
    if (ReadsMarking()) {
      marking.append(s.data(), s.size());
      AddMarking();
    }
    EndValue();
    return true;
  }
  bool on_number_part(json::string_view, error_code&) { return true; }
  bool on_int64(int64_t, json::string_view, error_code&) { EndValue(); return true; }
  bool on_uint64(uint64_t, json::string_view, error_code&) { EndValue(); return true; }
  bool on_double(double, json::string_view, error_code&) { EndValue(); return true; }
  bool on_bool(bool b, error_code&) {
    if (field == Field::kRevoked) record.revoked = b;
    if (field == Field::kMore) more = b;
    EndValue();
    return true;
  }
  bool on_null(error_code&) { EndValue(); return true; }
  bool on_comment_part(json::string_view, error_code&) { return true; }
  bool on_comment(json::string_view, error_code&) { return true; }
};

}  // namespace

struct BundleReader::Impl {
  Callback callback;
  json::basic_parser<Handler> parser{json::parse_options{}};
  size_t offset = 0;
  bool done = false;
  Impl(Callback cb) : callback(std::move(cb)) { parser.handler().callback = &callback; }
};

BundleReader::BundleReader(Callback on_object) : impl_(std::make_unique<Impl>(std::move(on_object))) {}
BundleReader::~BundleReader() = default;

Status BundleReader::Feed(const char* data, size_t size) {
  if (impl_->done) {
    // Only whitespace may follow the document.
    for (size_t i = 0; i < size; ++i) {
      if (data[i] != ' ' && data[i] != '\n' && data[i] != '\r' && data[i] != '\t') {
        return MakeError(ErrorCode::kInvalidArgument, "data after the end of the JSON document");
      }
    }
    return Ok();
  }
  error_code ec;
  const size_t n = impl_->parser.write_some(true, data, size, ec);
  if (ec) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "malformed JSON near byte " + std::to_string(impl_->offset + n) + ": " + ec.message());
  }
  impl_->offset += n;
  if (impl_->parser.done()) {
    impl_->done = true;
    return Feed(data + n, size - n);
  }
  return Ok();
}

Status BundleReader::Finish() {
  if (!impl_->done) {
    error_code ec;
    impl_->parser.write_some(false, nullptr, 0, ec);
    if (ec || !impl_->parser.done()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "truncated JSON document after byte " + std::to_string(impl_->offset));
    }
  }
  if (!impl_->parser.handler().saw_objects) {
    return MakeError(ErrorCode::kInvalidArgument, "the document has no 'objects' list");
  }
  return Ok();
}

bool BundleReader::more() const { return impl_->parser.handler().more; }
const std::string& BundleReader::next() const { return impl_->parser.handler().next; }
size_t BundleReader::objects() const { return impl_->parser.handler().objects; }

}  // namespace qx::match
