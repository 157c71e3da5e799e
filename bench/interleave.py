#!/usr/bin/env python3
"""Interleaved A/B runs of `electionaudit scan` builds on one input.

  python3 bench/interleave.py [--runs N] [--as-of DATE] [--format FORMAT] DIR NAME=EXECUTABLE [NAME=EXECUTABLE ...]

Each round runs every build once, so a machine whose speed drifts (a shared, noisy one) slows all builds alike;
bench/run.py measures each build's runs back to back instead. Every other round runs the builds in reverse order, so
none is always the one that runs right after another (an A/A pair of the same build run in a fixed order came out
3 % apart). Prints, per build, the median wall time,
the median CPU time (user + system) and the largest and median peak resident set size. The scan writes its report
(text unless --format names another, such as sarif, the format CI uploads) to /dev/null with --fail-on none.
"""
import argparse
import os
import statistics
import subprocess
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds (default 7)")
    parser.add_argument("--as-of", default="2027-03-01", help="the scan's --as-of date, so date rules do not drift")
    parser.add_argument("--format", default="text", help="the report format (default text)")
    parser.add_argument("directory")
    parser.add_argument("builds", nargs="+", metavar="NAME=EXECUTABLE")
    arguments = parser.parse_args()
    builds = []
    for item in arguments.builds:
        name, separator, executable = item.partition("=")
        if not separator or not executable:
            parser.error(f"'{item}' is not NAME=EXECUTABLE")
        builds.append((name, executable))

    rows = {name: [] for name, _ in builds}
    for round_number in range(arguments.runs):
        for name, executable in (builds if round_number % 2 == 0 else builds[::-1]):
            command = [executable, "scan", arguments.directory, "--fail-on", "none", "--as-of", arguments.as_of,
                       "--format", arguments.format]
            started = time.perf_counter()
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            wall = (time.perf_counter() - started) * 1000
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"{name}: {' '.join(command)} exited with {os.waitstatus_to_exitcode(status)}")
            rows[name].append((wall, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss / 1024))

    label = os.path.basename(os.path.normpath(arguments.directory))
    if arguments.format != "text":
        label += f" ({arguments.format})"
    for name, runs in rows.items():
        print(f"{label:16} {name:14} wall {statistics.median(r[0] for r in runs):8.1f} ms  "
              f"cpu {statistics.median(r[1] for r in runs):8.1f} ms  "
              f"rss max {max(r[2] for r in runs):6.1f} med {statistics.median(r[2] for r in runs):6.1f} MB")


if __name__ == "__main__":
    main()
