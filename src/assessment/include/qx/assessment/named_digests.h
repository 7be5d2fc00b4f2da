// The digests a table's rows named when a sweep began (StoredFiles::Sweep): the blobs in it are
// kept without asking the database about each one. Pure logic, no I/O.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace qx::assessment {

// A sorted array of binary SHA-256s: 32 bytes per distinct digest (up to twice that while it is
// filled, as the vector grows), so a million named files cost 32-64 MB for one sweep; a look-up
// is a binary search. Fill with Add, then Seal once; Contains answers false until sealed.
class NamedDigests {
 public:
  // Adds a digest in the form Sha256Hex writes (64 lower-case hex digits). Anything else is
  // skipped: no blob bears such a name (BlobStore lists only that form), and a row's exact text
  // is what the per-blob question matches, so a digest in upper case names no blob there either.
  void Add(std::string_view sha256);
  // Sorts and drops duplicates.
  void Seal();
  bool Contains(std::string_view sha256) const;
  std::size_t size() const { return digests_.size(); }

 private:
  using Digest = std::array<std::uint8_t, 32>;
  std::vector<Digest> digests_;
  bool sealed_ = false;
};

}  // namespace qx::assessment
