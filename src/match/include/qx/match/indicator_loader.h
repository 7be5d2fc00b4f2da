// Turns a stream of STIX objects (from a bundle file or TAXII pages) into a compiled
// IndicatorSet: keeps indicators only, the newest version of each id, drops revoked and expired
// ones, and compiles the patterns (parsing in parallel, in batches, so that memory stays flat).
// Add() is single-threaded.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "qx/core/clock.h"
#include "qx/match/bundle_reader.h"
#include "qx/match/indicator_set.h"
#include "qx/match/string_table.h"

namespace qx::match {

struct LoadStats {
  size_t objects = 0;      // every object seen
  size_t indicators = 0;   // distinct indicator ids
  size_t versions_replaced = 0;
  size_t revoked = 0;
  size_t expired = 0;
  size_t not_yet_valid = 0;
  size_t compiled = 0;
  size_t unsupported = 0;  // pattern_type not "stix", or a pattern the matcher cannot evaluate
};

class IndicatorCollector {
 public:
  // `now` decides which indicators have expired (valid_until <= now) or are not valid yet.
  explicit IndicatorCollector(UnixMillis now) : now_(now) {}

  void Add(StixRecord&& record);
  // Sizes the buffers for about this many bytes of JSON input, so that they grow without copies.
  void ReserveForInput(size_t json_bytes);

  // Compiles what was collected, parsing patterns on `threads` threads. The collector is spent.
  std::unique_ptr<IndicatorSet> Compile(int threads, LoadStats* stats) &&;

  const LoadStats& stats() const { return stats_; }

 private:
  struct Slot {
    uint64_t pattern_offset = 0;
    uint32_t pattern_size = 0;
    uint32_t modified_offset = 0;  // into text_; modified text of the kept version
    uint16_t modified_size = 0;
    bool revoked = false;
    bool stix = true;
    bool expired = false;
    bool not_yet_valid = false;
    int8_t tlp = -1;  // stix::Tlp of the kept version's markings; -1: unmarked
  };
  // A version waiting for its id's table slot: Add hashes the id and prefetches the slot, and
  // the version is settled (new id, newer version, or older and dropped) a few objects later,
  // when the slot is in cache, in the order the objects came.
  struct Pending {
    uint64_t hash = 0;
    std::string id;
    std::optional<UnixMillis> modified;  // of the whole text (the slot keeps 64 bytes of it)
    Slot slot;
  };
  static constexpr size_t kAhead = 4;
  void Settle(Pending& p);
  void SettleAll();

  UnixMillis now_;
  LoadStats stats_;
  std::array<Pending, kAhead> pending_;
  size_t pending_first_ = 0, pending_count_ = 0;
  StringTable ids_;  // indicator id -> slot (entry number)
  std::vector<Slot> slots_;
  std::string patterns_;
  std::string text_;
};

}  // namespace qx::match
