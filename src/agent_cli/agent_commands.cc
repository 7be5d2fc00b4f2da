#include "agent_commands.h"

#include <CLI/CLI.hpp>
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
#include "qx/agent/host.h"
#include "qx/agent/native_policy.h"
#include "qx/agent/rule_result.h"
#include "qx/agent/scap_content.h"
#include "qx/core/clock.h"
#include "qx/crypto/digest.h"
#include "qx/crypto/secrets.h"

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
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, "cannot write " + path);
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
  std::string server, token;
  bool json = false;
  bool only_changes = false;
};

int Run(const RunArgs& a) {
  if (!a.server.empty() || !a.token.empty()) {
    return Fail("--server/--token: the server's enrolment and result endpoints are not available yet; "
                "use --policy FILE --out results.bundle and `qalxan import`");
  }
  auto config = agent::LoadAgentConfig(a.config);
  if (!config) return Fail(config.error().message);
  if (!a.state_dir.empty()) config->state_dir = a.state_dir;
  auto mapped = MappedFile::Open(a.policy);
  if (!mapped) return Fail(mapped.error().message);
  const std::string_view text = (*mapped)->view();
  agent::RootedHost host(agent::RootedHostOptions{a.root, std::nullopt, std::nullopt});

  Result<agent::ScanReport> report = MakeError(ErrorCode::kInternal, "not evaluated");
  if (agent::LooksLikeNativePolicy(text)) {
    if (!a.arf.empty()) return Fail("--arf: ARF results need a SCAP source data stream as the policy");
    auto policy = agent::ParseNativePolicy(text);
    if (!policy) return Fail(policy.error().message);
    agent::NativeRunOptions options;
    options.commands_enabled = config->allow_command_checks;
    if (auto sig = ReadPolicyFile(a.policy + ".sig")) {
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

  if (!a.out.empty()) {
    report->policy_sha256 = crypto::Sha256Hex(text);  // names the exact policy in the signed bundle
    agent::AgentState state(config->state_dir);
    auto key = state.Key();
    if (!key) return Fail(key.error().message);
    const std::string policy_key = report->policy_id + "|" + report->profile_id;
    agent::BundleContext ctx;
    ctx.hostname = host.Uname().nodename;
    if (auto mid = host.ReadFile("/etc/machine-id", 4096)) {
      ctx.machine_id = *mid;
      while (!ctx.machine_id.empty() && ctx.machine_id.back() == '\n') ctx.machine_id.pop_back();
    }
    ctx.created_at = FormatRfc3339(SystemClock().Now());
    ctx.previous_results_sha256 = state.LastDigest(policy_key);
    if (a.only_changes && ctx.previous_results_sha256 == agent::ResultsDigest(*report)) {
      std::cerr << "qalxan-agent: results unchanged since the last run; no bundle written\n";
      if (a.json) std::cout << agent::ReportToJson(*report) << "\n";
      return 0;
    }
    auto sequence = state.NextSequence();
    if (!sequence) return Fail(sequence.error().message);
    ctx.sequence = *sequence;
    ctx.nonce = crypto::RandomToken("", 16);
    auto written = WriteFileAtomically(a.out, agent::MakeBundle(*report, ctx, *key));
    if (!written) return Fail(written.error().message);
    auto remembered = state.SetLastDigest(policy_key, agent::ResultsDigest(*report));
    if (!remembered) return Fail(remembered.error().message);
  }
  if (a.json) {
    std::cout << agent::ReportToJson(*report) << "\n";
  } else if (a.out.empty()) {
    for (const auto& r : report->rules) {
      std::cout << r.result << "\t" << r.id << (r.reason.empty() ? "" : "\t" + r.reason) << "\n";
    }
  }
  return 0;
}

}  // namespace

int Main(int argc, char** argv) {
  if (!crypto::InitCrypto()) return Fail("libsodium failed to initialise");
  CLI::App app{"qalxan-agent: read-only host assessment (SCAP data streams and native policies)"};
  app.require_subcommand(1);

  RunArgs run_args;
  auto* run = app.add_subcommand("run", "evaluate a policy on this host");
  run->add_option("--policy", run_args.policy, "SCAP source data stream (XML) or native policy (YAML)")->required();
  run->add_option("--profile", run_args.profile, "XCCDF profile: its id or short name, e.g. standard");
  run->add_flag("--json", run_args.json, "print {\"rules\": [...]} as JSON");
  run->add_option("--out", run_args.out, "write a result bundle signed with the agent's key");
  run->add_option("--arf", run_args.arf, "also write the results as an ARF 1.1 / XCCDF 1.2 report (SCAP input)");
  run->add_option("--config", run_args.config, "agent configuration (YAML)");
  run->add_option("--state-dir", run_args.state_dir, "state directory (key, sequence, last results)");
  run->add_option("--root", run_args.root, "assess the tree under this directory instead of /");
  run->add_flag("--only-changes", run_args.only_changes, "write no bundle when the results equal the last run's");
  run->add_option("--server", run_args.server, "Qalxan server URL (pending server support)");
  run->add_option("--token", run_args.token, "enrolment token (pending server support)");

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
