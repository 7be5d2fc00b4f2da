#include "agent_commands.h"

#include <CLI/CLI.hpp>
#include <curl/curl.h>

#include <boost/json.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "qx/agent/agent_state.h"
#include "qx/agent/arf_report.h"
#include "qx/agent/bundle.h"
#include "qx/agent/enrolment_request.h"
#include "qx/agent/host.h"
#include "qx/agent/native_policy.h"
#include "qx/agent/rule_result.h"
#include "qx/agent/scap_content.h"
#include "qx/core/clock.h"
#include "qx/crypto/digest.h"
#include "qx/crypto/secrets.h"
#include "qx/crypto/signing.h"
#include "server_client.h"

namespace qx::agent_cli {
namespace {

constexpr size_t kMaxPolicyBytes = 512u << 20;

Result<std::string> ReadPolicyFile(const std::string& path) {
  agent::RootedHost fs({});
  return fs.ReadFile(path, kMaxPolicyBytes);
}

// A read-only mapping of a policy file: a 10 MB data stream is parsed in place, never copied.
class MappedFile {
 public:
  static Result<std::unique_ptr<MappedFile>> Open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return MakeError(ErrorCode::kNotFound, path + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return MakeError(ErrorCode::kInvalidArgument, path + ": not a regular file");
    }
    if (static_cast<size_t>(st.st_size) > kMaxPolicyBytes) {
      ::close(fd);
      return MakeError(ErrorCode::kPayloadTooLarge, path + ": larger than " + std::to_string(kMaxPolicyBytes) + " bytes");
    }
    auto file = std::unique_ptr<MappedFile>(new MappedFile());
    file->size_ = static_cast<size_t>(st.st_size);
    if (file->size_ > 0) {
      void* p = ::mmap(nullptr, file->size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        ::close(fd);
        return MakeError(ErrorCode::kUnavailable, path + ": cannot map");
      }
      file->data_ = static_cast<const char*>(p);
    }
    ::close(fd);
    return file;
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  std::string_view view() const { return data_ ? std::string_view(data_, size_) : std::string_view(); }

 private:
  MappedFile() = default;
  const char* data_ = nullptr;
  size_t size_ = 0;
};

int Fail(const std::string& message) {
  std::cerr << "qalxan-agent: " << message << "\n";
  return 2;
}

Status WriteFileAtomically(const std::string& path, std::string_view content) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, "cannot write " + path + ": " + std::strerror(errno));
  const bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return MakeError(ErrorCode::kUnavailable, "cannot write " + path);
  }
  return Ok();
}

struct RunArgs {
  std::string policy, profile, out, arf, config = "/etc/qalxan-agent/agent.yaml", state_dir, root = "/";
  std::string server, token, ca_file;
  bool json = false;
  bool only_changes = false;
  bool online = false;  // the server named at enrolment
};

struct EnrolArgs {
  std::string server, token, config = "/etc/qalxan-agent/agent.yaml", state_dir, ca_file, hostname;
  bool offline = false;  // write a request file for an air-gapped host instead of calling a server
  std::string out;       // that file
};

std::string MachineId(agent::RootedHost& host) {
  std::string id;
  if (auto mid = host.ReadFile("/etc/machine-id", 4096)) {
    id = *mid;
    while (!id.empty() && (id.back() == '\n' || id.back() == '\r')) id.pop_back();
  }
  return id;
}

