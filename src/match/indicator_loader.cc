#include "qx/match/indicator_loader.h"

#include <algorithm>
#include <optional>
#include <thread>

#include "qx/match/compiler.h"
#include "qx/stix/pattern.h"
#include "qx/stix/timestamp.h"

namespace qx::match {
namespace {

std::optional<UnixMillis> Millis(std::string_view text) {
  auto t = stix::ParseStixTimestamp(text);
  if (!t) return std::nullopt;
  return t->millis;
}

// The string table keys ids under a kind of its own choosing; ids never meet values.
constexpr ValueKind kIdKind = ValueKind::kUrl;

}  // namespace

void IndicatorCollector::ReserveForInput(size_t json_bytes) {
  // A typical indicator object is 500-600 bytes of JSON with a 50-100 byte pattern; reserving
  // more than is used costs address space, not memory.
  const size_t objects = json_bytes / 400 + 16;
  patterns_.reserve(json_bytes / 4);
  text_.reserve(objects * 24);
  slots_.reserve(objects);
  ids_.Reserve(objects);
}

void IndicatorCollector::Add(StixRecord&& r) {
  ++stats_.objects;
  if (r.type != "indicator" || r.id.empty()) return;
  if (pending_count_ == kAhead) {
    Settle(pending_[pending_first_]);
    pending_first_ = (pending_first_ + 1) % kAhead;
    --pending_count_;
  }
  Pending& p = pending_[(pending_first_ + pending_count_++) % kAhead];
  p.id.assign(r.id);
  p.hash = HashValue(kIdKind, p.id.data(), p.id.size(), false);
  ids_.Prefetch(p.hash);
  // The version's text goes to the buffers now; an older version than the one kept leaves a few
  // unused bytes there (rare: feeds repeat an id only to update it).
  Slot& s = p.slot;
  s.pattern_offset = patterns_.size();
  s.pattern_size = static_cast<uint32_t>(r.pattern.size());
  patterns_.append(r.pattern);
  s.modified_offset = static_cast<uint32_t>(text_.size());
  s.modified_size = static_cast<uint16_t>(std::min<size_t>(r.modified.size(), 64));
  text_.append(r.modified.substr(0, s.modified_size));
  p.modified = Millis(r.modified);
  s.revoked = r.revoked;
  s.tlp = r.tlp ? static_cast<int8_t>(*r.tlp) : int8_t{-1};
  s.stix = r.pattern_type == "stix";
  s.expired = false;
  s.not_yet_valid = false;
  if (!r.valid_until.empty()) {
    const auto until = Millis(r.valid_until);
    s.expired = until && *until <= now_;
  }
  if (!r.valid_from.empty() && now_ > 0) {
    const auto from = Millis(r.valid_from);
    s.not_yet_valid = from && *from > now_;
  }
}

void IndicatorCollector::Settle(Pending& p) {
  const size_t before = ids_.size();
  const uint32_t slot = ids_.InsertHashed(kIdKind, p.id, p.hash);
  if (ids_.size() == before) {
    // Another version: keep the newer (by modified; equal keeps the later one in the stream).
    const Slot& old = slots_[slot];
    const auto old_m = Millis(std::string_view(text_).substr(old.modified_offset, old.modified_size));
    const auto& new_m = p.modified;
    if (old_m && new_m && *new_m < *old_m) return;
    ++stats_.versions_replaced;
    slots_[slot] = p.slot;
  } else {
    slots_.push_back(p.slot);
  }
}

void IndicatorCollector::SettleAll() {
  for (; pending_count_ > 0; --pending_count_) {
    Settle(pending_[pending_first_]);
    pending_first_ = (pending_first_ + 1) % kAhead;
  }
}

std::unique_ptr<IndicatorSet> IndicatorCollector::Compile(int threads, LoadStats* out) && {
  SettleAll();
  IndicatorSetBuilder builder;
  builder.Reserve(slots_.size());
  // The id table is only needed for ids_.key() from here on.
  stats_.indicators = slots_.size();
  threads = std::max(1, threads);
  constexpr size_t kBatch = 16384;
  std::vector<std::optional<Result<stix::Pattern>>> parsed(kBatch);
  std::vector<std::optional<SimplePattern>> simple(kBatch);
  // Simple patterns are also normalised and hashed on the threads (their strings reused across
  // batches), so that the in-order part is the table inserts alone, prefetched a few ahead.
  std::vector<CompiledValue> values(kBatch);
  std::vector<uint8_t> prepared(kBatch);
  std::vector<uint32_t> batch;
  batch.reserve(kBatch);
  const auto flush = [&] {
    // Parse the batch in parallel, then add in order (the builder is single-threaded).
    const size_t n = batch.size();
    const auto work = [&](size_t t) {
      for (size_t i = t; i < n; i += static_cast<size_t>(threads)) {
        const Slot& s = slots_[batch[i]];
        const std::string_view text = std::string_view(patterns_).substr(s.pattern_offset, s.pattern_size);
        simple[i] = ParseSimplePattern(text);
        if (simple[i]) {
          prepared[i] = PrepareSimple(*simple[i], &values[i]);
        } else {
          parsed[i] = stix::ParsePattern(text);
        }
      }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(work, static_cast<size_t>(t));
    work(0);
    for (auto& th : pool) th.join();
    constexpr size_t kAhead = 8;
    for (size_t i = 0; i < std::min(n, kAhead); ++i) {
      if (simple[i] && prepared[i]) builder.Prefetch(values[i]);
    }
    for (size_t i = 0; i < n; ++i) {
      if (i + kAhead < n && simple[i + kAhead] && prepared[i + kAhead]) builder.Prefetch(values[i + kAhead]);
      const std::string_view id = ids_.key(batch[i]);
      const int8_t tlp = slots_[batch[i]].tlp;
      const auto keep_tlp = [&](bool compiled) {
        if (compiled && tlp >= 0) builder.SetLastTlp(static_cast<stix::Tlp>(tlp));
      };
      if (simple[i]) {
        keep_tlp(builder.AddPrepared(id, *simple[i], prepared[i], values[i]));
        simple[i].reset();
        continue;
      }
      auto& p = *parsed[i];
      if (!p) {
        builder.AddUnsupported(id, "pattern does not parse: " + p.error().message);
      } else {
        keep_tlp(builder.AddParsed(id, *p));
      }
      parsed[i].reset();
    }
    batch.clear();
  };
  for (uint32_t i = 0; i < slots_.size(); ++i) {
    const Slot& s = slots_[i];
    if (s.revoked) {
      ++stats_.revoked;
    } else if (s.expired) {
      ++stats_.expired;
    } else if (s.not_yet_valid) {
      ++stats_.not_yet_valid;
    } else if (!s.stix) {
      builder.AddUnsupported(ids_.key(i), "pattern_type is not \"stix\"");
    } else {
      batch.push_back(i);
      if (batch.size() == kBatch) flush();
    }
  }
  flush();
  auto set = std::move(builder).Build();
  stats_.compiled = set->indicator_count();
  stats_.unsupported = set->unsupported().size();
  if (out) *out = stats_;
  return set;
}

}  // namespace qx::match
