#!/usr/bin/env python3
"""Checks the OSCAL content under catalogs/ and tests/fixtures/oscal/ (python3 stdlib only).

  python3 catalogs/check_catalogs.py

Loads the CII baseline catalog, its translations, its profiles and the NIST test fixtures, checks
ids, parameter inserts, links, profile references, translations, Qalxan props and the required
counts, prints a summary, and exits 1 if any problem was found (2 if a file cannot be read).
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "oscal")

BASELINE = os.path.join(HERE, "cii-baseline.catalog.json")
QALXAN_NS = "https://qalxan.gov.az/ns/oscal"
QALXAN_PROPS = {"cii-category", "sector", "iec62443-sl", "machine-check"}
SECTORS = {"oil_and_gas", "energy", "finance", "telecom", "government", "transport", "health",
           "water", "digital", "other"}
# Check ids the Qalxan host agent implements (or will); a typo here is an error.
MACHINE_CHECKS = {
    "ssh-root-login-disabled", "ssh-password-auth-disabled", "password-min-length",
    "password-max-age", "account-lockout", "auditd-enabled", "audit-log-retention",
    "time-sync-enabled", "no-world-writable-system-files", "firewall-enabled",
    "automatic-security-updates", "disk-encryption", "tls-min-version", "unused-services-disabled",
    "core-dumps-disabled", "aslr-enabled", "umask-restrictive", "sudo-logging", "remote-syslog",
    "usb-storage-disabled", "mfa-for-remote-access",
}
NIS_AREAS = ["nis-" + c for c in "abcdefghij"]
OT_FRS = ["ot-fr%d" % i for i in range(1, 8)]
REQUIRED_PARTS = (("statement", "_smt"), ("guidance", "_gdn"), ("assessment-objective", "_obj"))

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
ANY_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
CONTROL_ID = re.compile(r"^[a-z0-9-]+(\.[0-9]+)*$")
TOKEN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
INSERT = re.compile(r"\{\{\s*insert:\s*([A-Za-z0-9_.-]+)\s*,\s*([^\s}]+)\s*\}\}")
MD_LINK = re.compile(r"\]\((#[^)\s]+)\)")

problems = []
notes = []


def problem(where, msg):
    problems.append("%s: %s" % (where, msg))


def rel(path):
    return os.path.relpath(path, ROOT)


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print("cannot read %s: %s" % (rel(path), e))
        sys.exit(2)


def strings(value):
    """Every string inside a JSON value (keys excluded)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)


def param_inserts(text):
    return [m.group(2) for m in INSERT.finditer(text) if m.group(1) == "param"]


