// A fixture for profile resolution tests: the sample catalog behind "sample.json" (and a variant
// behind "variant.json"), and a builder for small profiles.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "oscal_test_util.h"
#include "qx/oscal/profile_resolver.h"

namespace qx::oscal::testing {

inline constexpr char kProfileUuid[] = "5d0c1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f";

// {"profile": {...}} with the given imports array and further members (", \"merge\": ...").
inline std::string ProfileText(const std::string& imports, const std::string& rest = "") {
  return std::string(R"({"profile": {"uuid": ")") + kProfileUuid + R"(",
    "metadata": {"title": "Sample Profile", "last-modified": "2026-02-01T00:00:00Z",
                 "version": "1", "oscal-version": "1.1.2"},
    "imports": )" +
         imports + rest + "}}";
}

class ProfileResolverTest : public ::testing::Test {
 protected:
  ProfileResolverTest() {
    boost::json::value variant = SampleCatalogJson();
    variant.at_pointer("/catalog/uuid") = "9e8d7c6b-5a49-4382-9170-a1b2c3d4e5f6";
    variant.at_pointer("/catalog/groups/0/controls/0/props")
        .as_array()
        .push_back(boost::json::object{{"name", "status"}, {"value", "variant"}});
    auto index = CatalogIndex::Build(std::move(variant));
    EXPECT_TRUE(index) << index.error().message;
    if (index) variant_ = std::move(*index);
  }

  // The resolved catalog; its warnings are left in warnings_.
  Result<boost::json::value> Resolve(const std::string& imports, const std::string& rest = "") {
    warnings_.clear();
    auto r = ResolveProfile(boost::json::parse(ProfileText(imports, rest)), lookup_);
    if (!r) return tl::unexpected(r.error());
    warnings_ = std::move(r->warnings);
    return std::move(r->catalog);
  }

  // The resolved document, or null with a test failure.
  boost::json::value Resolved(const std::string& imports, const std::string& rest = "") {
    auto r = Resolve(imports, rest);
    EXPECT_TRUE(r) << r.error().message;
    return r ? std::move(*r) : boost::json::value();
  }

  // Helpers over resolved documents, public for tests that do not use the fixture.
 public:
  // Ids of the controls directly in the resolved catalog (not in groups or other controls).
  static std::vector<std::string> TopIds(const boost::json::value& doc) {
    std::vector<std::string> ids;
    const boost::json::value* controls = doc.find_pointer("/catalog/controls", ec_);
    if (controls == nullptr) return ids;
    for (const auto& c : controls->as_array()) ids.emplace_back(c.at("id").as_string());
    return ids;
  }

  // Ids of every control of the resolved catalog in document order (it must index).
  static std::vector<std::string> AllIds(const boost::json::value& doc) {
    auto index = CatalogIndex::Build(doc);
    EXPECT_TRUE(index) << index.error().message;
    std::vector<std::string> ids;
    if (index) {
      for (const ControlInfo& c : index->controls()) ids.push_back(c.id);
    }
    return ids;
  }

  static std::vector<std::string> MemberIds(const boost::json::value& doc, const char* pointer) {
    std::vector<std::string> ids;
    const boost::json::value* items = doc.find_pointer(pointer, ec_);
    if (items == nullptr) return ids;
    for (const auto& item : items->as_array()) {
      const auto* o = item.if_object();
      const boost::json::value* id = o == nullptr ? nullptr : o->if_contains("id");
      if (id == nullptr) id = o == nullptr ? nullptr : o->if_contains("uuid");
      ids.emplace_back(id == nullptr ? "" : std::string(id->as_string()));
    }
    return ids;
  }

 protected:
  inline static boost::system::error_code ec_;
  std::vector<std::string> warnings_;
  CatalogIndex sample_ = SampleIndex();
  CatalogIndex variant_;
  CatalogLookup lookup_ = [this](std::string_view href) -> const CatalogIndex* {
    if (href == "sample.json") return &sample_;
    if (href == "variant.json") return &variant_;
    return nullptr;
  };
};

}  // namespace qx::oscal::testing
