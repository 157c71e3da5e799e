#!/usr/bin/env python3
"""Whole-process benchmark of the electionaudit command against in-run baselines; prints a Markdown table.

Every figure of a row is measured in this run: the median wall time of several runs, the median CPU time
(user + system, children included), the peak resident set size (the largest of the runs), and the input
throughput (bytes of the scanned files / median wall). Baselines run in the same loop, interleaved with the
tool, so machine noise hits both: `cat` of the same files (the I/O floor), `named-checkzone` on the zones
(one process per zone, two at a time so both cores work, as the tool uses both), and `nginx -t` on nginx
trees that stand alone (the generated ones).

Called by bench/run.sh, which builds the tool(s) first. Usage:
  run.py --tool NAME=COMMAND [--tool ...] [--quick] [--runs N] [--json FILE] [--corpus DIR] [--work DIR] [--sarif]
"""
import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.dirname(HERE)


class TimedOut(Exception):
    pass


def machine():
    """One line on the machine the figures come from. The .NET collector sizes its youngest generation from the
    processor's largest cache, so the same build's memory and time differ between machines (bench/README.md,
    "Session 15"): results from two machines are compared through their in-run baselines, never directly."""
    model, caches = "unknown processor", []
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), model)
    except OSError:
        pass
    folder = "/sys/devices/system/cpu/cpu0/cache"
    for index in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        try:
            with open(os.path.join(folder, index, "level"), encoding="utf-8") as level, \
                 open(os.path.join(folder, index, "type"), encoding="utf-8") as kind, \
                 open(os.path.join(folder, index, "size"), encoding="utf-8") as size:
                kind_text = kind.read().strip()
                if kind_text != "Instruction":
                    caches.append(f"L{level.read().strip()} {size.read().strip()}")
        except OSError:
            continue
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return f"{model}; {os.cpu_count()} logical CPUs; CPU 0 caches {', '.join(caches) or 'unknown'}; {memory:.0f} GiB; Linux {os.uname().release}"


def measure(command, runs, stdin_text=None, timeout=None):
    """Runs COMMAND (a list) RUNS times; returns (median wall s, median CPU s, peak RSS bytes, exit code).
    Raises TimedOut when a run takes longer than TIMEOUT seconds (the process is killed)."""
    walls, cpus, peak, code = [], [], 0, 0
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=subprocess.PIPE if stdin_text else subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if stdin_text:
            process.stdin.write(stdin_text.encode())
            process.stdin.close()
        while timeout is not None:
            # wait4 with WNOHANG: poll so that a run that has become quadratic can be stopped.
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.perf_counter() - start > timeout:
                process.kill()
                os.wait4(process.pid, 0)
                raise TimedOut()
            time.sleep(0.005)
        else:
            # wait4 reports the child's own usage plus that of the children it waited for (xargs' checkers).
            _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss * 1024)
        code = os.waitstatus_to_exitcode(status)
    return statistics.median(walls), statistics.median(cpus), peak, code


def files_under(directory):
    found = []
    for folder, _, names in os.walk(directory):
        found.extend(os.path.join(folder, name) for name in names)
    return sorted(found)


