#!/usr/bin/env python3
"""Performance regression guard: a short run of the suite whose figures are ratios against baselines measured in the
same run, compared with bench/baseline.json. Fails (exit 1) when a ratio is more than 30% worse than recorded.

Ratios, not times, because CI machines and their load differ; CPU time (user + system), not wall time, because other
processes on a shared machine stretch wall time far more than CPU time. Each figure is the median of several pairs: the
two commands of a ratio run alternately, and each pair gives one ratio. A shared virtual machine's speed shifts by a
third for seconds at a time (named-checkzone alone measured 0.13-0.23 s CPU from one run to the next), and a pair
taken a second apart sees the same speed on both sides, where two blocks of runs each saw their own.

  guard.py --tool COMMAND            check against bench/baseline.json
  guard.py --tool COMMAND --record   measure and write bench/baseline.json (commit it with the change that moved it)
"""
import argparse
import json
import os
import shlex
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the suite's measuring and input helpers)

BASELINE = os.path.join(run.HERE, "baseline.json")
TOLERANCE = 1.30


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True, help="the electionaudit command to measure")
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--runs", type=int, default=7, help="pairs per ratio")
    parser.add_argument("--corpus", default=os.path.join(run.REPOSITORY, "..", "shared", "corpus"))
    arguments = parser.parse_args()
    tool = shlex.split(arguments.tool)
    work = os.path.join(tempfile.gettempdir(), "electionaudit-guard")
    os.makedirs(work, exist_ok=True)
    runs = arguments.runs

    def ratio(numerator, denominator):
        pairs = []
        for _ in range(runs):
            pairs.append(run.measure(numerator, 1)[1] / run.measure(denominator, 1)[1])
        return statistics.median(pairs)

    def scan(target):
        # One worker thread: with two, idle workers spin for a while before they sleep, and how long depends on the machine's
        # load, which made the CPU-time ratios swing by a third between runs on a busy machine.
        return tool + ["scan", target, "--fail-on", "none", "--as-of", "2027-03-01", "--threads", "1"]

    def measure_all():
        ratios = {}
        tiny = os.path.join(work, "tiny")
        shutil.rmtree(tiny, ignore_errors=True)
        os.makedirs(tiny)
        shutil.copy(os.path.join(run.REPOSITORY, "samples", "election-infrastructure.yml"), tiny)
        # What a one-file scan costs beyond starting the runtime and printing the version.
        ratios["scan-tiny / --version"] = ratio(scan(tiny), tool + ["--version"])

        small, large = os.path.join(work, "generated-250"), os.path.join(work, "generated-1000")
        for size, target in ((250, small), (1000, large)):
            run.subprocess.run([sys.executable, os.path.join(run.HERE, "generate-corpus.py"), str(size), target], check=True)
        # Scaling: 4x the files should cost about 4x the CPU (start-up makes it less); a quadratic lookup shows up here first.
        ratios["scan 1000 files / scan 250 files"] = ratio(scan(large), scan(small))

        corpus = os.path.abspath(arguments.corpus)
        if os.path.isdir(os.path.join(corpus, "dns")) and shutil.which("named-checkzone"):
            zones = run.files_under(os.path.join(corpus, "dns"))
            largest = max(zones, key=os.path.getsize)
            single = os.path.join(work, "largest-zone")
            shutil.rmtree(single, ignore_errors=True)
            os.makedirs(os.path.join(single, "dns"))
            shutil.copy(largest, os.path.join(single, "dns", "root.zone"))
            # The zone parser, model and DNS rules against BIND's own loader on the same 2 MB signed zone.
            ratios["scan largest zone / named-checkzone"] = ratio(
                scan(single), ["named-checkzone", "-q", "-i", "local", run.zone_origin(largest), largest])
        else:
            print("guard: no corpus or no named-checkzone here; the zone ratio is not checked", file=sys.stderr)

        return ratios

    ratios = measure_all()
    if arguments.record:
        # The recorded figure is the middle of three measurements, so that the limit sits 30% above a typical run and not
        # above whichever end of the machine's spread one measurement happened to land on.
        more = [measure_all(), measure_all()]
        ratios = {name: statistics.median([value] + [m.get(name, value) for m in more]) for name, value in ratios.items()}
    else:
        recorded_now = json.load(open(BASELINE, encoding="utf-8"))["ratios"]
        if any(name in recorded_now and value > recorded_now[name] * TOLERANCE for name, value in ratios.items()):
            # A busy machine can stretch one measurement; a real regression shows up twice. Keep the better of two runs.
            print("guard: a ratio is over the limit; measuring once more", file=sys.stderr)
            again = measure_all()
            ratios = {name: min(value, again.get(name, value)) for name, value in ratios.items()}

    if arguments.record:
        with open(BASELINE, "w", encoding="utf-8") as handle:
            json.dump({"tolerance": TOLERANCE, "metric": "median of paired CPU time ratios", "ratios": {k: round(v, 3) for k, v in ratios.items()}},
                      handle, indent=2)
            handle.write("\n")
        print(f"guard: recorded {BASELINE}")

    recorded = json.load(open(BASELINE, encoding="utf-8"))["ratios"]
    failed = 0
    print("| ratio (median CPU) | recorded | now | change |")
    print("|---|---:|---:|---:|")
    for name, value in ratios.items():
        expected = recorded.get(name)
        change = "" if expected is None else f"{(value / expected - 1) * 100:+.0f}%"
        print(f"| {name} | {expected if expected is not None else '-'} | {value:.3f} | {change} |")
        if expected is not None and value > expected * TOLERANCE:
            failed += 1
            print(f"guard: '{name}' is {value:.3f}, more than 30% worse than the recorded {expected}", file=sys.stderr)
    # Not "N passed, N failed": CI reads that form as the test runner's closing line.
    print(f"guard: {failed} of {len(ratios)} ratios more than 30% worse than bench/baseline.json")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