// Enrols this host: the key pair is generated here (the private key never leaves the state
// directory); the server answers with the agent's id, its credential and the policy-signing key.
Result<agent::Enrolment> Enrol(const EnrolArgs& a, const agent::AgentState& state, agent::RootedHost& host) {
  if (a.server.empty() || a.token.empty()) return MakeError(ErrorCode::kInvalidArgument, "--server and --token are required");
  if (state.LoadEnrolment()) {
    return MakeError(ErrorCode::kAlreadyExists, "already enrolled (" + state.dir() + "/enrolment.json); "
                                                "remove the state directory to enrol again");
  }
  QX_ASSIGN_OR_RETURN(crypto::SigningKey key, state.Key());
  const std::string hostname = a.hostname.empty() ? host.Uname().nodename : a.hostname;
  boost::json::object req{{"token", a.token},
                          {"public_key", key.PublicKeyHex()},
                          {"hostname", hostname},
                          {"machine_id", MachineId(host)}};
  ServerClient client(a.server, a.ca_file);
  QX_ASSIGN_OR_RETURN(HttpReply reply, client.Post("/api/v1/agent/enrol", "", boost::json::serialize(req)));
  if (reply.status != 201) return MakeError(ErrorCode::kPermissionDenied, "enrolment refused: " + DescribeError(reply));
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(reply.body, ec);
  auto bad = [] { return MakeError(ErrorCode::kInvalidArgument, "the server's enrolment answer is malformed"); };
  if (ec || !v.is_object()) return bad();
  const auto& o = v.as_object();
  const auto* id = o.if_contains("agent_id");
  const auto* object = o.if_contains("object_id");
  const auto* cred = o.if_contains("credential");
  const auto* pk = o.if_contains("policy_public_key");
  if (!id || !id->is_int64() || !object || !object->is_int64() || !cred || !cred->is_string() || !pk ||
      !pk->is_string() || crypto::KeyIdOf(std::string_view(pk->as_string())).empty()) {
    return bad();
  }
  agent::Enrolment e{a.server, id->as_int64(), object->as_int64(), std::string(cred->as_string()),
                     std::string(pk->as_string())};
  QX_RETURN_IF_ERROR(state.SaveEnrolment(e));
  return e;
}

// Offline enrolment of an air-gapped host: no network. The key pair is made in the state directory
// when missing (the key `run` signs bundles with) and a request file written with the public key,
// hostname and machine id, for a person to enrol on the server. Returns the key id.
Result<std::string> WriteEnrolmentRequest(const EnrolArgs& a, const agent::AgentState& state,
                                          agent::RootedHost& host) {
  if (a.out.empty()) return MakeError(ErrorCode::kInvalidArgument, "--offline needs --out FILE (the request file)");
  if (!a.server.empty() || !a.token.empty() || !a.ca_file.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "--offline calls no server: leave out --server, --token and --ca-file");
  }
  // An agent enrolled online already has its key on the server: a request for it would be refused.
  if (state.LoadEnrolment()) {
    return MakeError(ErrorCode::kAlreadyExists, "already enrolled with a server (" + state.dir() +
                                                    "/enrolment.json); its key cannot be enrolled again");
  }
  QX_ASSIGN_OR_RETURN(crypto::SigningKey key, state.Key());
  agent::EnrolmentRequest req{key.PublicKeyHex(), a.hostname.empty() ? host.Uname().nodename : a.hostname,
                              MachineId(host), FormatRfc3339(SystemClock().Now())};
  QX_RETURN_IF_ERROR(WriteFileAtomically(a.out, agent::EnrolmentRequestJson(req)));
  return key.KeyId();
}

struct FetchedPolicy {
  std::string document;
  std::string kind;
  std::string profile;
  std::string label;  // "name v3" for messages
  // Signed by a key of the host's own configuration, not only by the one the server named at
  // enrolment (which may have come over plain HTTP): only then may command checks run.
  bool signed_by_configured_key = false;
};

