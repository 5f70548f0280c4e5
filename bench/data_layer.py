"""Data-layer benchmark: `python -m bench.data_layer [--scales ...] [--repeat 3]` (`make bench`).

For each scale it writes the synthetic `values:batchGet` payload once (bench/payload.py)
and then runs every variant `--repeat` times, each run in a fresh Python process
(interleaved, so a busy machine slows all variants alike):

- floor: read the JSON, decode it and build one object DataFrame per tab, nothing else;
- naive: the first version anyone would write (bench/naive.py): json.load, a dict per
  row, row-by-row parsing and checks collecting exceptions, figures in plain loops;
- ours: read, decode, `validate`, `Dataset.from_report` and `summary`: what the app does.

Floor and ours decode the same way (`sheets.gwire.from_batch_get`). A run's time is
its work only, from reading the file to the last figure (interpreter start-up and
imports are the same for every variant and left out); its memory is the process's
peak resident set size. The table shows medians; the last line of output is one
JSON object, `{"scales": {scale: {...}}}`, for machines to read.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import payload

VARIANTS = ("floor", "naive", "ours")


def _edit_url(metadata: dict) -> str:
    # As the live source gives it, so that every issue carries a link to its cell.
    return f"https://docs.google.com/spreadsheets/d/{metadata.get('spreadsheetId', 'x')}/edit"


# --------------------------------------------------------------------------- one run (child process)


class _Clock:
    """Wall time (what the targets are about) and CPU time (steadier on a shared machine)."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> dict[str, float]:
        return {"seconds": time.perf_counter() - self.wall, "cpu_seconds": time.process_time() - self.cpu}


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def run_floor(values: Path, metadata: dict) -> dict:
    """Decode and build the DataFrames: the least any reader of this JSON has to do."""
    from sheets.gwire import from_batch_get
    from sheets.parse import data_frame

    clock = _Clock()
    raw = from_batch_get(values.read_bytes(), metadata, url=_edit_url(metadata))
    frames = {name: data_frame(tab.rows, 0, 0) for name, tab in raw.tabs.items()}
    return {**clock.read(), "rows": sum(len(f) for f in frames.values())}


def run_ours(values: Path, metadata: dict) -> dict:
    """What the app does with a live read: decode, validate, join, headline figures."""
    from sheets.gwire import from_batch_get
    from sheets.metrics import Dataset, summary
    from sheets.validate import validate

    clock = _Clock()
    raw = from_batch_get(values.read_bytes(), metadata, url=_edit_url(metadata))
    report = validate(raw, payload.TODAY)
    figures = summary(Dataset.from_report(report), payload.TODAY)
    timing = clock.read()
    used = sum(count.rows_used for count in report.counts.values())
    return {
        **timing,
        "issues": len(report.issues),
        "rows_used": used,
        "known": figures["known"],
        "rehabilitated": figures["rehabilitated"],
    }


def run_naive(values: Path, metadata: dict) -> dict:
    """The row-by-row first version (bench/naive.py)."""
    from bench import naive

    clock = _Clock()
    result = naive.run(values, metadata, payload.TODAY)
    return {**clock.read(), **result}


def child(variant: str, values: Path, metadata_path: Path, profile: Path | None) -> None:
    """Run one variant once and print its result as one JSON line."""
    metadata = json.loads(metadata_path.read_text())
    runner = {"floor": run_floor, "naive": run_naive, "ours": run_ours}[variant]
    if profile is not None:
        from pyinstrument import Profiler

        with Profiler(interval=0.001) as profiler:
            result = runner(values, metadata)
        profile.write_text(profiler.output_text(unicode=False, color=False))
    else:
        result = runner(values, metadata)
    print(json.dumps({**result, "peak_mb": round(_peak_mb(), 1)}))


# --------------------------------------------------------------------------- the benchmark (parent)