class Catalog:
    """Indexes one OSCAL catalog document and checks its structure."""

    def __init__(self, path, strict):
        self.path = path
        self.name = rel(path)
        self.strict = strict  # Qalxan content: stricter rules than for the NIST fixture
        self.doc = load(path)
        self.ids = {}  # group, control, part and param ids -> kind
        self.controls = {}  # id -> (control object, parent control id or None, top group id)
        self.groups = {}  # id -> group object
        self.params = {}  # id -> (param object, control id or None)
        self.resources = set()
        self.links = []  # (href, where)
        self.uuids = []  # (uuid, where)
        cat = self.doc.get("catalog")
        if not isinstance(cat, dict):
            problem(self.name, "no top-level 'catalog' object")
            return
        self.cat = cat
        self.uuids.append((cat.get("uuid"), "$.catalog.uuid"))
        self._metadata(cat.get("metadata"))
        for r in cat.get("back-matter", {}).get("resources", []):
            self.resources.add(r.get("uuid"))
            self.uuids.append((r.get("uuid"), "back-matter resource"))
            if not r.get("title") and not r.get("citation") and not r.get("rlinks"):
                problem(self.name, "resource %s has no title, citation or rlinks" % r.get("uuid"))
        for p in cat.get("params", []):
            self._param(p, None, "$.catalog")
        for c in cat.get("controls", []):
            self._control(c, None, None, "$.catalog")
        for i, g in enumerate(cat.get("groups", [])):
            self._group(g, None, "$.catalog.groups[%d]" % i)
        self._check_inserts()
        self._check_links()
        self._check_uuids()

    # -- walking -------------------------------------------------------------------------------
    def _claim(self, ident, kind, where):
        if not isinstance(ident, str) or not TOKEN.match(ident):
            problem(self.name, "%s: bad %s id %r" % (where, kind, ident))
            return
        if ident in self.ids:
            problem(self.name, "%s: duplicate id '%s' (already a %s)" % (where, ident, self.ids[ident]))
        self.ids[ident] = kind

    def _metadata(self, md):
        if not isinstance(md, dict):
            problem(self.name, "missing metadata")
            return
        for key in ("title", "last-modified", "version", "oscal-version"):
            if not md.get(key):
                problem(self.name, "metadata.%s is missing" % key)
        if md.get("last-modified") and not RFC3339.match(md["last-modified"]):
            problem(self.name, "metadata.last-modified is not an RFC 3339 timestamp")
        if self.strict and md.get("oscal-version") != "1.1.2":
            problem(self.name, "metadata.oscal-version must be 1.1.2")
        for p in md.get("parties", []):
            self.uuids.append((p.get("uuid"), "party"))
        for rp in md.get("responsible-parties", []):
            known = {p.get("uuid") for p in md.get("parties", [])}
            for u in rp.get("party-uuids", []):
                if u not in known:
                    problem(self.name, "responsible-party refers to unknown party %s" % u)
        for link in md.get("links", []):
            self.links.append((link.get("href"), "metadata"))

    def _group(self, g, top, where):
        gid = g.get("id")
        self._claim(gid, "group", where)
        self.groups[gid] = g
        top = top or gid
        if not g.get("title"):
            problem(self.name, "%s: group without title" % where)
        for p in g.get("params", []):
            self._param(p, None, where)
        for part in g.get("parts", []):
            self._part(part, where)
        for link in g.get("links", []):
            self.links.append((link.get("href"), where))
        for i, c in enumerate(g.get("controls", [])):
            self._control(c, None, top, "%s.controls[%d]" % (where, i))
        for i, sub in enumerate(g.get("groups", [])):
            self._group(sub, top, "%s.groups[%d]" % (where, i))

    def _control(self, c, parent, top, where):
        cid = c.get("id")
        self._claim(cid, "control", where)
        self.controls[cid] = (c, parent, top)
        if self.strict and (not isinstance(cid, str) or not CONTROL_ID.match(cid)):
            problem(self.name, "%s: control id %r is not lowercase [a-z0-9-] (with .N for enhancements)" % (where, cid))
        if not c.get("title"):
            problem(self.name, "%s: control without title" % where)
        for p in c.get("params", []):
            self._param(p, cid, where)
        for link in c.get("links", []):
            self.links.append((link.get("href"), "%s (%s)" % (where, cid)))
        self._props(c, where)
        for part in c.get("parts", []):
            self._part(part, where)
        if self.strict:
            by_name = {p.get("name"): p for p in c.get("parts", [])}
            for name, suffix in REQUIRED_PARTS:
                p = by_name.get(name)
                if p is None:
                    problem(self.name, "%s: control %s has no '%s' part" % (where, cid, name))
                    continue
                if p.get("id") != cid + suffix:
                    problem(self.name, "%s: part '%s' of %s should have id %s" % (where, name, cid, cid + suffix))
                if not (p.get("prose") or "").strip():
                    problem(self.name, "%s: part %s has no prose" % (where, p.get("id")))
        for i, sub in enumerate(c.get("controls", [])):
            self._control(sub, cid, top, "%s.controls[%d]" % (where, i))

    def _param(self, p, cid, where):
        pid = p.get("id")
        self._claim(pid, "param", where)
        self.params[pid] = (p, cid)
        sel = p.get("select")
        if sel is not None:
            if "values" in p:
                problem(self.name, "%s: param %s has both select and values" % (where, pid))
            if not sel.get("choice"):
                problem(self.name, "%s: param %s select has no choice" % (where, pid))
            if sel.get("how-many", "one") not in ("one", "one-or-more"):
                problem(self.name, "%s: param %s select how-many %r" % (where, pid, sel.get("how-many")))
        elif self.strict and not p.get("label"):
            problem(self.name, "%s: param %s has neither select nor label" % (where, pid))
        if self.strict and cid and not pid.startswith(cid + "_prm_"):
            problem(self.name, "%s: param id %s should start with %s_prm_" % (where, pid, cid))

    def _part(self, part, where):
        if part.get("id"):
            self._claim(part["id"], "part", where)
        if not part.get("name"):
            problem(self.name, "%s: part without name" % where)
        for link in part.get("links", []):
            self.links.append((link.get("href"), where))
        for sub in part.get("parts", []):
            self._part(sub, where)

    def _props(self, c, where):
        cid = c.get("id")
        seen_sl = False
        for prop in c.get("props", []):
            if prop.get("ns") != QALXAN_NS:
                continue
            name, value = prop.get("name"), prop.get("value")
            if name not in QALXAN_PROPS:
                problem(self.name, "%s: unknown Qalxan prop '%s' on %s" % (where, name, cid))
            elif name == "cii-category" and value not in ("1", "2", "3"):
                problem(self.name, "%s: cii-category %r on %s" % (where, value, cid))
            elif name == "sector" and value not in SECTORS:
                problem(self.name, "%s: unknown sector %r on %s" % (where, value, cid))
            elif name == "iec62443-sl":
                if value not in ("1", "2", "3", "4"):
                    problem(self.name, "%s: iec62443-sl %r on %s" % (where, value, cid))
                if seen_sl:
                    problem(self.name, "%s: iec62443-sl given twice on %s" % (where, cid))
                seen_sl = True
            elif name == "machine-check" and value not in MACHINE_CHECKS:
                problem(self.name, "%s: unknown machine-check %r on %s" % (where, value, cid))
        if self.strict:
            cats = self.prop_values(c, "cii-category")
            if not cats:
                problem(self.name, "%s: control %s has no cii-category prop" % (where, cid))
            if len(set(cats)) != len(cats):
                problem(self.name, "%s: repeated cii-category on %s" % (where, cid))
            if cats and "1" not in cats:
                problem(self.name, "%s: %s applies to a lower category but not to category 1" % (where, cid))

    # -- cross checks --------------------------------------------------------------------------
    def _check_inserts(self):
        for pid in self.inserted_params(self.cat):
            if pid not in self.params:
                problem(self.name, "insert of undefined param '%s'" % pid)

    @staticmethod
    def inserted_params(value):
        out = []
        for s in strings(value):
            out += param_inserts(s)
        return out

    def _check_links(self):
        hrefs = list(self.links)
        for s in strings(self.cat):  # markdown links in prose: [PRIVACT](#uuid)
            for m in MD_LINK.finditer(s):
                hrefs.append((m.group(1), "prose"))
        unresolved_ids = set()
        for href, where in hrefs:
            if not isinstance(href, str) or not href.startswith("#"):
                continue
            frag = href[1:]
            if ANY_UUID.match(frag):
                if frag not in self.resources:
                    problem(self.name, "%s: link %s does not resolve to a back-matter resource" % (where, href))
            elif frag not in self.ids:
                if self.strict:
                    problem(self.name, "%s: link %s does not resolve to an id in the catalog" % (where, href))
                else:
                    unresolved_ids.add(frag)
        if unresolved_ids:
            notes.append("%s: %d links point to controls outside the excerpt (expected)" % (self.name, len(unresolved_ids)))

    def _check_uuids(self):
        seen = set()
        for u, where in self.uuids:
            if not isinstance(u, str) or not ANY_UUID.match(u):
                problem(self.name, "%s: invalid uuid %r" % (where, u))
                continue
            if u in seen:
                problem(self.name, "%s: duplicate uuid %s" % (where, u))
            seen.add(u)
            if self.strict and not UUID4.match(u):
                problem(self.name, "%s: uuid %s is not a lowercase RFC 4122 version 4 uuid" % (where, u))

    # -- queries -------------------------------------------------------------------------------
    @staticmethod
    def prop_values(control, name):
        return [p.get("value") for p in control.get("props", [])
                if p.get("ns") == QALXAN_NS and p.get("name") == name]

    def parts_of(self, cid):
        out = {}

        def walk(parts):
            for p in parts:
                if p.get("id"):
                    out[p["id"]] = p
                walk(p.get("parts", []))
        walk(self.controls[cid][0].get("parts", []))
        return out


