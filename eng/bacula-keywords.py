#!/usr/bin/env python3
"""Asks Bacula's own configuration readers which resources and directives they accept, and writes the table the
Bacula checks use (src/ElectionAudit.Core/Syntax/Bacula/BaculaKeywords.g.cs).

Nothing here is copied from Bacula: every entry is an answer the installed program gave. For each daemon whose JSON
dumper is installed (bdirjson: package bacula-director; bfdjson: bacula-fd; bsdjson: bacula-sd; bbconsjson:
bacula-console), it

  1. takes as candidate words the words of letters in the dumper's binary and in Bacula's libraries (`strings`), and
     their capitalised tails (keywords are letters only: Bacula's lexer ends a keyword at anything else), and the tails of
     the lower-case directives found (the compiler keeps a string that ends another inside it);
  2. finds the resource types: a candidate is one when `Word { Name = … }` is not refused as
     "expected resource name";
  3. finds each type's directives: a candidate is one unless `Word = …` inside the resource is refused as
     'Keyword "Word" not permitted in this resource';
  4. finds each type's required directives: it writes the resource with only its Name, then adds what the daemon says is
     required, one directive at a time, with the first of a few values the daemon takes;
  5. finds which directives name another resource, and its type: `Word = missing` is refused as
     'Could not find config Resource', and is accepted once a resource of the right type has that name.

Usage: python3 eng/bacula-keywords.py [--jobs N]   (about ten minutes on two cores)
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "src", "ElectionAudit.Core", "Syntax", "Bacula", "BaculaKeywords.g.cs")
LIBRARIES = ["/usr/lib/bacula"]

# A configuration each daemon accepts, so that a probe appended to it fails only for what the probe adds.
BASES = {
    "director": ("bdirjson", """Director {
  Name = probe-dir
  Password = "probe"
  Messages = Standard
  QueryFile = "/etc/bacula/scripts/query.sql"
  WorkingDirectory = /var/lib/bacula
  PidDirectory = /run/bacula
}
Messages {
  Name = Standard
  console = all
}
Catalog {
  Name = ProbeCatalog
  dbname = "bacula"; dbuser = "bacula"; dbpassword = ""
}
Client {
  Name = probe-fd
  Address = localhost
  Password = "probe"
  Catalog = ProbeCatalog
}
Storage {
  Name = ProbeStorage
  Address = localhost
  Password = "probe"
  Device = ProbeDevice
  Media Type = File
}
Pool {
  Name = ProbePool
  Pool Type = Backup
}
FileSet {
  Name = ProbeSet
  Include {
    File = /etc
  }
}
Job {
  Name = ProbeJob
  Type = Backup
  Client = probe-fd
  FileSet = ProbeSet
  Storage = ProbeStorage
  Pool = ProbePool
  Messages = Standard
}
"""),
    "file daemon": ("bfdjson", """Director {
  Name = probe-dir
  Password = "probe"
}
FileDaemon {
  Name = probe-fd
  WorkingDirectory = /var/lib/bacula
  Pid Directory = /run/bacula
}
Messages {
  Name = Standard
  director = probe-dir = all
}
"""),
    "storage daemon": ("bsdjson", """Storage {
  Name = probe-sd
  WorkingDirectory = /var/lib/bacula
  Pid Directory = /run/bacula
}
Director {
  Name = probe-dir
  Password = "probe"
}
Device {
  Name = ProbeDevice
  Media Type = File
  Archive Device = /tmp
}
Messages {
  Name = Standard
  director = probe-dir = all
}
"""),
    "console": ("bbconsjson", """Director {
  Name = probe-dir
  DIRport = 9101
  address = localhost
  Password = "probe"
}
"""),
}
FIELDS = {"director": "Director", "file daemon": "FileDaemon", "storage daemon": "StorageDaemon", "console": "Console"}

# Values tried, in order, for a required directive: plain values, then the names of the base configuration's resources
# (a required directive that names a resource takes one of those).
VALUES = ["probe", "yes", "1", "Backup", "File", "localhost", "all", "CSV", "/tmp",
          "ProbeCatalog", "ProbeStorage", "ProbePool", "ProbeSet", "probe-fd", "probe-dir", "Standard", "ProbeJob", "ProbeDevice"]
NOT_PERMITTED = re.compile(r'Keyword "([^"]*)" not permitted in this resource')
NOT_RESOURCE = re.compile(r"expected resource name, got:")
# Most resources are checked as they are read; a Job once its JobDefs are applied, in other words.
REQUIRED = re.compile(r'"([^"]+)" directive (?:is required in "[^"]+" resource|in \w+ "[^"]*" resource is required)')
MISSING_REFERENCE = re.compile(r'Could not find config Resource "probe-missing"')


def run(dumper, text):
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False, dir=WORK) as handle:
        handle.write(text)
        path = handle.name
    try:
        result = subprocess.run([dumper, "-c", path], capture_output=True, text=True, timeout=30)
        return result.returncode, result.stdout + result.stderr
    finally:
        os.unlink(path)


def candidates():
    words = set()
    binaries = [subprocess.run(["which", d], capture_output=True, text=True).stdout.strip() for d, _ in BASES.values()]
    for folder in LIBRARIES:
        binaries += [os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".so")]
    for binary in binaries:
        if not binary or not os.path.exists(binary):
            continue
        out = subprocess.run(["strings", "-n", "3", binary], capture_output=True, text=True).stdout
        for word in out.split("\n"):
            if re.fullmatch(r"[A-Za-z]{2,40}", word):
                # The compiler stores a string that ends another one inside it ("Pool" in "NextPool"), so each tail that
                # starts a capitalised part is a candidate too.
                words.update(word[i:] for i in range(len(word) - 1) if i == 0 or word[i].isupper())
    # One spelling per word, as the daemons compare them without regard to case.
    seen = {}
    for word in sorted(words):
        seen.setdefault(word.lower(), word)
    return sorted(seen.values(), key=str.lower)


def probe_daemon(daemon, pool, words):
    dumper, base = BASES[daemon]
    code, out = run(dumper, base)
    if code != 0:
        sys.exit(f"{dumper} refuses the base configuration:\n{out}")

    def is_type(word):
        return not NOT_RESOURCE.search(run(dumper, base + f"{word} {{\n  Name = probe-x\n}}\n")[1])

    types = [w for w, ok in zip(words, pool.map(is_type, words)) if ok]

    def permitted(pair):
        kind, word = pair
        out = run(dumper, base + f"{kind} {{\n  Name = probe-x\n  {word} = probe\n}}\n")[1]
        return not NOT_PERMITTED.search(out)

    pairs = [(t, w) for t in types for w in words]
    directives = {t: [] for t in types}
    for (kind, word), ok in zip(pairs, pool.map(permitted, pairs)):
        if ok:
            directives[kind].append(word)

    # A directive spelt in lower case ("clientrunbeforejob") may hold another in its tail ("runbeforejob") where no capital
    # marks it: those tails are asked too.
    lowered = {w.lower() for w in words}
    tails = sorted({d[i:] for found in directives.values() for d in found if d.islower() for i in range(1, len(d) - 2)} - lowered)
    pairs = [(t, w) for t in types for w in tails]
    for (kind, word), ok in zip(pairs, pool.map(permitted, pairs)):
        if ok:
            directives[kind].append(word)
    for kind in types:
        directives[kind].sort(key=str.lower)

    # Required directives, and a resource of each type that the daemon accepts (for the references below).
    required, minimal = {}, {}
    header = base.count("\n") + 2  # the line of "Name = probe-ref"
    for kind in types:
        names, choice = [], []
        for _ in range(200):
            lines = [f"{n} = {VALUES[c]}" for n, c in zip(names, choice)]
            out = run(dumper, base + f"{kind} {{\n  Name = probe-ref\n" + "".join(f"  {l}\n" for l in lines) + "}\n")[1]
            match = REQUIRED.search(out)
            if match:
                names.append(match.group(1))
                choice.append(0)
                continue
            # A value the daemon refuses (a wrong type, or a resource it does not have) stops it at that value's line:
            # the next value is tried there.
            at = re.search(r"line (\d+)", out)
            index = int(at.group(1)) - header - 1 if at else -1
            if 0 <= index < len(names):
                choice[index] += 1
                if choice[index] == len(VALUES):
                    sys.exit(f"no value found for required {kind}.{names[index]}:\n{out}")
                continue
            break
        required[kind] = names
        minimal[kind] = [f"{n} = {VALUES[c]}" for n, c in zip(names, choice)]

    def reference(pair):
        kind, word = pair
        out = run(dumper, base + f"{kind} {{\n  Name = probe-x\n" + "".join(f"  {l}\n" for l in minimal[kind] if l.split(" =")[0].lower() != word.lower())
                  + f"  {word} = probe-missing\n}}\n")[1]
        if not MISSING_REFERENCE.search(out):
            return None
        targets = []
        for target in types:
            text = (base + f"{target} {{\n  Name = probe-missing\n" + "".join(f"  {l}\n" for l in minimal[target]) + "}\n"
                    + f"{kind} {{\n  Name = probe-x\n" + "".join(f"  {l}\n" for l in minimal[kind] if l.split(" =")[0].lower() != word.lower())
                    + f"  {word} = probe-missing\n}}\n")
            if not MISSING_REFERENCE.search(run(dumper, text)[1]):
                targets.append(target)
        # A director's Autochanger is one of its Storage resources, so a Storage directive may name either.
        return "|".join(targets) or "?"

    pairs = [(t, w) for t in types for w in directives[t] if w.lower() != "name"]
    references = {}
    for pair, target in zip(pairs, pool.map(reference, pairs)):
        if target:
            references[pair] = target
    return types, directives, required, references


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "bacula-common"], capture_output=True, text=True).stdout.strip()
    words = candidates()
    tables = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs * 2) as pool:
        for daemon, (dumper, _) in BASES.items():
            if subprocess.run(["which", dumper], capture_output=True).returncode != 0:
                sys.exit(f"{dumper} is not installed")
            tables[daemon] = probe_daemon(daemon, pool, words)
            print(f"{daemon}: {len(tables[daemon][0])} resource types, "
                  f"{sum(len(v) for v in tables[daemon][1].values())} directives", file=sys.stderr)
    write(tables, version)


def write(tables, version):
    out = []
    out.append("// <auto-generated>")
    out.append(f"// Written by eng/bacula-keywords.py from the answers of Bacula {version}'s own readers (Debian packages")
    out.append("// bacula-director, bacula-fd, bacula-sd and bacula-console: bdirjson, bfdjson, bsdjson and bbconsjson).")
    out.append("// Regenerate with: python3 eng/bacula-keywords.py")
    out.append("// </auto-generated>")
    out.append("namespace ElectionAudit.Syntax.Bacula;")
    out.append("")
    out.append("internal static partial class BaculaKeywords")
    out.append("{")
    out.append(f'    internal const string Version = "{version}";')
    out.append("")
    for daemon, (types, directives, required, references) in tables.items():
        field = FIELDS[daemon]
        out.append(f"    // The {daemon}: each resource type, its directives (* required, >Type a reference to a resource of that type, >A|B of either).")
        out.append(f"    private static readonly string[] {field}Table =")
        out.append("    [")
        for kind in types:
            entries = []
            for word in directives[kind]:
                entry = word
                # The daemon names a required directive in its own spelling ("Fileset"), which may differ in case.
                if word.lower() in {r.lower() for r in required[kind]}:
                    entry += "*"
                if (kind, word) in references:
                    entry += ">" + references[(kind, word)]
                entries.append(entry)
            out.append(f'        "{kind}: {" ".join(entries)}",')
        out.append("    ];")
        out.append("")
    out[-1:] = ["}"]
    with open(OUTPUT, "w") as handle:
        handle.write("\n".join(out) + "\n")
    print(f"wrote {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    WORK = tempfile.mkdtemp(prefix="bacula-keywords-")
    main()
