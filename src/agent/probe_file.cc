// file_object and textfilecontent54_object: direct paths are looked up directly; patterns and
// recursion are answered by the scan's single filesystem walk.
#include <sys/stat.h>

#include <algorithm>
#include <charconv>

#include "qx/agent/oval_engine.h"
#include "qx/agent/regex.h"

namespace qx::agent {
namespace {

constexpr size_t kMaxMatchesPerFile = 100000;

std::string FileType(mode_t m) {
  if (S_ISREG(m)) return "regular";
  if (S_ISDIR(m)) return "directory";
  if (S_ISLNK(m)) return "symbolic link";
  if (S_ISFIFO(m)) return "named pipe";
  if (S_ISSOCK(m)) return "socket";
  if (S_ISCHR(m)) return "character special";
  if (S_ISBLK(m)) return "block special";
  return "unknown";
}

const char* Bool(bool b) { return b ? "true" : "false"; }

// A path pattern written without ^ but starting with '/' is meant from the root.
std::string AnchoredPathPattern(const std::vector<std::string>& patterns) {
  std::string out;
  for (const std::string& p : patterns) {
    if (!out.empty()) out += "|";
    out += (!p.empty() && p.front() == '/') ? "^(?:" + p + ")" : "(?:" + p + ")";
  }
  if (patterns.size() == 1 && !patterns[0].empty() && patterns[0].front() == '^') return patterns[0];
  return out;
}

FsScope ScopeOf(const XmlNode* behaviors) {
  const std::string s = behaviors ? behaviors->AttrOr("recurse_file_system", "all") : "all";
  if (s == "local") return FsScope::kLocal;
  if (s == "defined") return FsScope::kDefined;
  return FsScope::kAll;
}

}  // namespace

Item OvalEngine::FileItem(const std::string& dir, std::optional<std::string_view> name, const FileStat& st) {
  Item item;
  item.fields.reserve(24);
  const std::string filepath = name ? JoinPath(dir, *name) : dir;
  item.Add("filepath", filepath);
  item.Add("path", name ? dir : dir);
  if (name) item.Add("filename", std::string(*name));
  item.Add("type", FileType(st.mode));
  item.Add("group_id", std::to_string(st.gid));
  item.Add("user_id", std::to_string(st.uid));
  item.Add("a_time", std::to_string(st.atime));
  item.Add("c_time", std::to_string(st.ctime));
  item.Add("m_time", std::to_string(st.mtime));
  item.Add("size", std::to_string(st.size));
  const mode_t m = st.mode;
  item.Add("suid", Bool(m & S_ISUID));
  item.Add("sgid", Bool(m & S_ISGID));
  item.Add("sticky", Bool(m & S_ISVTX));
  item.Add("uread", Bool(m & S_IRUSR));
  item.Add("uwrite", Bool(m & S_IWUSR));
  item.Add("uexec", Bool(m & S_IXUSR));
  item.Add("gread", Bool(m & S_IRGRP));
  item.Add("gwrite", Bool(m & S_IWGRP));
  item.Add("gexec", Bool(m & S_IXGRP));
  item.Add("oread", Bool(m & S_IROTH));
  item.Add("owrite", Bool(m & S_IWOTH));
  item.Add("oexec", Bool(m & S_IXOTH));
  return item;
}

Status OvalEngine::ContentItems(const XmlNode& object, const std::string& filepath, std::vector<Item>& out) {
  QX_ASSIGN_OR_RETURN(EntitySpec pattern, ObjectEntity(object, "pattern"));
  QX_ASSIGN_OR_RETURN(EntitySpec instance, ObjectEntity(object, "instance"));
  if (!pattern.present || pattern.operation != "pattern match") {
    return MakeError(ErrorCode::kInvalidArgument, "unsupported: textfilecontent54 pattern without 'pattern match'");
  }
  const XmlNode* behaviors = object.Child("behaviors");
  unsigned flags = Regex::kNone;
  if (!behaviors || behaviors->AttrOr("multiline", "true") == "true") flags |= Regex::kMultiline;
  if (behaviors && behaviors->AttrOr("singleline", "false") == "true") flags |= Regex::kDotAll;
  if (behaviors && behaviors->AttrOr("ignore_case", "false") == "true") flags |= Regex::kCaseless;
  auto content = host_.ReadFile(filepath, options_.max_file_bytes);
  if (!content) {
    if (content.error().code == ErrorCode::kNotFound) return Ok();
    if (content.error().code == ErrorCode::kInvalidArgument) return Ok();  // not a regular file
    Item err;
    err.status = Item::Status::kError;
    err.message = content.error().message;
    err.Add("filepath", filepath);
    out.push_back(std::move(err));
    return Ok();
  }
  for (const std::string& p : pattern.values) {
    QX_ASSIGN_OR_RETURN(auto re, Regex::Cached(p, flags));
    size_t offset = 0;
    long long n = 0;
    while (offset <= content->size()) {
      auto m = re->Find(*content, offset);
      if (!m) {
        Item err;
        err.status = Item::Status::kError;
        err.message = filepath + ": " + m.error().message;
        out.push_back(std::move(err));
        break;
      }
      if (!*m) break;
      ++n;
      if (n > static_cast<long long>(kMaxMatchesPerFile)) {
        Item err;
        err.status = Item::Status::kError;
        err.message = filepath + ": more than " + std::to_string(kMaxMatchesPerFile) + " matches";
        out.push_back(std::move(err));
        break;
      }
      const RegexMatch& match = **m;
      QX_ASSIGN_OR_RETURN(bool wanted, EntityMatches(instance, std::to_string(n)));
      if (wanted) {
        Item item;
        item.Add("filepath", filepath);
        item.Add("path", DirName(filepath));
        item.Add("filename", BaseName(filepath));
        item.Add("pattern", p);
        item.Add("instance", std::to_string(n));
        item.Add("text", content->substr(match.begin, match.end - match.begin));
        for (const auto& g : match.groups) item.Add("subexpression", g.value_or(""));
        out.push_back(std::move(item));
      }
      offset = match.end > match.begin ? match.end : match.end + 1;
    }
  }
  return Ok();
}

Result<std::optional<WalkRequest>> OvalEngine::WalkRequestFor(const XmlNode& object) {
  const std::string kind = OvalKind(object);
  if (kind != "file" && kind != "textfilecontent54") return std::optional<WalkRequest>();
  if (object.Child("set")) return std::optional<WalkRequest>();
  const XmlNode* behaviors = object.Child("behaviors");
  const bool recurse = behaviors && behaviors->AttrOr("recurse_direction", "none") == "down";
  WalkRequest req;
  req.scope = ScopeOf(behaviors);
  QX_ASSIGN_OR_RETURN(EntitySpec filepath, ObjectEntity(object, "filepath"));
  if (filepath.present) {
    if (filepath.operation == "equals") return std::optional<WalkRequest>();
    if (filepath.operation != "pattern match") {
      return MakeError(ErrorCode::kInvalidArgument, "unsupported: filepath operation " + filepath.operation);
    }
    if (filepath.values.empty()) return std::optional<WalkRequest>();
    QX_ASSIGN_OR_RETURN(req.filepath_regex, Regex::Cached(AnchoredPathPattern(filepath.values)));
    return std::optional<WalkRequest>(std::move(req));
  }
  QX_ASSIGN_OR_RETURN(EntitySpec path, ObjectEntity(object, "path"));
  QX_ASSIGN_OR_RETURN(EntitySpec filename, ObjectEntity(object, "filename"));
  if (!path.present) return MakeError(ErrorCode::kInvalidArgument, "file object without filepath or path");
  if (path.operation == "equals" && !recurse) return std::optional<WalkRequest>();
  if (path.operation == "equals") {
    req.roots = path.values;
  } else if (path.operation == "pattern match") {
    if (path.values.empty()) return std::optional<WalkRequest>();
    QX_ASSIGN_OR_RETURN(req.path_regex, Regex::Cached(AnchoredPathPattern(path.values)));
  } else {
    return MakeError(ErrorCode::kInvalidArgument, "unsupported: path operation " + path.operation);
  }
  req.max_depth = 0;
  if (recurse) {
    const std::string depth = behaviors->AttrOr("max_depth", "-1");
    auto [end, ec] = std::from_chars(depth.data(), depth.data() + depth.size(), req.max_depth);
    if (depth.empty() || ec != std::errc() || end != depth.data() + depth.size() || req.max_depth < -1) {
      return MakeError(ErrorCode::kInvalidArgument, "behaviors max_depth '" + depth + "' is not -1 or a depth");
    }
  }
  if (filename.present && !filename.nil) {
    req.filename = [this, filename](std::string_view name) {
      auto ok = EntityMatches(filename, name);
      return ok && *ok;
    };
  }
  return std::optional<WalkRequest>(std::move(req));
}

void OvalEngine::CollectReachableObjects(const XmlNode& node, std::set<std::string>& objects,
                                         std::set<std::string>& seen, int depth) {
  if (depth > 2 * kMaxDepth) return;  // planning only: evaluation reports such nesting as an error
  auto follow = [&](const std::string& id) {
    if (id.empty() || !seen.insert(id).second) return;
    const XmlNode* target = doc_.Find(id);
    if (!target) return;
    if (target->name.ends_with("_object")) objects.insert(id);
    CollectReachableObjects(*target, objects, seen, depth + 1);
  };
  for (const auto& [k, v] : node.attrs) {
    if (k == "definition_ref" || k == "test_ref" || k == "object_ref" || k == "state_ref" || k == "var_ref") follow(v);
  }
  if (node.name == "object_reference" || node.name == "filter" || node.name == "var_ref") follow(node.text);
  for (const XmlNode& c : node.children) CollectReachableObjects(c, objects, seen, depth + 1);
}

void OvalEngine::PlanWalks(const std::vector<std::string>& definition_ids) {
  std::set<std::string> objects, seen;
  for (const std::string& id : definition_ids) {
    if (const XmlNode* def = doc_.Find(id); def && seen.insert(id).second) CollectReachableObjects(*def, objects, seen);
  }
  for (const std::string& id : objects) {
    const XmlNode* object = doc_.Find(id);
    auto req = WalkRequestFor(*object);
    if (!req || !*req) continue;  // errors surface when the object is collected
    planned_ids_.push_back(id);
    planned_requests_.push_back(std::move(**req));
  }
}

void OvalEngine::RunPlannedWalk() {
  walk_done_ = true;
  if (planned_requests_.empty()) return;
  std::vector<const XmlNode*> objects;
  for (const std::string& id : planned_ids_) objects.push_back(doc_.Find(id));
  ++walks_;
  walk_stats_ = WalkFilesystem(host_, planned_requests_,
                               [&](size_t r, const std::string& dir, std::optional<std::string_view> name,
                                   const FileStat& st) {
                                 Item item = FileItem(dir, name, st);
                                 std::vector<Item> one;
                                 one.push_back(std::move(item));
                                 // Filters of file objects apply now, so that only kept items stay in memory.
                                 if (OvalKind(*objects[r]) == "file") (void)ApplyFilters(*objects[r], one);
                                 auto& dest = walked_[planned_ids_[r]];
                                 for (Item& i : one) dest.push_back(std::move(i));
                               });
}

Result<Collected> OvalEngine::ProbeFile(const XmlNode& object, bool content) {
  const std::string id = object.AttrOr("id", "");
  Collected out;
  std::vector<Item> files;
  QX_ASSIGN_OR_RETURN(auto req, WalkRequestFor(object));
  if (req) {
    const bool planned = std::find(planned_ids_.begin(), planned_ids_.end(), id) != planned_ids_.end();
    if (planned) {
      if (!walk_done_) RunPlannedWalk();
      files = std::move(walked_[id]);
      walked_.erase(id);
    } else {
      ++walks_;
      std::vector<WalkRequest> one{std::move(*req)};
      WalkFilesystem(host_, one, [&](size_t, const std::string& dir, std::optional<std::string_view> name,
                                     const FileStat& st) { files.push_back(FileItem(dir, name, st)); });
    }
  } else {
    QX_ASSIGN_OR_RETURN(EntitySpec filepath, ObjectEntity(object, "filepath"));
    std::vector<std::pair<std::string, std::optional<std::string>>> candidates;  // dir, name
    if (filepath.present) {
      for (const std::string& p : filepath.values) candidates.emplace_back(DirName(p), BaseName(p));
    } else {
      QX_ASSIGN_OR_RETURN(EntitySpec path, ObjectEntity(object, "path"));
      QX_ASSIGN_OR_RETURN(EntitySpec filename, ObjectEntity(object, "filename"));
      for (const std::string& dir : path.values) {
        if (!filename.present || filename.nil) {
          candidates.emplace_back(dir, std::nullopt);
        } else if (filename.operation == "equals") {
          for (const std::string& f : filename.values) candidates.emplace_back(dir, f);
        } else {
          auto listing = host_.ListDir(dir);
          if (!listing) continue;
          for (const DirEntry& e : *listing) {
            QX_ASSIGN_OR_RETURN(bool ok, EntityMatches(filename, e.name));
            if (ok) candidates.emplace_back(dir, e.name);
          }
        }
      }
    }
    for (const auto& [dir, name] : candidates) {
      const std::string full = name ? JoinPath(dir, *name) : dir;
      auto st = host_.Lstat(full);
      if (!st) {
        Item err;
        err.status = Item::Status::kError;
        err.message = st.error().message;
        files.push_back(std::move(err));
        continue;
      }
      if (!*st) continue;
      if (!name && !(*st)->IsDir()) continue;
      files.push_back(FileItem(dir, name ? std::optional<std::string_view>(*name) : std::nullopt, **st));
    }
  }
  if (!content) {
    out.items = std::move(files);
    return out;
  }
  for (const Item& f : files) {
    if (f.status != Item::Status::kExists) {
      out.items.push_back(f);
      continue;
    }
    auto type = f.Values("type");
    if (!type.empty() && type[0] == "directory") continue;
    auto fp = f.Values("filepath");
    if (fp.empty()) continue;
    QX_RETURN_IF_ERROR(ContentItems(object, std::string(fp[0]), out.items));
  }
  return out;
}

}  // namespace qx::agent