def check_profile(path, catalogs):
    name = rel(path)
    doc = load(path)
    prof = doc.get("profile")
    if not isinstance(prof, dict):
        problem(name, "no top-level 'profile' object")
        return None
    md = prof.get("metadata", {})
    for key in ("title", "last-modified", "version", "oscal-version"):
        if not md.get(key):
            problem(name, "metadata.%s is missing" % key)
    if md.get("last-modified") and not RFC3339.match(md["last-modified"]):
        problem(name, "metadata.last-modified is not an RFC 3339 timestamp")
    if not isinstance(prof.get("uuid"), str) or not UUID4.match(prof.get("uuid")):
        problem(name, "profile uuid is not an RFC 4122 version 4 uuid")
    for p in md.get("parties", []):
        if not UUID4.match(p.get("uuid", "")):
            problem(name, "party uuid %r is not version 4" % p.get("uuid"))
    imports = prof.get("imports", [])
    if not imports:
        problem(name, "no imports")
    selected, all_ids, params = set(), set(), {}
    cat = None
    for imp in imports:
        href = imp.get("href", "")
        # hrefs name a catalog file; they are looked up beside the profile, then in catalogs/ or
        # the fixture directory (the server resolves them by name).
        candidates = [os.path.join(os.path.dirname(path), href), os.path.join(HERE, href),
                      os.path.join(FIXTURES, href)]
        target = next((os.path.normpath(c) for c in candidates if os.path.isfile(c)), None)
        if target is None or target not in catalogs:
            problem(name, "import href %r does not name a known catalog" % href)
            continue
        cat = catalogs[target]
        all_ids |= set(cat.controls)
        params.update(cat.params)
        chosen = set()
        if "include-all" in imp:
            chosen |= set(cat.controls)
        for inc in imp.get("include-controls", []):
            for cid in inc.get("with-ids", []):
                if cid not in cat.controls:
                    problem(name, "include-controls id '%s' is not in %s" % (cid, cat.name))
                    continue
                chosen.add(cid)
                if inc.get("with-child-controls") == "yes":
                    stack = list(cat.controls[cid][0].get("controls", []))
                    while stack:
                        child = stack.pop()
                        chosen.add(child["id"])
                        stack += child.get("controls", [])
        for exc in imp.get("exclude-controls", []):
            for cid in exc.get("with-ids", []):
                if cid not in cat.controls:
                    problem(name, "exclude-controls id '%s' is not in %s" % (cid, cat.name))
                elif cid not in chosen:
                    problem(name, "exclude-controls id '%s' was not included, so excluding it has no effect" % cid)
                chosen.discard(cid)
        selected |= chosen
    if cat is None:
        return None
    if not selected:
        problem(name, "selects no control")
    modify = prof.get("modify", {})
    for sp in modify.get("set-parameters", []):
        pid = sp.get("param-id")
        if pid not in params:
            problem(name, "set-parameters param-id '%s' is not defined in the catalog" % pid)
            continue
        catp, owner = params[pid]
        if owner is not None and owner not in selected:
            problem(name, "set-parameters '%s' belongs to %s, which the profile does not select" % (pid, owner))
        if "select" in sp:
            if "select" not in catp:
                problem(name, "set-parameters '%s' gives a select for a free-text param" % pid)
            else:
                extra = set(sp["select"].get("choice", [])) - set(catp["select"].get("choice", []))
                if extra:
                    problem(name, "set-parameters '%s' adds choices %s not in the catalog" % (pid, sorted(extra)))
        if "values" in sp and "select" in catp:
            problem(name, "set-parameters '%s' sets values on a select param (narrow the select instead)" % pid)
    for alter in modify.get("alters", []):
        cid = alter.get("control-id")
        if cid not in all_ids:
            problem(name, "alters control-id '%s' is not in the catalog" % cid)
        elif cid not in selected:
            problem(name, "alters control-id '%s' is not selected by the profile" % cid)
        for add in alter.get("adds", []):
            if add.get("position", "ending") not in ("before", "after", "starting", "ending"):
                problem(name, "alters %s: bad position %r" % (cid, add.get("position")))
            if add.get("by-id") and add["by-id"] not in cat.ids:
                problem(name, "alters %s: by-id '%s' is unknown" % (cid, add["by-id"]))
            for part in add.get("parts", []):
                if part.get("id") in cat.ids:
                    problem(name, "alters %s: added part id '%s' collides with a catalog id" % (cid, part.get("id")))
                if not part.get("name") or not (part.get("prose") or "").strip():
                    problem(name, "alters %s: added part needs a name and prose" % cid)
                for pid in Catalog.inserted_params(part):
                    if pid not in params:
                        problem(name, "alters %s: insert of undefined param '%s'" % (cid, pid))
    return name, len(selected), len(modify.get("set-parameters", [])), len(modify.get("alters", []))


