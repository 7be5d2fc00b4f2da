// What probes collect for an OVAL object: items with named fields (a field may repeat, e.g.
// subexpression or mount_options) and the collection's flag.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qx::agent {

struct Item {
  enum class Status { kExists, kDoesNotExist, kError };
  Status status = Status::kExists;
  std::vector<std::pair<std::string, std::string>> fields;
  std::string message;  // for kError

  void Add(std::string name, std::string value) { fields.emplace_back(std::move(name), std::move(value)); }
  std::vector<std::string_view> Values(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& [k, v] : fields) {
      if (k == name) out.push_back(v);
    }
    return out;
  }
  bool operator==(const Item& other) const { return fields == other.fields; }
};

enum class CollectedFlag { kComplete, kDoesNotExist, kError, kNotCollected, kIncomplete };

struct Collected {
  CollectedFlag flag = CollectedFlag::kComplete;
  std::vector<Item> items;
  std::string message;  // why, for kError and kNotCollected
};

}  // namespace qx::agent
