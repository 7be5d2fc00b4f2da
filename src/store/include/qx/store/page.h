// Keyset paging shared by every list in the store: "the items after this key, at most limit".
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace qx::store {

struct PageRequest {
  std::int64_t after = 0;  // exclusive lower bound of the key (ids and seqs start at 1)
  int limit = 100;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::int64_t> next;  // the key to pass as `after` for the next page, if any
};

}  // namespace qx::store