def check_translation(path, cat, require_complete):
    name = rel(path)
    doc = load(path)
    lang = doc.get("lang")
    if not isinstance(lang, str) or not re.match(r"^[a-z]{2,3}$", lang):
        problem(name, "lang must be 2-3 lower-case letters, got %r" % lang)
    if doc.get("catalog") != "cii-baseline":
        problem(name, "catalog must be 'cii-baseline'")
    extra_keys = set(doc) - {"lang", "catalog", "groups", "controls"}
    if extra_keys:
        problem(name, "unknown top-level keys %s" % sorted(extra_keys))
    texts = total = 0
    groups = doc.get("groups", {})
    for gid, g in groups.items():
        if gid not in cat.groups:
            problem(name, "unknown group '%s'" % gid)
        elif not (g.get("title") or "").strip():
            problem(name, "group '%s' has an empty title" % gid)
        if set(g) - {"title"}:
            problem(name, "group '%s' has keys other than title" % gid)
    controls = doc.get("controls", {})
    for cid, t in controls.items():
        if cid not in cat.controls:
            problem(name, "unknown control '%s'" % cid)
            continue
        if set(t) - {"title", "parts", "params"}:
            problem(name, "control '%s' has unknown keys %s" % (cid, sorted(set(t) - {"title", "parts", "params"})))
        parts = cat.parts_of(cid)
        for pid, prose in t.get("parts", {}).items():
            if pid not in parts:
                problem(name, "part '%s' is not a part of %s" % (pid, cid))
                continue
            if not (prose or "").strip():
                problem(name, "part '%s' is empty" % pid)
            src = sorted(param_inserts(parts[pid].get("prose", "")))
            if sorted(param_inserts(prose)) != src:
                problem(name, "part '%s' must keep the placeholders %s" % (pid, src))
            if "{{" in prose.replace("{{ insert: param,", ""):
                problem(name, "part '%s' has a malformed placeholder" % pid)
        own_params = {pid for pid, (_, owner) in cat.params.items() if owner == cid}
        for pid, pt in t.get("params", {}).items():
            if pid not in own_params:
                problem(name, "param '%s' is not a param of %s" % (pid, cid))
            elif not (pt.get("label") or "").strip() or set(pt) - {"label"}:
                problem(name, "param '%s' needs exactly a non-empty label" % pid)
    # coverage
    missing = []
    for gid in cat.groups:
        total += 1
        if groups.get(gid, {}).get("title"):
            texts += 1
        else:
            missing.append("group %s title" % gid)
    for cid in cat.controls:
        t = controls.get(cid, {})
        total += 1
        if t.get("title"):
            texts += 1
        else:
            missing.append("%s title" % cid)
        for pid, part in cat.parts_of(cid).items():
            if part.get("prose"):
                total += 1
                if t.get("parts", {}).get(pid):
                    texts += 1
                else:
                    missing.append("%s prose" % pid)
        for pid, (p, owner) in cat.params.items():
            if owner == cid and p.get("label"):
                total += 1
                if t.get("params", {}).get(pid, {}).get("label"):
                    texts += 1
                else:
                    missing.append("%s label" % pid)
    if require_complete and missing:
        for m in missing[:20]:
            problem(name, "missing translation: %s" % m)
        if len(missing) > 20:
            problem(name, "... and %d more missing translations" % (len(missing) - 20))
    return name, lang, len(controls), texts, total


