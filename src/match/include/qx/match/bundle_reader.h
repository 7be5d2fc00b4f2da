// A streaming reader of STIX 2.1 bundles and TAXII 2.1 envelopes: bytes go in, in pieces of any
// size, and each object of the top-level "objects" list comes out with the properties the
// matcher needs, without building a document tree (a 1M-indicator bundle is ~600 MB of JSON).
// Not thread-safe; one reader per stream.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "qx/core/result.h"
#include "qx/stix/tlp.h"

namespace qx::match {

struct StixRecord {
  std::string type, id, pattern, pattern_type, valid_from, valid_until, modified;
  bool revoked = false;
  // The most restrictive TLP marking among object_marking_refs and granular_markings[].marking_ref;
  // nullopt when the object has none.
  std::optional<stix::Tlp> tlp;
};

class BundleReader {
 public:
  using Callback = std::function<void(StixRecord&&)>;
  explicit BundleReader(Callback on_object);
  ~BundleReader();

  // Errors: kInvalidArgument with the byte offset for malformed JSON or a document that is not
  // an object with an "objects" list.
  Status Feed(const char* data, size_t size);
  Status Finish();

  // TAXII envelope properties (false / empty for a bundle).
  bool more() const;
  const std::string& next() const;
  size_t objects() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace qx::match
