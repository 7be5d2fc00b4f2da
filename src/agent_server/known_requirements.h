// The requirement ids a native policy may name when it is published: those some published
// requirement set holds, since an agent's results become observations matched by requirement id
// to the items of assessments, and those are built from published versions only. An id in none
// would be reported on by every host and shown nowhere.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "qx/agent/native_policy.h"
#include "qx/core/result.h"
#include "qx/domain/identity.h"
#include "qx/store/database.h"

namespace qx::agent_server {

struct NamedRequirement {
  std::string rule;
  std::string requirement;
};

// Each requirement a rule of the policy names, in the document's order.
std::vector<NamedRequirement> RequirementsNamed(const agent::NativePolicy& policy);

// The first of `named` (in its order) that the latest published version of no catalog or profile
// holds; nullopt when every one is known. General catalogs count for every policy; an operator's
// special requirements only when `special_of` is that operator (a policy for one of its objects).
// Reads the catalogs only until every id is found. Errors: the store's.
Result<std::optional<NamedRequirement>> FirstUnknownRequirement(
    store::Tx& tx, const std::vector<NamedRequirement>& named,
    std::optional<domain::OrgId> special_of);

}  // namespace qx::agent_server