def main():
    catalogs = {}
    base = Catalog(BASELINE, strict=True)
    catalogs[os.path.normpath(BASELINE)] = base
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*.catalog.json"))):
        catalogs[os.path.normpath(path)] = Catalog(path, strict=False)

    # ---- baseline counts
    ctl = base.controls
    non_prov = [c for c, (_, _, top) in ctl.items() if top != "prov"]
    prov = [c for c, (_, _, top) in ctl.items() if top == "prov"]
    enhancements = [c for c, (_, parent, _) in ctl.items() if parent]
    with_params = [c for c, (o, _, _) in ctl.items() if o.get("params")]
    select_params = [p for p, (o, _) in base.params.items() if "select" in o]
    default_params = [p for p, (o, _) in base.params.items() if o.get("values")]
    mc_props, mc_controls, mc_ids = 0, set(), {}
    for cid, (o, _, _) in ctl.items():
        for v in Catalog.prop_values(o, "machine-check"):
            mc_props += 1
            mc_controls.add(cid)
            mc_ids[v] = mc_ids.get(v, 0) + 1
    if len(non_prov) < 64:
        problem(base.name, "only %d controls outside 'prov' (need 64)" % len(non_prov))
    if mc_props < 20:
        problem(base.name, "only %d machine-check props (need 20)" % mc_props)
    if len(enhancements) < 5:
        problem(base.name, "only %d enhancements (need 5)" % len(enhancements))
    if len(with_params) < 8:
        problem(base.name, "only %d controls with params (need 8)" % len(with_params))
    if not select_params or not default_params:
        problem(base.name, "need both select params and params with default values")
    for gid in NIS_AREAS:
        g = base.groups.get(gid)
        if g is None:
            problem(base.name, "NIS2 area group '%s' is missing" % gid)
        elif not 4 <= len(g.get("controls", [])) <= 7:
            problem(base.name, "group '%s' has %d controls (need 4-7)" % (gid, len(g.get("controls", []))))
    for gid in OT_FRS:
        g = base.groups.get(gid)
        if g is None or not g.get("controls"):
            problem(base.name, "IEC 62443-3-3 group '%s' is missing or empty" % gid)
    if "ot" not in base.groups:
        problem(base.name, "group 'ot' is missing")
    for cid, (o, _, top) in ctl.items():
        has_sl = bool(Catalog.prop_values(o, "iec62443-sl"))
        if top == "ot" and not has_sl:
            problem(base.name, "OT control %s has no iec62443-sl prop" % cid)
        if top != "ot" and has_sl:
            problem(base.name, "non-OT control %s has an iec62443-sl prop" % cid)
    if len(prov) < 5:
        problem(base.name, "group 'prov' has %d controls (need 5)" % len(prov))
    overused = {k: v for k, v in mc_ids.items() if v > 3}
    if overused:
        problem(base.name, "machine-check ids used more than 3 times: %s" % overused)

    # ---- translations
    tr_rows = []
    for path in sorted(glob.glob(os.path.join(HERE, "cii-baseline.*.json"))):
        if path.endswith(".catalog.json"):
            continue
        lang = os.path.basename(path).split(".")[1]
        tr_rows.append(check_translation(path, base, require_complete=(lang == "az")))
    if not any(r[1] == "az" for r in tr_rows):
        problem("catalogs", "the Azerbaijani translation cii-baseline.az.json is missing")

    # ---- profiles
    pr_rows = []
    for path in sorted(glob.glob(os.path.join(HERE, "profiles", "*.profile.json")) +
                       glob.glob(os.path.join(FIXTURES, "*.profile.json"))):
        row = check_profile(path, catalogs)
        if row:
            pr_rows.append(row)

    # ---- summary
    print("CII Security Baseline (%s), version %s" % (base.name, base.cat["metadata"].get("version")))
    print("  controls: %d in total, %d outside 'prov', %d in 'prov', %d enhancements"
          % (len(ctl), len(non_prov), len(prov), len(enhancements)))
    print("  groups:   " + ", ".join("%s=%d" % (g, len(base.groups[g].get("controls", [])))
                                     for g in NIS_AREAS + OT_FRS + ["prov"] if g in base.groups))
    print("  params:   %d (%d select, %d with default values) in %d controls"
          % (len(base.params), len(select_params), len(default_params), len(with_params)))
    print("  machine-check props: %d on %d controls, %d distinct ids"
          % (mc_props, len(mc_controls), len(mc_ids)))
    print("  machine-check ids: " + ", ".join("%s(%d)" % kv for kv in sorted(mc_ids.items())))
    print("  back-matter resources: %d, links checked: %d" % (len(base.resources), len(base.links)))
    for name, lang, n, texts, total in tr_rows:
        print("translation %s (%s): %d controls, %d/%d texts" % (name, lang, n, texts, total))
    for name, n, sp, al in pr_rows:
        print("profile %s: %d controls selected, %d set-parameters, %d alters" % (name, n, sp, al))
    for path, cat in catalogs.items():
        if cat is not base:
            print("fixture %s: %d controls, %d params, %d resources"
                  % (cat.name, len(cat.controls), len(cat.params), len(cat.resources)))
    for n in notes:
        print("note: " + n)
    if problems:
        print("\n%d problem(s):" % len(problems))
        for p in problems:
            print("  " + p)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