def zone_origin(path):
    """The origin named-checkzone needs: $ORIGIN, else the SOA owner, else BIND's test-suite origin."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle):
                if number > 200:
                    break
                match = re.match(r"\$ORIGIN\s+(\S+)", line)
                if match:
                    return match.group(1)
                match = re.match(r"(\S+)\s+(?:\d+\s+)?(?:IN\s+)?(?:\d+\s+)?SOA\s", line)
                if match and match.group(1) not in ("@",):
                    return match.group(1)
    except OSError:
        pass
    return "example"


def is_zone(path):
    return "/dns/" in path and not path.endswith((".conf", ".md", ".txt", ".key", ".private"))


class Table:
    def __init__(self):
        self.rows = []

    def add(self, dataset, label, size, result, note=""):
        wall, cpu, peak, code = result
        self.rows.append(dict(dataset=dataset, command=label, bytes=size, wall_ms=round(wall * 1000, 1),
                              cpu_ms=round(cpu * 1000, 1), peak_mb=round(peak / 1048576, 1),
                              mb_per_s=round(size / 1048576 / wall, 2) if wall > 0 else 0.0, exit=code, note=note))
        print(f"  {dataset:<10} {label:<28} {wall * 1000:9.1f} ms  {cpu * 1000:9.1f} ms CPU  {peak / 1048576:7.1f} MB",
              file=sys.stderr)

    def skip(self, dataset, label, size, note):
        self.rows.append(dict(dataset=dataset, command=label, bytes=size, wall_ms=None, cpu_ms=None, peak_mb=None,
                              mb_per_s=None, exit=None, note=note))
        print(f"  {dataset:<10} {label:<28} {note}", file=sys.stderr)

    def ratios(self, tools, reference):
        """Each tool's scan and start-up rows against the reference tool's row for the same input and command, as
        median wall and median CPU ratios: the figures to quote from a loaded machine, since both sides ran interleaved."""
        rows = {(row["dataset"], row["command"]): row for row in self.rows}
        lines = [f"Against `{reference}` in the same run (below 1 is faster):", "",
                 "| input | command | wall ratio | CPU ratio | peak RSS ratio |", "|---|---|---:|---:|---:|"]
        for row in self.rows:
            name, _, what = row["command"].partition(": ")
            if name == reference or name not in tools or row["wall_ms"] is None:
                continue
            base = rows.get((row["dataset"], f"{reference}: {what}"))
            if not base or not base["wall_ms"] or not base["cpu_ms"]:
                continue
            lines.append(f"| {row['dataset']} | {row['command']} | {row['wall_ms'] / base['wall_ms']:.2f} | "
                         f"{row['cpu_ms'] / base['cpu_ms']:.2f} | {row['peak_mb'] / base['peak_mb']:.2f} |")
        return "\n".join(lines) if len(lines) > 4 else ""

    def markdown(self):
        lines = ["| input | command | input MB | wall ms (median) | CPU ms (median) | peak RSS MB | MB/s | exit | note |",
                 "|---|---|---:|---:|---:|---:|---:|---:|---|"]
        for row in self.rows:
            cells = [row[key] if row[key] is not None else "-" for key in ("wall_ms", "cpu_ms", "peak_mb", "mb_per_s", "exit")]
            lines.append(f"| {row['dataset']} | {row['command']} | {row['bytes'] / 1048576:.2f} | "
                         + " | ".join(str(c) for c in cells) + f" | {row['note']} |")
        return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", action="append", required=True, help="NAME=COMMAND, e.g. after=bench/out/after/electionaudit")
    parser.add_argument("--quick", action="store_true", help="the short CI version: small inputs, fewer runs")
    parser.add_argument("--reference", help="the tool the others are compared with in the ratio table (default: the first --tool)")
    parser.add_argument("--runs", type=int, default=0)
    parser.add_argument("--json", help="also write the rows as JSON here")
    parser.add_argument("--corpus", default=os.path.join(REPOSITORY, "..", "shared", "corpus"))
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "electionaudit-bench"))
    parser.add_argument("--inputs", default="", help="only these inputs, comma-separated: start-up, samples, corpus, gen-N, largest-zone")
    parser.add_argument("--timeout", type=float, default=300, help="seconds one scan may take before that tool is dropped for larger inputs")
    parser.add_argument("--sizes", default="", help="generated corpus sizes in files (default 1000,4000,16000; quick: 250,1000)")
    parser.add_argument("--sarif", action="store_true",
                        help="also time each scan of samples, the corpus and the generated inputs writing SARIF (the format CI uploads) to /dev/null")
    arguments = parser.parse_args()

    tools = []
    for spec in arguments.tool:
        name, _, command = spec.partition("=")
        tools.append((name, shlex.split(command)))
    quick = arguments.quick
    runs = arguments.runs or (5 if quick else 7)
    sizes = [int(s) for s in (arguments.sizes or ("250,1000" if quick else "1000,4000,16000")).split(",")]
    os.makedirs(arguments.work, exist_ok=True)
    table = Table()
    chosen = set(filter(None, arguments.inputs.split(",")))

    def wanted(name):
        return not chosen or name in chosen
    has_checkzone = shutil.which("named-checkzone") is not None
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)

    def scan(name, command, target, extra=()):
        return command + ["scan", target, "--fail-on", "none", "--as-of", "2027-03-01", *extra]

    # Start-up: --version and a repository of one descriptor.
    tiny = os.path.join(arguments.work, "tiny")
    shutil.rmtree(tiny, ignore_errors=True)
    os.makedirs(tiny)
    shutil.copy(os.path.join(REPOSITORY, "samples", "election-infrastructure.yml"), tiny)
    tiny_files = files_under(tiny)
    tiny_size = sum(os.path.getsize(f) for f in tiny_files)
    startup_runs = max(runs, 11)
    if wanted("start-up"):
        table.add("start-up", "cat (floor)", tiny_size, measure(["cat", *tiny_files], startup_runs))
        for name, command in tools:
            table.add("start-up", f"{name}: --version", 0, measure(command + ["--version"], startup_runs))
            table.add("start-up", f"{name}: scan tiny", tiny_size, measure(scan(name, command, tiny), startup_runs))

    datasets = [("samples", os.path.join(REPOSITORY, "samples"))] if wanted("samples") else []
    corpus = os.path.abspath(arguments.corpus)
    if os.path.isdir(corpus) and not quick and wanted("corpus"):
        datasets.append(("corpus", corpus))
    for size in sizes:
        if not wanted(f"gen-{size}"):
            continue
        target = os.path.join(arguments.work, f"generated-{size}")
        subprocess.run([sys.executable, os.path.join(HERE, "generate-corpus.py"), str(size), target], check=True)
        datasets.append((f"gen-{size}", target))

    timed_out = set()
    for dataset, directory in datasets:
        files = files_under(directory)
        size = sum(os.path.getsize(f) for f in files)
        dataset_runs = runs if size < 8 * 1048576 else max(3, runs // 2)
        table.add(dataset, "cat (floor)", size, measure(["cat", *files], dataset_runs), f"{len(files)} files")
        for name, command in tools:
            if name in timed_out:
                table.skip(dataset, f"{name}: scan", size, f"not run: timed out on a smaller input")
                continue
            try:
                table.add(dataset, f"{name}: scan", size, measure(scan(name, command, directory), dataset_runs, timeout=arguments.timeout))
                if arguments.sarif:
                    table.add(dataset, f"{name}: scan, SARIF", size,
                              measure(scan(name, command, directory, ["--format", "sarif", "-o", os.devnull]), dataset_runs, timeout=arguments.timeout))
            except TimedOut:
                timed_out.add(name)
                table.skip(dataset, f"{name}: scan", size, f"timed out: one run took more than {arguments.timeout} s")
        zones = [f for f in files if is_zone(f) or f.endswith(".zone")]
        if has_checkzone and zones:
            zone_size = sum(os.path.getsize(f) for f in zones)
            listing = "".join(f"{zone_origin(f)} {f}\n" for f in zones)
            checkzone = ["xargs", "-P", "2", "-L", "1", "named-checkzone", "-q", "-i", "local"]
            table.add(dataset, "named-checkzone (zones)", zone_size, measure(checkzone, dataset_runs, listing),
                      f"{len(zones)} zones, 2 at a time")
        nginx_main = os.path.join(directory, "web", "nginx", "nginx.conf")
        if nginx and dataset.startswith("gen-") and os.path.exists(nginx_main):
            nginx_files = [f for f in files if f.endswith(".conf") and "/web/nginx/" in f]
            nginx_size = sum(os.path.getsize(f) for f in nginx_files)
            table.add(dataset, "nginx -t (nginx tree)", nginx_size,
                      measure([nginx, "-t", "-q", "-p", os.path.dirname(nginx_main) + "/", "-c", "nginx.conf"], dataset_runs),
                      f"{len(nginx_files)} files")

    # The largest corpus zone on its own: the tool's whole process and named-checkzone on the same file.
    if os.path.isdir(corpus) and has_checkzone and wanted("largest-zone"):
        zones = [f for f in files_under(os.path.join(corpus, "dns"))]
        largest = max(zones, key=os.path.getsize)
        single = os.path.join(arguments.work, "largest-zone")
        shutil.rmtree(single, ignore_errors=True)
        os.makedirs(os.path.join(single, "dns"))
        shutil.copy(largest, os.path.join(single, "dns", "root.zone"))
        size = os.path.getsize(largest)
        zone_runs = runs if quick else max(runs, 9)
        label = "largest-zone"
        table.add(label, "named-checkzone", size,
                  measure(["named-checkzone", "-q", "-i", "local", zone_origin(largest), largest], zone_runs),
                  os.path.relpath(largest, corpus))
        for name, command in tools:
            table.add(label, f"{name}: scan", size, measure(scan(name, command, single), zone_runs))

    print(f"Machine: {machine()}.")
    print()
    print(table.markdown())
    ratios = table.ratios({name for name, _ in tools}, arguments.reference or tools[0][0])
    if ratios:
        print()
        print(ratios)
    if arguments.json:
        with open(arguments.json, "w", encoding="utf-8") as handle:
            json.dump(table.rows, handle, indent=1)


if __name__ == "__main__":
    main()
