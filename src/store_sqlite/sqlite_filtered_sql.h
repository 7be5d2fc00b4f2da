// The statement texts of a list query with optional filters: one per combination of the filters
// given, built once. Only the filters given go into a statement, because "(? IS NULL OR col = ?)"
// keeps SQLite from using an index on col (one plan serves every binding) and a filtered list then
// reads the whole table. The texts keep their addresses, by which the connection caches its
// prepared statements.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

namespace qx::store::sqlite {

class FilteredSql {
 public:
  // head ends where the optional conditions go (after "WHERE ..."), each condition starts with
  // " AND ", and tail follows them ("ORDER BY ... LIMIT ?").
  FilteredSql(const std::string& head, std::initializer_list<const char*> conditions, const char* tail)
      : texts_(size_t{1} << conditions.size()) {
    for (size_t mask = 0; mask < texts_.size(); ++mask) {
      std::string& q = texts_[mask];
      q = head;
      size_t bit = 0;
      for (const char* c : conditions) {
        if ((mask >> bit++) & 1) q += c;
      }
      q += tail;
    }
  }

  // The text with the conditions whose bits are set in mask (bit i: the i-th condition).
  const char* For(unsigned mask) const { return texts_[mask].c_str(); }
  unsigned shapes() const { return static_cast<unsigned>(texts_.size()); }

  // A mask from one flag per condition, in the conditions' order.
  static unsigned Mask(std::initializer_list<bool> given) {
    unsigned mask = 0, bit = 0;
    for (bool g : given) mask |= static_cast<unsigned>(g) << bit++;
    return mask;
  }

 private:
  std::vector<std::string> texts_;
};

// The list queries built this way, named so that a test can check the plan of every shape.
const FilteredSql& AuditListSql();
const FilteredSql& ObjectListSql();
const FilteredSql& AssessmentListSql();
const FilteredSql& IncidentListSql();

}  // namespace qx::store::sqlite
