// Walks a pattern AST for the indicator matcher: its observations and their comparisons.

#include "qx/stix/pattern.h"

namespace qx::stix {
namespace {

void CollectObservations(const ObservationExpr& e, std::vector<const ObservationExpr*>& out) {
  if (e.op == ObservationOp::kObservation) {
    out.push_back(&e);
    return;
  }
  for (const ObservationExpr& operand : e.operands) CollectObservations(operand, out);
}

void CollectComparisons(const ComparisonExpr& e, size_t observation,
                        std::vector<PatternComparison>& out) {
  if (e.op == BoolOp::kComparison) {
    out.push_back(PatternComparison{observation, e.comparison});
    return;
  }
  for (const ComparisonExpr& operand : e.operands) CollectComparisons(operand, observation, out);
}

}  // namespace

std::vector<const ObservationExpr*> ListObservations(const Pattern& pattern) {
  std::vector<const ObservationExpr*> out;
  CollectObservations(pattern.root, out);
  return out;
}

std::vector<PatternComparison> ListComparisons(const Pattern& pattern) {
  std::vector<PatternComparison> out;
  const std::vector<const ObservationExpr*> observations = ListObservations(pattern);
  for (size_t i = 0; i < observations.size(); ++i) {
    CollectComparisons(observations[i]->comparison, i, out);
  }
  return out;
}

}  // namespace qx::stix