// A policy answer of the server (the body of GET /api/v1/agent/policy), accepted only with a
// valid signature by the key the server named at enrolment or a regulator key from the
// configuration. `origin` says where the answer came from when it is refused.
Result<FetchedPolicy> AcceptPolicy(std::string_view body, const agent::Enrolment& e, const agent::AgentConfig& config,
                                   std::string_view origin) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return MakeError(ErrorCode::kInvalidArgument, "policy: malformed answer" + std::string(origin));
  const auto& o = v.as_object();
  auto str = [&](std::string_view k) -> std::optional<std::string> {
    const auto* x = o.if_contains(k);
    if (!x || !x->is_string()) return std::nullopt;
    return std::string(x->as_string());
  };
  auto document = str("document"), signature = str("signature"), kind = str("kind"), profile = str("profile"),
       name = str("name");
  if (!document || !signature || !kind) {
    return MakeError(ErrorCode::kInvalidArgument, "policy: missing fields" + std::string(origin));
  }
  // The configured keys first (their verdict is reported), the key named at enrolment only when
  // none of them signed it: one verification of the document in the usual case.
  const bool configured = agent::PolicySignedByRegulator(*document, *signature, config.regulator_keys);
  if (!configured && !agent::PolicySignedByRegulator(*document, *signature, {e.policy_public_key})) {
    return MakeError(ErrorCode::kUnauthenticated,
                     "policy: the signature is not the regulator's; not evaluated" + std::string(origin));
  }
  const auto* version = o.if_contains("version");
  return FetchedPolicy{std::move(*document), std::move(*kind), profile.value_or(""),
                       name.value_or("policy") + (version && version->is_int64() ? " v" + std::to_string(version->as_int64()) : ""),
                       configured};
}

// The policy assigned to this agent's object. The last one fetched is kept in the state directory
// with its entity tag and the fetch is conditional on it (If-None-Match): when the server answers
// 304 Not Modified nothing is sent again and nothing audited, and the kept copy is used, its
// signature verified again exactly like a fresh answer's. A kept copy that is not the answer its
// tag names (changed on the host) is not used: the fetch is unconditional, with a warning, and so
// is one after a 304 that names another tag. A fresh answer is kept once verified.
Result<FetchedPolicy> FetchPolicy(const agent::Enrolment& e, const agent::AgentConfig& config,
                                  const std::string& ca_file, const agent::AgentState& state) {
  std::optional<agent::KeptPolicy> kept = state.LoadKeptPolicy();
  if (kept && !agent::TagNamesReply(*kept)) {
    std::cerr << "qalxan-agent: warning: " << state.KeptPolicyPath()
              << " is not the answer its tag names (changed on this host?); fetching the policy again\n";
    kept.reset();
  }
  std::vector<std::string> headers;
  if (kept) headers.push_back("If-None-Match: " + kept->etag);
  ServerClient client(e.server, ca_file);
  QX_ASSIGN_OR_RETURN(HttpReply reply, client.Get("/api/v1/agent/policy", e.credential, headers));
  if (reply.status == 304 && kept && reply.Header("ETag") != kept->etag) {
    QX_ASSIGN_OR_RETURN(reply, client.Get("/api/v1/agent/policy", e.credential, {}));
  }
  if (reply.status == 304 && kept) {
    QX_ASSIGN_OR_RETURN(FetchedPolicy p,
                        AcceptPolicy(kept->reply, e, config,
                                     " (the copy kept in " + state.KeptPolicyPath() +
                                         ", which the server named unchanged; remove it to fetch the policy again)"));
    p.label += " (unchanged)";
    return p;
  }
  if (reply.status != 200) return MakeError(ErrorCode::kUnavailable, "policy: " + DescribeError(reply));
  QX_ASSIGN_OR_RETURN(FetchedPolicy p, AcceptPolicy(reply.body, e, config, ""));
  // Kept only when its tag names it (a tag of another form, say from a proxy, would make every
  // later run refuse the copy and warn): otherwise the next fetch is unconditional again.
  agent::KeptPolicy fresh{reply.Header("ETag"), std::move(reply.body)};
  if (agent::TagNamesReply(fresh)) QX_RETURN_IF_ERROR(state.KeepPolicy(fresh));
  return p;
}

