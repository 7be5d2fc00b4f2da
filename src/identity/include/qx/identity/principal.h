// Principal: who an authenticated request acts as. Actor: who a service call acts as — a
// principal (authorised by the policy) or the system itself (the admin CLI, first-start seeding).
#pragma once

#include <optional>
#include <string>

#include "qx/core/result.h"
#include "qx/domain/authz.h"
#include "qx/domain/identity.h"

namespace qx::identity {

struct Principal {
  domain::Subject subject;
  domain::Organisation org;
  std::optional<domain::User> user;  // set for people
  std::string actor;                 // audit label: "user:12" or "token:5"
  std::string csrf_token;            // set for cookie sessions only
};

class Actor {
 public:
  static Actor System(std::string label = "system") { return Actor(std::nullopt, std::move(label)); }
  static Actor Of(const Principal& p) { return Actor(p.subject, p.actor); }

  const std::optional<domain::Subject>& subject() const { return subject_; }
  const std::string& label() const { return label_; }

  // Ok when the system acts or the policy allows the subject; kPermissionDenied otherwise.
  Status Authorize(domain::Action action, domain::OrgId resource_org) const;

 private:
  Actor(std::optional<domain::Subject> s, std::string label)
      : subject_(std::move(s)), label_(std::move(label)) {}
  std::optional<domain::Subject> subject_;
  std::string label_;
};

}  // namespace qx::identity
