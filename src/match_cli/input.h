// Inputs of qalxan-match: regular files, gzip files (detected by their magic bytes), stdin, and
// directories walked recursively. Every source is untrusted: read errors and truncated gzip
// streams come back as errors, never crashes.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "qx/core/result.h"

namespace qx::match_cli {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Up to n bytes into buf; 0 at the end. Errors: kUnavailable (I/O), kInvalidArgument (corrupt
  // or truncated gzip).
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
  // Bytes consumed from the underlying file so far (compressed bytes for gzip).
  virtual size_t consumed() const = 0;
  // Size of the underlying file, 0 when unknown (stdin, pipes).
  virtual size_t total() const = 0;
};

// "-" is stdin (gzip or plain). A file starting with the gzip magic is decompressed.
Result<std::unique_ptr<ByteSource>> OpenInput(const std::string& path);

// Expands directories (recursively, sorted, regular files only) and keeps files and "-" as
// given. Errors: kNotFound for a path that does not exist.
Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& paths);

}  // namespace qx::match_cli