def _spawn(variant: str, data: payload.Payload, profile: Path | None = None) -> dict:
    command = [
        sys.executable,
        "-m",
        "bench.data_layer",
        "--child",
        variant,
        "--values",
        str(data.values_path),
        "--metadata",
        str(data.metadata_path),
    ]
    if profile is not None:
        command += ["--profile", str(profile)]
    root = Path(__file__).resolve().parent.parent
    path = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    done = subprocess.run(command, capture_output=True, text=True, cwd=root, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{variant} run failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def measure(
    scales: list[str], repeat: int, directory: Path, variants: tuple[str, ...] = VARIANTS, log=print
) -> dict:
    """Run every variant `repeat` times per scale; return the figures per scale."""
    results: dict[str, dict] = {}
    for scale in scales:
        started = time.perf_counter()
        data = payload.write(scale, directory)
        log(
            f"# {scale}: {data.survivors:,} survivors, {data.cells:,} cells, "
            f"{data.json_bytes / 1e6:.1f} MB of JSON (ready in {time.perf_counter() - started:.1f} s)"
        )
        runs: dict[str, list[dict]] = {v: [] for v in variants}
        for _ in range(repeat):
            for variant in variants:
                runs[variant].append(_spawn(variant, data))
        figures: dict[str, float | int] = {"cells": data.cells}
        for variant in variants:
            figures[f"{variant}_s"] = round(_median(runs[variant], "seconds"), 3)
        if "ours" in variants:
            figures["peak_mb"] = round(_median(runs["ours"], "peak_mb"), 1)
            if "floor" in variants:
                figures["ours_over_floor"] = round(figures["ours_s"] / figures["floor_s"], 2)
            if "naive" in variants:
                figures["naive_over_ours"] = round(figures["naive_s"] / figures["ours_s"], 2)
        figures["_runs"] = runs  # type: ignore[assignment]
        results[scale] = figures
    return results


def table(results: dict) -> str:
    """The human-readable table: one line per scale and variant."""
    lines = [
        (
            f"{'scale':<9} {'variant':<6} {'cells':>11} {'median s':>9} {'min s':>8} {'max s':>8} "
            f"{'cpu s':>7} {'peak MB':>8}  check"
        )
    ]
    for scale, figures in results.items():
        for variant, runs in figures["_runs"].items():
            seconds = [r["seconds"] for r in runs]
            check = ""
            if "issues" in runs[0]:
                check = (
                    f"rows used {runs[0]['rows_used']:,}, issues {runs[0]['issues']:,}, "
                    f"known {runs[0]['known']:,}, rehabilitated {runs[0]['rehabilitated']:,}"
                )
            median = statistics.median(seconds)
            lines.append(
                f"{scale:<9} {variant:<6} {figures['cells']:>11,} {median:>9.3f} "
                f"{min(seconds):>8.3f} {max(seconds):>8.3f} {_median(runs, 'cpu_seconds'):>7.3f} "
                f"{_median(runs, 'peak_mb'):>8.0f}  {check}"
            )
    return "\n".join(lines)


TARGETS = {"ours_over_floor": 1.5, "naive_over_ours": 3.0, "peak_mb": 1536}


def verdict(results: dict) -> str:
    """Whether the targets hold at the ceiling (when it was measured)."""
    figures = results.get("ceiling")
    if figures is None or not {"ours_over_floor", "naive_over_ours"} <= figures.keys():
        return "targets are judged at the ceiling scale with all three variants"
    checks = [
        (
            "ours within 1.5x of the floor",
            figures["ours_over_floor"] <= TARGETS["ours_over_floor"],
            f"{figures['ours_over_floor']}x",
        ),
        (
            "at least 3x faster than naive",
            figures["naive_over_ours"] >= TARGETS["naive_over_ours"],
            f"{figures['naive_over_ours']}x",
        ),
        ("peak memory under 1.5 GB", figures["peak_mb"] < TARGETS["peak_mb"], f"{figures['peak_mb']:.0f} MB"),
    ]
    return "\n".join(f"target {'met' if ok else 'MISSED'}: {name} ({shown})" for name, ok, shown in checks)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.data_layer", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scales",
        default=",".join(payload.SCALES),
        help="comma-separated, from: " + ", ".join(payload.SCALES),
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="fresh processes per variant and scale (median)"
    )
    parser.add_argument(
        "--variants", default=",".join(VARIANTS), help="comma-separated, from: floor, naive, ours"
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="keep payloads here between runs (default: a temporary folder, removed after)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        help="instead of timing, profile 'ours' once per scale into this folder",
    )
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--values", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--metadata", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.values, args.metadata, args.profile)
        return
    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    variants = tuple(v.strip() for v in args.variants.split(",") if v.strip())
    unknown = [s for s in scales if s not in payload.SCALES] + [v for v in variants if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown scale or variant: {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="pulih-bench-") as scratch:
        directory = args.cache_dir or Path(scratch)
        if args.profile is not None:
            args.profile.mkdir(parents=True, exist_ok=True)
            for scale in scales:
                target = args.profile / f"ours-{scale}.txt"
                _spawn("ours", payload.write(scale, directory), profile=target)
                print(f"profile of ours at {scale}: {target}")
            return
        started = time.perf_counter()
        results = measure(scales, args.repeat, directory, variants, log=lambda line: print(line, flush=True))
    print()
    print(table(results))
    print()
    print(verdict(results))
    print(f"(whole benchmark: {time.perf_counter() - started:.0f} s)")
    print(
        json.dumps(
            {
                "scales": {
                    scale: {k: v for k, v in figures.items() if not k.startswith("_")}
                    for scale, figures in results.items()
                }
            }
        )
    )


if __name__ == "__main__":
    main()
