// OVAL variables: constant, external (values the XCCDF layer exports) and local with the
// functions the SCAP Security Guide uses: concat, count, unique, regex_capture, substring,
// arithmetic, split, time_difference, glob_to_regex, begin, end, escape_regex.
#include <algorithm>
#include <chrono>
#include <charconv>

#include "qx/agent/oval_engine.h"
#include "qx/agent/regex.h"

namespace qx::agent {
namespace {

Result<long long> ToInt(std::string_view s) {
  long long v = 0;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(s) + "' is not an integer");
  }
  return v;
}

// glob(7) to a PCRE pattern anchored at both ends. As in glob(7) (and oscap), a wildcard at the
// start of a path component does not match a leading '.'.
std::string GlobToRegex(std::string_view glob, bool noescape) {
  std::string out = "^";
  for (size_t i = 0; i < glob.size(); ++i) {
    const char c = glob[i];
    if ((i == 0 || glob[i - 1] == '/') && (c == '*' || c == '?' || c == '[')) out += "(?=[^.])";
    if (c == '\\' && !noescape && i + 1 < glob.size()) {
      out += '\\';
      out += glob[++i];
    } else if (c == '*') {
      out += "[^/]*";
    } else if (c == '?') {
      out += "[^/]";
    } else if (c == '[') {
      const size_t close = glob.find(']', i + 1);
      if (close == std::string_view::npos) {
        out += "\\[";
      } else {
        std::string cls(glob.substr(i + 1, close - i - 1));
        if (!cls.empty() && cls[0] == '!') cls[0] = '^';
        out += "[" + cls + "]";
        i = close;
      }
    } else if (std::string_view(".^$+(){}|/").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out + "$";
}

std::string EscapeRegex(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

Result<std::vector<std::string>> OvalEngine::VariableValues(const std::string& id) {
  auto cached = variable_cache_.find(id);
  if (cached != variable_cache_.end()) return cached->second;
  const XmlNode* var = doc_.Find(id);
  if (!var) return MakeError(ErrorCode::kNotFound, "variable " + id + " not found");
  DepthGuard guard(depth_);
  if (depth_ > kMaxDepth) return MakeError(ErrorCode::kInvalidArgument, "variables nested too deeply");
  if (!in_progress_.insert(id).second) return MakeError(ErrorCode::kInvalidArgument, "variable " + id + " refers to itself");
  auto out = VariableUncached(*var);
  in_progress_.erase(id);
  if (out && var->AttrOr("datatype", "string") == "int") {
    // Normalise ("007" -> "7") so that string comparisons of int variables behave.
    for (std::string& v : *out) {
      if (auto n = ToInt(v)) v = std::to_string(*n);
    }
  }
  variable_cache_.emplace(id, out);
  return out;
}

Result<std::vector<std::string>> OvalEngine::VariableUncached(const XmlNode& var) {
  const std::string id = var.AttrOr("id", "");
  if (var.name == "constant_variable") {
    std::vector<std::string> out;
    for (const XmlNode& v : var.children) {
      if (v.name == "value") out.push_back(v.text);
    }
    return out;
  }
  if (var.name == "external_variable") {
    auto it = options_.external_variables.find(id);
    if (it == options_.external_variables.end()) {
      return MakeError(ErrorCode::kNotFound, "external variable " + id + " has no value");
    }
    return it->second;
  }
  if (var.name == "local_variable") {
    for (const XmlNode& c : var.children) {
      if (c.name == "notes" || c.name == "signature") continue;
      return Component(c);
    }
    return MakeError(ErrorCode::kInvalidArgument, "local variable " + id + " has no component");
  }
  return MakeError(ErrorCode::kInvalidArgument, "unknown variable kind " + var.name);
}

Result<std::vector<std::string>> OvalEngine::Component(const XmlNode& c) {
  auto children = [&]() -> Result<std::vector<std::vector<std::string>>> {
    std::vector<std::vector<std::string>> out;
    for (const XmlNode& k : c.children) {
      QX_ASSIGN_OR_RETURN(auto values, Component(k));
      out.push_back(std::move(values));
    }
    return out;
  };
  const std::string& fn = c.name;
  if (fn == "literal_component") return std::vector<std::string>{c.text};
  if (fn == "variable_component") return VariableValues(c.AttrOr("var_ref", ""));
  if (fn == "object_component") {
    QX_ASSIGN_OR_RETURN(Collected got, CollectObject(c.AttrOr("object_ref", "")));
    if (got.flag == CollectedFlag::kError || got.flag == CollectedFlag::kNotCollected) {
      return MakeError(ErrorCode::kUnavailable, "object " + c.AttrOr("object_ref", "") + ": " + got.message);
    }
    if (c.HasAttr("record_field")) return MakeError(ErrorCode::kInvalidArgument, "unsupported: record_field");
    const std::string field = c.AttrOr("item_field", "");
    std::vector<std::string> out;
    for (const Item& item : got.items) {
      if (item.status != Item::Status::kExists) continue;
      for (std::string_view v : item.Values(field)) out.emplace_back(v);
    }
    return out;
  }
  if (fn == "count") {
    QX_ASSIGN_OR_RETURN(auto parts, children());
    size_t n = 0;
    for (const auto& p : parts) n += p.size();
    return std::vector<std::string>{std::to_string(n)};
  }
  if (fn == "unique") {
    QX_ASSIGN_OR_RETURN(auto parts, children());
    std::vector<std::string> out;
    for (auto& p : parts) {
      for (auto& v : p) {
        if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
      }
    }
    return out;
  }
  if (fn == "concat" || fn == "arithmetic") {
    QX_ASSIGN_OR_RETURN(auto parts, children());
    const std::string op = c.AttrOr("arithmetic_operation", "add");
    if (fn == "arithmetic" && op != "add" && op != "multiply") {
      return MakeError(ErrorCode::kInvalidArgument, "unsupported: arithmetic_operation " + op);
    }
    // Every combination of the components' values, in order.
    std::vector<std::string> acc;
    bool first = true;
    for (const auto& p : parts) {
      std::vector<std::string> next;
      for (const std::string& a : first ? std::vector<std::string>{""} : acc) {
        for (const std::string& b : p) {
          if (fn == "concat") {
            next.push_back(a + b);
          } else if (first) {
            QX_ASSIGN_OR_RETURN(long long y, ToInt(b));
            next.push_back(std::to_string(y));
          } else {
            QX_ASSIGN_OR_RETURN(long long x, ToInt(a));
            QX_ASSIGN_OR_RETURN(long long y, ToInt(b));
            next.push_back(std::to_string(op == "add" ? x + y : x * y));
          }
        }
      }
      acc = std::move(next);
      first = false;
    }
    return acc;
  }
  if (fn == "regex_capture") {
    QX_ASSIGN_OR_RETURN(auto parts, children());
    QX_ASSIGN_OR_RETURN(auto re, Regex::Cached(c.AttrOr("pattern", "")));
    std::vector<std::string> out;
    for (const auto& p : parts) {
      for (const std::string& v : p) {
        QX_ASSIGN_OR_RETURN(auto m, re->Find(v, 0));
        // OVAL: the first subexpression of the first match; no match gives an empty string.
        out.push_back(m && !m->groups.empty() && m->groups[0] ? *m->groups[0] : "");
      }
    }
    return out;
  }
  if (fn == "substring") {
    QX_ASSIGN_OR_RETURN(auto parts, children());
    QX_ASSIGN_OR_RETURN(long long start, ToInt(c.AttrOr("substring_start", "1")));
    QX_ASSIGN_OR_RETURN(long long len, ToInt(c.AttrOr("substring_length", "-1")));
    std::vector<std::string> out;
    for (const auto& p : parts) {
      for (const std::string& v : p) {
        const size_t from = static_cast<size_t>(std::max(1LL, start) - 1);
        if (from >= v.size()) {
          out.push_back("");
        } else {
          out.push_back(len < 0 ? v.substr(from) : v.substr(from, static_cast<size_t>(len)));
        }
      }
    }
    return out;
  }
  if (fn == "split") {
    QX_ASSIGN_OR_RETURN(auto parts, children());
    const std::string delim = c.AttrOr("delimiter", "");
    if (delim.empty()) return MakeError(ErrorCode::kInvalidArgument, "split needs a delimiter");
    std::vector<std::string> out;
    for (const auto& p : parts) {
      for (const std::string& v : p) {
        size_t start = 0;
        while (true) {
          const size_t at = v.find(delim, start);
          out.push_back(v.substr(start, at == std::string::npos ? std::string::npos : at - start));
          if (at == std::string::npos) break;
          start = at + delim.size();
        }
      }
    }
    return out;
  }
  if (fn == "begin" || fn == "end") {
    QX_ASSIGN_OR_RETURN(auto parts, children());
    const std::string ch = c.AttrOr("character", "");
    std::vector<std::string> out;
    for (const auto& p : parts) {
      for (const std::string& v : p) {
        if (fn == "begin") out.push_back(v.rfind(ch, 0) == 0 ? v : ch + v);
        else out.push_back(v.size() >= ch.size() && v.compare(v.size() - ch.size(), ch.size(), ch) == 0 ? v : v + ch);
      }
    }
    return out;
  }
  if (fn == "escape_regex" || fn == "glob_to_regex") {
    QX_ASSIGN_OR_RETURN(auto parts, children());
    const bool noescape = c.AttrOr("glob_noescape", "false") == "true";
    std::vector<std::string> out;
    for (const auto& p : parts) {
      for (const std::string& v : p) out.push_back(fn == "escape_regex" ? EscapeRegex(v) : GlobToRegex(v, noescape));
    }
    return out;
  }
  if (fn == "time_difference") {
    QX_ASSIGN_OR_RETURN(auto parts, children());
    for (const char* attr : {"format_1", "format_2"}) {
      const std::string f = c.AttrOr(attr, "year_month_day");
      if (c.HasAttr(attr) && f != "seconds_since_epoch") {
        return MakeError(ErrorCode::kInvalidArgument, "unsupported: time_difference format " + f);
      }
    }
    const long long now = options_.now_seconds
                              ? options_.now_seconds
                              : std::chrono::duration_cast<std::chrono::seconds>(
                                    std::chrono::system_clock::now().time_since_epoch()).count();
    std::vector<std::string> out;
    if (parts.size() == 1) {
      for (const std::string& v : parts[0]) {
        QX_ASSIGN_OR_RETURN(long long t, ToInt(v));
        out.push_back(std::to_string(now - t));
      }
    } else if (parts.size() == 2) {
      for (const std::string& a : parts[0]) {
        for (const std::string& b : parts[1]) {
          QX_ASSIGN_OR_RETURN(long long t1, ToInt(a));
          QX_ASSIGN_OR_RETURN(long long t2, ToInt(b));
          out.push_back(std::to_string(t2 - t1));
        }
      }
    } else {
      return MakeError(ErrorCode::kInvalidArgument, "time_difference takes one or two components");
    }
    return out;
  }
  return MakeError(ErrorCode::kInvalidArgument, "unsupported: variable function " + fn);
}

}  // namespace qx::agent
