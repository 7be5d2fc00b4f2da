// Selection phase of profile resolution: include/exclude per import, then the combination rule
// across imports.
#include <fmt/format.h>

#include <unordered_map>

#include "json_util.h"
#include "profile_internal.h"

namespace qx::oscal::detail {
namespace {

size_t CharLen(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  return std::min(len, s.size() - i);
}

// Marks what `selectors` select in `mark`, and all descendants of each selected control when the
// selector says with-child-controls "yes" (req-with-child-controls-yes; for exclusion too,
// req-exclude-additional).
Status Mark(const CatalogIndex& catalog, const ImportSpec& spec,
            const std::vector<Selector>& selectors,
            const std::vector<std::vector<size_t>>& children, std::vector<bool>& mark) {
  const std::vector<ControlInfo>& controls = catalog.controls();
  for (const Selector& sel : selectors) {
    std::vector<size_t> hits;
    for (size_t k = 0; k < sel.with_ids.size(); ++k) {
      const ControlInfo* found = catalog.Find(sel.with_ids[k]);
      if (found == nullptr) {
        return Invalid(Index(Member(sel.path, "with-ids"), k),
                       fmt::format("dangling reference: '{}' has no control '{}'", spec.href,
                                   sel.with_ids[k]));
      }
      hits.push_back(static_cast<size_t>(found - controls.data()));
    }
    for (const std::string& pattern : sel.patterns) {
      for (size_t i = 0; i < controls.size(); ++i) {
        if (GlobMatch(pattern, controls[i].id)) hits.push_back(i);
      }
    }
    for (size_t h : hits) {
      mark[h] = true;
      if (!sel.with_child_controls) continue;
      std::vector<size_t> pending(children[h].begin(), children[h].end());
      while (!pending.empty()) {  // a tree: each control is reached once per hit
        const size_t c = pending.back();
        pending.pop_back();
        mark[c] = true;
        pending.insert(pending.end(), children[c].begin(), children[c].end());
      }
    }
  }
  return Ok();
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text) {
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos;
  size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == '?') {
      ++p;
      t += CharLen(text, t);
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      resume += CharLen(text, resume);
      t = resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Result<std::vector<bool>> SelectControls(const CatalogIndex& catalog, const ImportSpec& spec) {
  const std::vector<ControlInfo>& controls = catalog.controls();
  std::vector<std::vector<size_t>> children(controls.size());
  for (size_t i = 0; i < controls.size(); ++i) {
    if (controls[i].parent_control.empty()) continue;
    const ControlInfo* parent = catalog.Find(controls[i].parent_control);
    if (parent != nullptr) children[static_cast<size_t>(parent - controls.data())].push_back(i);
  }
  std::vector<bool> included(controls.size(), spec.include.empty());
  QX_RETURN_IF_ERROR(Mark(catalog, spec, spec.include, children, included));
  std::vector<bool> excluded(controls.size(), false);
  QX_RETURN_IF_ERROR(Mark(catalog, spec, spec.exclude, children, excluded));
  for (size_t i = 0; i < controls.size(); ++i) included[i] = included[i] && !excluded[i];
  return included;
}

Result<std::vector<Source>> CombineSelections(const ProfileSpec& spec,
                                              const std::vector<const CatalogIndex*>& catalogs,
                                              std::vector<std::vector<bool>> selections,
                                              std::vector<MergeExtra>& extras) {
  std::unordered_map<std::string, size_t> first_import;
  for (size_t i = 0; i < selections.size(); ++i) {
    const std::vector<ControlInfo>& controls = catalogs[i]->controls();
    for (size_t j = 0; j < controls.size(); ++j) {
      if (!selections[i][j]) continue;
      auto [it, fresh] = first_import.emplace(controls[j].id, i);
      if (fresh) continue;
      switch (spec.combine) {
        case Combine::kKeep:
          return Invalid(spec.imports[i].path,
                         fmt::format("control '{}' is also selected by {}: the resolved catalog "
                                     "would have clashing ids (set merge.combine.method to "
                                     "use-first or merge)",
                                     controls[j].id, spec.imports[it->second].path));
        case Combine::kUseFirst:
          selections[i][j] = false;
          break;
        case Combine::kMerge:
          selections[i][j] = false;
          if (catalogs[it->second] != catalogs[i]) {
            extras.push_back(
                MergeExtra{controls[j].id, catalogs[i]->ControlObject(controls[j].id)});
          }
          break;
      }
    }
  }
  std::vector<Source> sources;
  for (size_t i = 0; i < selections.size(); ++i) {
    Source* same = nullptr;
    if (spec.structure == Structure::kAsIs) {
      for (Source& s : sources) {
        if (s.catalog == catalogs[i]) same = &s;
      }
    }
    if (same == nullptr) {
      sources.push_back(Source{catalogs[i], std::move(selections[i])});
      continue;
    }
    for (size_t j = 0; j < same->selected.size(); ++j) {
      same->selected[j] = same->selected[j] || selections[i][j];
    }
  }
  return sources;
}

}  // namespace qx::oscal::detail