int Run(RunArgs a) {
  auto config = agent::LoadAgentConfig(a.config);
  if (!config) return Fail(config.error().message);
  if (!a.state_dir.empty()) config->state_dir = a.state_dir;
  agent::RootedHost host(agent::RootedHostOptions{a.root, std::nullopt, std::nullopt});
  agent::AgentState state(config->state_dir);

  // Server mode: the enrolment (made now with --token when there is none), then the signed policy.
  const bool server_mode = a.online || !a.server.empty() || !a.token.empty();
  std::optional<agent::Enrolment> enrolment;
  std::optional<FetchedPolicy> fetched;
  std::unique_ptr<MappedFile> mapped;
  std::string_view text;
  bool verified_by_server_key = false;
  if (server_mode) {
    if (!a.policy.empty()) return Fail("--policy and --server exclude each other: the server assigns the policy");
    auto loaded = state.LoadEnrolment();
    if (!loaded && loaded.error().code == ErrorCode::kNotFound && !a.token.empty()) {
      loaded = Enrol(EnrolArgs{a.server, a.token, a.config, config->state_dir, a.ca_file, "", false, ""}, state, host);
    }
    if (!loaded) return Fail(loaded.error().message);
    if (!a.server.empty()) loaded->server = a.server;
    enrolment = *loaded;
    auto policy = FetchPolicy(*enrolment, *config, a.ca_file, state);
    if (!policy) return Fail(policy.error().message);
    fetched = std::move(*policy);
    text = fetched->document;
    verified_by_server_key = true;
    if (a.profile.empty()) a.profile = fetched->profile;
  } else {
    if (a.policy.empty()) return Fail("--policy FILE, or --server URL after `qalxan-agent enrol`");
    auto m = MappedFile::Open(a.policy);
    if (!m) return Fail(m.error().message);
    mapped = std::move(*m);
    text = mapped->view();
  }

  Result<agent::ScanReport> report = MakeError(ErrorCode::kInternal, "not evaluated");
  if (agent::LooksLikeNativePolicy(text)) {
    if (!a.arf.empty()) return Fail("--arf: ARF results need a SCAP source data stream as the policy");
    auto policy = agent::ParseNativePolicy(text);
    if (!policy) return Fail(policy.error().message);
    agent::NativeRunOptions options;
    options.commands_enabled = config->allow_command_checks;
    if (verified_by_server_key) {
      options.policy_signed = fetched->signed_by_configured_key;
    } else if (auto sig = ReadPolicyFile(a.policy + ".sig")) {
      options.policy_signed = agent::PolicySignedByRegulator(text, *sig, config->regulator_keys);
      if (!options.policy_signed) return Fail(a.policy + ".sig: not a valid signature by a configured regulator key");
    }
    report = agent::EvaluateNativePolicy(*policy, host, options);
  } else {
    auto content = agent::ScapContent::Parse(text);
    if (!content) return Fail(content.error().message);
    auto profile_id = content->ResolveProfile(a.profile);
    if (!profile_id) return Fail(profile_id.error().message);
    const std::string started = FormatRfc3339(SystemClock().Now());
    report = content->Evaluate(host, *profile_id, {});
    if (report && !a.arf.empty()) {
      agent::ArfContext ctx{host.Uname().nodename, started, FormatRfc3339(SystemClock().Now()), QX_AGENT_VERSION};
      auto arf = agent::MakeArfReport(text, *content, *report, ctx);
      if (!arf) return Fail(arf.error().message);
      auto written = WriteFileAtomically(a.arf, *arf);
      if (!written) return Fail(written.error().message);
    }
  }
  if (!report) return Fail(report.error().message);

  if (!a.out.empty() || server_mode) {
    report->policy_sha256 = crypto::Sha256Hex(text);  // names the exact policy in the signed bundle
    auto key = state.Key();
    if (!key) return Fail(key.error().message);
    const std::string policy_key = report->policy_id + "|" + report->profile_id;
    agent::BundleContext ctx;
    ctx.hostname = host.Uname().nodename;
    ctx.machine_id = MachineId(host);
    ctx.created_at = FormatRfc3339(SystemClock().Now());
    ctx.previous_results_sha256 = state.LastDigest(policy_key);
    if (a.only_changes && ctx.previous_results_sha256 == agent::ResultsDigest(*report)) {
      std::cerr << "qalxan-agent: results unchanged since the last run; nothing sent or written\n";
      if (a.json) std::cout << agent::ReportToJson(*report) << "\n";
      return 0;
    }
    auto sequence = state.NextSequence();
    if (!sequence) return Fail(sequence.error().message);
    ctx.sequence = *sequence;
    ctx.nonce = crypto::RandomToken("", 16);
    const std::string bundle = agent::MakeBundle(*report, ctx, *key);
    if (!a.out.empty()) {
      auto written = WriteFileAtomically(a.out, bundle);
      if (!written) return Fail(written.error().message);
    }
    if (server_mode) {
      ServerClient client(enrolment->server, a.ca_file);
      auto reply = client.Post("/api/v1/agent/results", enrolment->credential, bundle);
      if (!reply) return Fail(reply.error().message);
      // 200: the server had these very results already (a retried upload); nothing new.
      if (reply->status != 201 && reply->status != 200) return Fail("results refused: " + DescribeError(*reply));
      std::cerr << "qalxan-agent: " << fetched->label << ": results accepted: " << reply->body << "\n";
    }
    auto remembered = state.SetLastDigest(policy_key, agent::ResultsDigest(*report));
    if (!remembered) return Fail(remembered.error().message);
  }
  if (a.json) {
    std::cout << agent::ReportToJson(*report) << "\n";
  } else if (a.out.empty() && !server_mode) {
    for (const auto& r : report->rules) {
      std::cout << r.result << "\t" << r.id << (r.reason.empty() ? "" : "\t" + r.reason) << "\n";
    }
  }
  return 0;
}

}  // namespace

