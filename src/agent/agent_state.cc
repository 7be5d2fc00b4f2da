#include "qx/agent/agent_state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "qx/crypto/digest.h"

namespace qx::agent {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Result<AgentConfig> LoadAgentConfig(const std::string& path) {
  AgentConfig config;
  std::ifstream probe(path);
  if (!probe) return config;
  try {
    YAML::Node root = YAML::LoadFile(path);
    if (root.IsNull()) return config;
    if (!root.IsMap()) return MakeError(ErrorCode::kInvalidArgument, path + ": must be a mapping");
    if (root["state_dir"]) config.state_dir = root["state_dir"].as<std::string>();
    if (root["allow_command_checks"]) config.allow_command_checks = root["allow_command_checks"].as<bool>();
    if (root["regulator_keys"]) {
      for (const auto& k : root["regulator_keys"]) config.regulator_keys.push_back(k.as<std::string>());
    }
  } catch (const YAML::Exception& e) {
    return MakeError(ErrorCode::kInvalidArgument, path + ": " + e.what());
  }
  return config;
}

Status AgentState::Ensure() const {
  if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
    return MakeError(ErrorCode::kUnavailable, "cannot create state directory " + dir_ + ": " + std::strerror(errno));
  }
  return Ok();
}

Result<crypto::SigningKey> AgentState::Key() const {
  QX_RETURN_IF_ERROR(Ensure());
  return crypto::SigningKey::LoadOrCreate(dir_ + "/agent.key");
}

Status AgentState::WriteAtomically(const std::string& name, std::string_view content) const {
  QX_RETURN_IF_ERROR(Ensure());
  const std::string tmp = dir_ + "/." + name + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, "cannot write " + tmp);
  const bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), (dir_ + "/" + name).c_str()) != 0) {
    ::unlink(tmp.c_str());
    return MakeError(ErrorCode::kUnavailable, "cannot write " + dir_ + "/" + name);
  }
  return Ok();
}

Result<uint64_t> AgentState::NextSequence() const {
  uint64_t n = 0;
  std::istringstream(Slurp(dir_ + "/sequence")) >> n;
  ++n;
  QX_RETURN_IF_ERROR(WriteAtomically("sequence", std::to_string(n) + "\n"));
  return n;
}

std::string AgentState::LastDigest(std::string_view policy_key) const {
  std::string d = Slurp(dir_ + "/last-" + crypto::Sha256Hex(policy_key).substr(0, 16));
  while (!d.empty() && d.back() == '\n') d.pop_back();
  return d;
}

Status AgentState::SetLastDigest(std::string_view policy_key, std::string_view digest) const {
  return WriteAtomically("last-" + crypto::Sha256Hex(policy_key).substr(0, 16), std::string(digest) + "\n");
}

Result<Enrolment> AgentState::LoadEnrolment() const {
  const std::string path = dir_ + "/enrolment.json";
  std::ifstream probe(path);
  if (!probe) return MakeError(ErrorCode::kNotFound, "not enrolled: run `qalxan-agent enrol --server URL --token T`");
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(Slurp(path), ec);
  auto bad = [&] { return MakeError(ErrorCode::kInvalidArgument, path + ": not an enrolment this agent wrote"); };
  if (ec || !v.is_object()) return bad();
  const auto& o = v.as_object();
  auto str = [&](std::string_view k) -> const boost::json::string* {
    auto it = o.find(k);
    return it != o.end() && it->value().is_string() ? &it->value().as_string() : nullptr;
  };
  auto num = [&](std::string_view k) -> std::optional<std::int64_t> {
    auto it = o.find(k);
    if (it == o.end() || !it->value().is_int64()) return std::nullopt;
    return it->value().as_int64();
  };
  const auto *server = str("server"), *credential = str("credential"), *key = str("policy_public_key");
  const auto agent_id = num("agent_id"), object_id = num("object_id");
  if (!server || !credential || !key || !agent_id || !object_id) return bad();
  return Enrolment{std::string(*server), *agent_id, *object_id, std::string(*credential), std::string(*key)};
}

Status AgentState::SaveEnrolment(const Enrolment& e) const {
  boost::json::object o{{"server", e.server},
                        {"agent_id", e.agent_id},
                        {"object_id", e.object_id},
                        {"credential", e.credential},
                        {"policy_public_key", e.policy_public_key}};
  return WriteAtomically("enrolment.json", boost::json::serialize(o) + "\n");
}

bool TagNamesReply(const KeptPolicy& kept) { return kept.etag == "\"" + crypto::Sha256Hex(kept.reply) + "\""; }

std::optional<KeptPolicy> AgentState::LoadKeptPolicy() const {
  std::ifstream probe(KeptPolicyPath());
  if (!probe) return std::nullopt;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(Slurp(KeptPolicyPath()), ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto* etag = v.as_object().if_contains("etag");
  const auto* reply = v.as_object().if_contains("reply");
  if (!etag || !etag->is_string() || !reply || !reply->is_string()) {
    return std::nullopt;
  }
  return KeptPolicy{std::string(etag->as_string()), std::string(reply->as_string())};
}

Status AgentState::KeepPolicy(const KeptPolicy& kept) const {
  boost::json::object o{{"etag", kept.etag}, {"reply", kept.reply}};
  return WriteAtomically("policy.json", boost::json::serialize(o) + "\n");
}

bool PolicySignedByRegulator(std::string_view policy, std::string_view signature_b64,
                             const std::vector<std::string>& regulator_keys) {
  std::string sig(signature_b64);
  while (!sig.empty() && (sig.back() == '\n' || sig.back() == ' ')) sig.pop_back();
  for (const std::string& key : regulator_keys) {
    if (crypto::VerifySignature(key, policy, sig)) return true;
  }
  return false;
}

}  // namespace qx::agent
