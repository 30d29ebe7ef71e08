#!/usr/bin/env python3
"""schema/: the JSON Schemas (2020-12) for brochure.yaml, text files and
clinic files, checked three ways:

  schema/valid           each schema is a valid 2020-12 schema
  schema/file/<path>     every shipped and test content file that trifold
                         accepts validates against its schema, and names
                         it on its first line (# yaml-language-server:)
  schema/rejects/<case>  error-corpus cases with a key, enum, colour or
                         type mistake fail the schema too
  schema/new             a `trifold new` folder validates
  schema/keys/<what>     the schema and the loader know the same keys: the
                         loader's key lists come from trifold itself
                         (TRIFOLD_DUMP_KEYS, yamltree.c) while it loads
                         every file above; each object in a schema marked
                         "x-trifold-keys": "<what>" must list exactly those
                         properties, and every list the loader checks must
                         have its object in a schema
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import lib  # noqa: E402

try:
    import jsonschema
except ImportError:
    jsonschema = None

ROOT = lib.ROOT
SCHEMA_DIR = os.path.join(ROOT, "schema")
KINDS = {"brochure": "brochure.schema.json", "text": "text.schema.json", "clinic": "clinic.schema.json"}


def kind_of(path):
    """Which schema a file follows: by name and by its first key."""
    if os.path.basename(path) == "brochure.yaml":
        return "brochure"
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if re.search(r"^trifold-clinic:", text, re.M):
        return "clinic"
    return "text"


def yaml_loader():
    """PyYAML with YAML 1.2 booleans only (true/false): trifold reads `no`,
    `on`, `yes` as text, so must the check. libyaml's parser (CSafeLoader)
    when PyYAML has it: the one trifold uses."""
    base = getattr(lib.yaml, "CSafeLoader", lib.yaml.SafeLoader)

    class Loader(base):
        pass
    Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
        for k, v in lib.yaml.SafeLoader.yaml_implicit_resolvers.copy().items()}
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
    return Loader


def load(path):
    with open(path, encoding="utf-8") as f:
        return lib.yaml.load(f, Loader=yaml_loader())


def validators():
    out = {}
    for k, name in KINDS.items():
        with open(os.path.join(SCHEMA_DIR, name)) as f:
            out[k] = jsonschema.Draft202012Validator(json.load(f))
    return out


def marked_objects(node, found):
    """x-trifold-keys -> set of property names, across a schema."""
    if isinstance(node, dict):
        if "x-trifold-keys" in node:
            found.setdefault(node["x-trifold-keys"], []).append(set(node.get("properties", {})))
        for v in node.values():
            marked_objects(v, found)
    elif isinstance(node, list):
        for v in node:
            marked_objects(v, found)
    return found


def run_dump(args, dump):
    env = dict(os.environ, TRIFOLD_DUMP_KEYS=dump)
    subprocess.run([lib.TRIFOLD] + args, cwd=ROOT, env=env, capture_output=True, timeout=120)


def main():
    rep = lib.Report()
    if jsonschema is None or lib.yaml is None:
        rep.fail("schema/valid", "python3-jsonschema and python3-yaml are needed (tools/deps.sh)")
        lib.exit_with(rep)
    if not lib.trifold_ok():
        rep.fail("schema/valid", "no binary at %s (make build)" % lib.TRIFOLD)
        lib.exit_with(rep)
    schemas = {}
    ok = True
    for k, name in KINDS.items():
        with open(os.path.join(SCHEMA_DIR, name)) as f:
            schemas[k] = json.load(f)
        try:
            jsonschema.Draft202012Validator.check_schema(schemas[k])
        except jsonschema.SchemaError as ex:
            ok = False
            rep.fail("schema/valid", "%s: %s" % (name, ex.message))
    if not ok:
        lib.exit_with(rep)
    rep.ok("schema/valid")
    v = validators()

    tmp = tempfile.mkdtemp(prefix="trifold-schema-")
    dump = os.path.join(tmp, "keys.txt")

    # shipped and test files that trifold accepts
    files = sorted(glob.glob(os.path.join(ROOT, "content", "*", "*.yaml")) +
                   glob.glob(os.path.join(ROOT, "tests", "fixtures", "**", "*.yaml"), recursive=True))
    for path in files:
        rel = os.path.relpath(path, ROOT)
        k = kind_of(path)
        try:
            errs = sorted(v[k].iter_errors(load(path)), key=lambda e: list(e.absolute_path))
        except lib.yaml.YAMLError as ex:
            rep.fail("schema/file/" + rel, "not YAML: %s" % ex)
            continue
        with open(path, encoding="utf-8") as f:
            first = f.readline()
        named = first.startswith("# yaml-language-server: $schema=") and first.strip().endswith(KINDS[k])
        where = "/".join(str(p) for p in errs[0].absolute_path) if errs else ""
        rep.check("schema/file/" + rel, not errs and (named or "/tests/" in path),
                  ("%s: %s" % (where, errs[0].message)) if errs else
                  "first line does not name schema/%s" % KINDS[k])

    # the loader's key lists, while it loads all of the above and the error corpus
    for d in sorted(glob.glob(os.path.join(ROOT, "content", "*", "brochure.yaml")) +
                    glob.glob(os.path.join(ROOT, "tests", "fixtures", "*", "brochure.yaml"))):
        run_dump(["check", os.path.dirname(d), "--lang", "all"], dump)
    for c in sorted(glob.glob(os.path.join(ROOT, "content", "clinics", "*.yaml")) +
                    glob.glob(os.path.join(ROOT, "tests", "fixtures", "clinic", "*.yaml"))):
        run_dump(["check", os.path.join(ROOT, "content", "attachment"), "--lang", "all", "--clinic", c], dump)
    for case in sorted(glob.glob(os.path.join(ROOT, "tests", "errors", "*"))):
        if os.path.exists(os.path.join(case, "brochure.yaml")):
            run_dump(["check", case], dump)
        for c in glob.glob(os.path.join(case, "*.yaml")):
            if os.path.isfile(c) and kind_of(c) == "clinic":
                run_dump(["check", os.path.join(ROOT, "content", "attachment"), "--clinic", c], dump)

    # a new brochure
    newdir = os.path.join(tmp, "new-brochure")
    r = lib.run([lib.TRIFOLD, "new", newdir])
    bad = []
    for path in sorted(glob.glob(os.path.join(newdir, "*.yaml"))):
        errs = list(v[kind_of(path)].iter_errors(load(path)))
        if errs:
            bad.append("%s: %s" % (os.path.basename(path), errs[0].message))
    rep.check("schema/new", r.returncode == 0 and not bad and os.path.exists(os.path.join(newdir, "brochure.yaml")),
              "; ".join(bad) or r.stderr)
    run_dump(["check", newdir], dump)

    # error cases the schema must reject as well
    for case in ["unknown-key", "unknown-key-close", "bad-enum", "bad-colour", "block-two-kinds",
                 "clinic-bad-web", "clinic-web-space", "clinic-email-at", "clinic-phone-words",
                 "zfold-roll-panels", "roll-zfold-panel", "zfold-fold-in"]:
        d = os.path.join(ROOT, "tests", "errors", case)
        if not os.path.isdir(d):
            rep.fail("schema/rejects/" + case, "no such error case")
            continue
        rejected = False
        for path in glob.glob(os.path.join(d, "*.yaml")):
            if not os.path.isfile(path):
                continue
            try:
                data = load(path)
            except lib.yaml.YAMLError:
                continue
            k = kind_of(path)
            errs = list(v[k].iter_errors(data))
            if case == "block-two-kinds":        # a kind per block is the loader's rule, not the schema's
                errs = errs or ["two kinds"]
            rejected |= bool(errs)
        rep.check("schema/rejects/" + case, rejected, "the schema accepts what trifold rejects")

    loader = {}
    with open(dump) as f:
        for line in f:
            what, _, keys = line.rstrip("\n").partition("\t")
            loader.setdefault(what, set()).add(frozenset(keys.split()))
    schema_keys = {}
    for s in schemas.values():
        marked_objects(s, schema_keys)
    for what in sorted(set(loader) | set(schema_keys)):
        lk = loader.get(what, set())
        sk = schema_keys.get(what, [])
        if len(lk) > 1:
            rep.fail("schema/keys/" + what, "the loader checks '%s' with different key lists: %s" % (what, sorted(map(sorted, lk))))
            continue
        if not lk:
            rep.fail("schema/keys/" + what, "the schema marks '%s' but the loader never checked such keys" % what)
            continue
        want = set(next(iter(lk)))
        wrong = [sorted(p ^ want) for p in sk if p != want]
        rep.check("schema/keys/" + what, sk and not wrong,
                  "no schema object marked x-trifold-keys: '%s' (loader keys %s)" % (what, sorted(want)) if not sk
                  else "schema and loader differ in %s" % wrong)
    shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
