// Shared helpers for the OSCAL tests: reading test data and building the sample catalog.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "qx/oscal/catalog_index.h"

namespace qx::oscal::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Parses testdata/NAME; a null value (and a test failure) when it cannot be read.
inline boost::json::value ReadJson(const std::string& name) {
  const std::string text = ReadFile(std::string(OSCAL_TESTDATA) + "/" + name);
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) ADD_FAILURE() << name << ": " << ec.message();
  return v;
}

inline boost::json::value SampleCatalogJson() { return ReadJson("sample.catalog.json"); }

inline CatalogIndex SampleIndex() {
  auto index = CatalogIndex::Build(SampleCatalogJson());
  if (!index) ADD_FAILURE() << index.error().message;
  return index ? std::move(*index) : CatalogIndex();
}

// The message of a failed Result, or "" with a test failure when it succeeded.
template <typename T>
std::string ErrorOf(const Result<T>& r) {
  if (r) {
    ADD_FAILURE() << "expected an error";
    return "";
  }
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << r.error().message;
  return r.error().message;
}

}  // namespace qx::oscal::testing
