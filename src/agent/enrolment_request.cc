#include "qx/agent/enrolment_request.h"

#include <boost/json.hpp>

#include "qx/crypto/signing.h"

namespace qx::agent {

std::string EnrolmentRequestJson(const EnrolmentRequest& r) {
  // key_id is for people comparing the file with what the server shows; the server reads only
  // public_key, hostname and machine_id.
  boost::json::object o{{"kind", "qalxan-agent-enrolment-request"},
                        {"public_key", r.public_key},
                        {"key_id", crypto::KeyIdOf(r.public_key)},
                        {"hostname", r.hostname},
                        {"machine_id", r.machine_id},
                        {"created_at", r.created_at}};
  return boost::json::serialize(o) + "\n";
}

}  // namespace qx::agent
