// The local cache of a TAXII collection: every page pulled is kept as a file (written atomically),
// with the added_after to resume from, so that a pull fetches only what is new and a scan works
// offline. Loading replays the pages in order; the collector keeps each indicator's newest version.
#pragma once

#include <string>
#include <vector>

#include "qx/core/result.h"
#include "qx/match/indicator_loader.h"

namespace qx::match_cli {

class TaxiiCache {
 public:
  // Creates the directory if needed. Errors: kUnavailable.
  static Result<TaxiiCache> Open(const std::string& dir);

  const std::string& added_after() const { return added_after_; }
  // Stores one page of objects (a TAXII envelope), then the new added_after: a crash between
  // the two repeats the page on the next pull, which loading tolerates (same versions).
  Status AddPage(const std::string& body);
  Status SetAddedAfter(const std::string& timestamp);
  std::vector<std::string> PageFiles() const;
  Status LoadInto(match::IndicatorCollector* collector) const;

 private:
  std::string dir_;
  std::string added_after_;
  size_t next_page_ = 1;
};

// Writes a file atomically (temp file in the same directory, fsync, rename).
Status WriteFileAtomically(const std::string& path, const std::string& content);

}  // namespace qx::match_cli
