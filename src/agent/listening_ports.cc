// Listening sockets from /proc/net/{tcp,tcp6,udp,udp6}: items with protocol, local_address and
// local_port (the native rule format's "listening ports" check).
#include <charconv>
#include <optional>
#include <sstream>

#include "qx/agent/oval_engine.h"

namespace qx::agent {
namespace {

std::optional<unsigned long> Hex(const std::string& hex) {
  unsigned long v = 0;
  auto [p, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), v, 16);
  if (hex.empty() || ec != std::errc() || p != hex.data() + hex.size()) return std::nullopt;
  return v;
}

std::string Ipv4FromHex(unsigned long v) {  // little-endian in /proc
  std::ostringstream out;
  out << (v & 0xff) << '.' << ((v >> 8) & 0xff) << '.' << ((v >> 16) & 0xff) << '.' << ((v >> 24) & 0xff);
  return out.str();
}

}  // namespace

Result<Collected> OvalEngine::ProbeListeningPorts(const XmlNode& object) {
  QX_ASSIGN_OR_RETURN(EntitySpec protocol, ObjectEntity(object, "protocol"));
  QX_ASSIGN_OR_RETURN(EntitySpec port, ObjectEntity(object, "local_port"));
  Collected out;
  for (const char* proto : {"tcp", "tcp6", "udp", "udp6"}) {
    auto text = host_.ReadFile(std::string("/proc/net/") + proto, 16u << 20);
    if (!text) continue;
    const std::string name = std::string(proto).substr(0, 3);
    std::istringstream in(*text);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream f(line);
      std::string slot, local, remote, state;
      if (!(f >> slot >> local >> remote >> state)) continue;
      // TCP: 0A is LISTEN; UDP: 07 (unconnected) is the listening state.
      if ((name == "tcp" && state != "0A") || (name == "udp" && state != "07")) continue;
      const size_t colon = local.rfind(':');
      if (colon == std::string::npos) continue;
      std::string address = local.substr(0, colon);
      const auto port_number = Hex(local.substr(colon + 1));
      if (!port_number) continue;
      const std::string port_text = std::to_string(*port_number);
      if (auto v4 = Hex(address); v4 && address.size() == 8) address = Ipv4FromHex(*v4);
      QX_ASSIGN_OR_RETURN(bool p_ok, EntityMatches(protocol, name));
      QX_ASSIGN_OR_RETURN(bool n_ok, EntityMatches(port, port_text));
      if (!p_ok || !n_ok) continue;
      Item item;
      item.Add("protocol", name);
      item.Add("local_address", address);
      item.Add("local_port", port_text);
      out.items.push_back(std::move(item));
    }
  }
  return out;
}

}  // namespace qx::agent