int Main(int argc, char** argv) {
  if (!crypto::InitCrypto()) return Fail("libsodium failed to initialise");
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return Fail("libcurl failed to initialise");
  CLI::App app{"qalxan-agent: read-only host assessment (SCAP data streams and native policies)"};
  app.require_subcommand(1);

  RunArgs run_args;
  auto* run = app.add_subcommand("run", "evaluate a policy on this host");
  run->add_option("--policy", run_args.policy, "SCAP source data stream (XML) or native policy (YAML)");
  run->add_option("--profile", run_args.profile, "XCCDF profile: its id or short name, e.g. standard");
  run->add_flag("--json", run_args.json, "print {\"rules\": [...]} as JSON");
  run->add_option("--out", run_args.out, "write a result bundle signed with the agent's key");
  run->add_option("--arf", run_args.arf, "also write the results as an ARF 1.1 / XCCDF 1.2 report (SCAP input)");
  run->add_option("--config", run_args.config, "agent configuration (YAML)");
  run->add_option("--state-dir", run_args.state_dir, "state directory (key, sequence, last results)");
  run->add_option("--root", run_args.root, "assess the tree under this directory instead of /");
  run->add_flag("--only-changes", run_args.only_changes, "write no bundle when the results equal the last run's");
  run->add_option("--server", run_args.server, "Qalxan server URL: fetch the signed policy, post the results");
  run->add_option("--token", run_args.token, "one-time enrolment token (enrols first when not enrolled)");
  run->add_flag("--online", run_args.online, "use the server named at enrolment (what the systemd unit runs)");
  run->add_option("--ca-file", run_args.ca_file, "CA bundle for the server's TLS certificate");

  EnrolArgs enrol_args;
  auto* enrol = app.add_subcommand("enrol", "enrol with a server using a one-time token, or --offline");
  enrol->add_option("--server", enrol_args.server, "Qalxan server URL");
  enrol->add_option("--token", enrol_args.token, "one-time enrolment token from the operator");
  enrol->add_flag("--offline", enrol_args.offline,
                  "no network: write an enrolment request file (--out) for an operator to enrol this host");
  enrol->add_option("--out", enrol_args.out, "the enrolment request file (with --offline)");
  enrol->add_option("--config", enrol_args.config, "agent configuration (YAML)");
  enrol->add_option("--state-dir", enrol_args.state_dir, "state directory (key, enrolment)");
  enrol->add_option("--ca-file", enrol_args.ca_file, "CA bundle for the server's TLS certificate");
  enrol->add_option("--hostname", enrol_args.hostname, "name to enrol under (default: this host's)");

  std::string list_policy;
  auto* profiles = app.add_subcommand("profiles", "list the profiles of a SCAP data stream");
  profiles->add_option("--policy", list_policy, "SCAP source data stream")->required();

  std::string key_config = "/etc/qalxan-agent/agent.yaml", key_state;
  auto* key = app.add_subcommand("key", "print the agent's public key (created on first use)");
  key->add_option("--config", key_config, "agent configuration (YAML)");
  key->add_option("--state-dir", key_state, "state directory");

  std::string bundle_path, bundle_key;
  auto* verify = app.add_subcommand("verify-bundle", "check a result bundle's signature");
  verify->add_option("bundle", bundle_path, "the bundle file")->required();
  verify->add_option("--key", bundle_key, "expected agent public key (hex)");

  CLI11_PARSE(app, argc, argv);
  if (run->parsed()) return Run(run_args);
  if (enrol->parsed()) {
    auto config = agent::LoadAgentConfig(enrol_args.config);
    if (!config) return Fail(config.error().message);
    if (!enrol_args.state_dir.empty()) config->state_dir = enrol_args.state_dir;
    agent::AgentState state(config->state_dir);
    agent::RootedHost host({});
    if (enrol_args.offline) {
      auto key_id = WriteEnrolmentRequest(enrol_args, state, host);
      if (!key_id) return Fail(key_id.error().message);
      std::cout << "enrolment request written to " << enrol_args.out << " (key " << *key_id
                << "); an operator enrols it on the object's agents page, or with POST /api/v1/objects/{id}/agents\n";
      return 0;
    }
    if (!enrol_args.out.empty()) return Fail("--out is for --offline: an online enrolment writes its state directory");
    auto e = Enrol(enrol_args, state, host);
    if (!e) return Fail(e.error().message);
    std::cout << "enrolled: agent " << e->agent_id << " for object " << e->object_id << "; policy key "
              << crypto::KeyIdOf(e->policy_public_key) << "\n";
    return 0;
  }
  if (profiles->parsed()) {
    auto text = ReadPolicyFile(list_policy);
    if (!text) return Fail(text.error().message);
    auto content = agent::ScapContent::Parse(*text);
    if (!content) return Fail(content.error().message);
    for (const auto& p : content->Profiles()) {
      std::cout << p.short_name << "\t" << p.selected_rules << " rules\t" << p.id << "\n";
    }
    return 0;
  }
  if (key->parsed()) {
    auto config = agent::LoadAgentConfig(key_config);
    if (!config) return Fail(config.error().message);
    agent::AgentState state(key_state.empty() ? config->state_dir : key_state);
    auto k = state.Key();
    if (!k) return Fail(k.error().message);
    std::cout << k->KeyId() << "\t" << k->PublicKeyHex() << "\n";
    return 0;
  }
  if (verify->parsed()) {
    auto text = ReadPolicyFile(bundle_path);
    if (!text) return Fail(text.error().message);
    auto v = agent::VerifyBundle(*text, bundle_key);
    if (!v) return Fail(v.error().message);
    std::cout << "valid: signed by " << v->key_id << "\n";
    return 0;
  }
  return 2;
}

}  // namespace qx::agent_cli
