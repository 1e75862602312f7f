#!/usr/bin/env python3
"""Writes docs/BENCHMARKS.md and docs/bench/*.svg from one `make bench` run (standard library only).

Inputs: the JSON lines the C, Python, Node and C-ABI harnesses append to $TSEAL_BENCH_JSON
(``{group, lang, impl, bytes, median_ns}``), criterion's ``<target>/criterion/**/new/{benchmark,estimates}.json``
written after the run's start marker, and the machine facts scripts/bench.sh saved before the first benchmark.
The hand-written methodology notes come from docs/bench/NOTES.md and are copied in unchanged.

    python3 scripts/bench_report.py machine > machine.json
    python3 scripts/bench_report.py report --machine machine.json --results results.jsonl \\
        --criterion target/criterion --since marker --command "make bench"
"""

from __future__ import annotations

import argparse
import html
import json
import math
import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Set, Tuple

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CHARTS = DOCS / "bench"
LANG_COLOURS = {"Rust": "#b7410e", "C": "#555555", "Python": "#3572a5", "Node": "#43853d"}


@dataclass(frozen=True)
class Result:
    """One median: which primitive (group), from which language, which implementation, message size."""

    group: str
    lang: str
    impl: str
    bytes: Optional[int]
    median_ns: float


def command_output(*argv: str) -> str:
    """First line of a command's output, or "not found"."""
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    lines = (out.stdout or out.stderr).strip().splitlines()
    return lines[0].strip() if lines else "not found"


def machine() -> Dict[str, str]:
    """The machine's state now: called by scripts/bench.sh before the first benchmark."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = "unknown"
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "load_start": load,
        "kernel": platform.release(),
    }


def lock_version(name: str) -> str:
    """The version of a crate in Cargo.lock."""
    text = (ROOT / "Cargo.lock").read_text()
    found = re.findall(r'name = "%s"\nversion = "([^"]+)"' % re.escape(name), text)
    return ", ".join(found) or "not in Cargo.lock"


def versions(python: str) -> List[Tuple[str, str]]:
    """Toolchain and peer library versions, as the run used them."""
    probe = "import sys, cryptography; print(sys.version.split()[0], cryptography.__version__)"
    py = command_output(python, "-c", probe).split()
    return [
        ("rustc", command_output("rustc", "--version")),
        ("ring", lock_version("ring")),
        ("snow", lock_version("snow")),
        ("criterion", lock_version("criterion")),
        ("OpenSSL", command_output("openssl", "version")),
        ("cc", command_output("cc", "--version")),
        ("Python", py[0] if py else "not found"),
        ("cryptography", py[1] if len(py) > 1 else "not found"),
        ("Node", command_output("node", "--version")),
    ]


# Rust-only criterion benchmarks, grouped by the first part of their id.
OTHER_GROUPS = {
    "replay": "replay window and signal pipeline",
    "guard": "replay window and signal pipeline",
    "pipeline": "replay window and signal pipeline",
    "signal": "signed formats",
    "frame": "signed formats",
    "legacy": "signed formats",
    "request": "signed formats",
    "envelope": "envelopes, AES-256-GCM",
}


def criterion_result(bench: dict, median_ns: float) -> Result:
    """Maps a criterion benchmark onto a primitive group; unmapped ones keep their criterion id."""
    group, function, value = bench.get("group_id", ""), bench.get("function_id"), bench.get("value_str")
    full = bench.get("full_id") or group
    elements = (bench.get("throughput") or {}).get("Elements")
    if elements:  # a batch (e.g. 40 000 signals over 4 threads): report the time per element
        median_ns /= elements
        full += f", per element of {elements}"
    size = int(value) if value and value.isdigit() else None
    if group == "hmac-sha256" and function:
        who, op = function.rsplit(" ", 1)
        impl = "tradeseal MacKey::" + op if who == "tradeseal" else "ring hmac::" + op
        return Result("hmac-sha256 " + op, "Rust", impl, size, median_ns)
    if group.startswith("aead/") and function:
        algorithm = group.split("/", 1)[1].lower()
        if function == "raw_seal_in_place":
            raw = "RustCrypto" if algorithm.startswith("xchacha") else "ring LessSafeKey"
            return Result(algorithm + " seal", "Rust", raw + " (raw, fixed nonce)", size, median_ns)
        op = function.split("_", 1)[0]
        return Result(f"{algorithm} {op}", "Rust", "tradeseal " + function, size, median_ns)
    if group == "noise_xx_handshake":
        return Result("noise xx handshake", "Rust", function or "?", 0, median_ns)
    if group == "noise_transport_64B_write_read":
        impl = "tradeseal NoiseSession" if function == "tradeseal" else function or "?"
        return Result("noise transport write+read", "Rust", impl, 64, median_ns)
    family = full.split("/", 1)[0]
    name = OTHER_GROUPS.get(family, family) + " (Rust)"
    return Result(name, "Rust", full, size, median_ns)


def read_criterion(root: Path, since: float) -> List[Result]:
    """Every criterion benchmark whose estimates were written at or after `since` (this run)."""
    results = []
    for estimates in sorted(root.glob("**/new/estimates.json")):
        if estimates.stat().st_mtime < since:
            continue
        bench = json.loads((estimates.parent / "benchmark.json").read_text())
        median = json.loads(estimates.read_text())["median"]["point_estimate"]
        results.append(criterion_result(bench, median))
    return results


def read_lines(path: Path) -> List[Result]:
    """The harnesses' JSON lines."""
    results = []
    for line in path.read_text().splitlines():
        if line.strip():
            r = json.loads(line)
            results.append(Result(r["group"], r["lang"], r["impl"], r.get("bytes"), float(r["median_ns"])))
    return results


def fmt_ns(ns: float) -> str:
    """Nanoseconds with a sensible unit."""
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e4:
        return f"{ns / 1e3:.1f} us"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} us"
    return f"{ns:.1f} ns" if ns < 100 else f"{ns:.0f} ns"


def decade_label(decade: int) -> str:
    """1 ns, 10 ns, 100 ns, 1 us, ... for the chart axis."""
    units = ["ns", "us", "ms", "s"]
    unit = min(max(decade, 0) // 3, len(units) - 1)
    return f"{10 ** (decade - 3 * unit):g} {units[unit]}"


def size_label(size: Optional[int]) -> str:
    """64 B, 1 KiB, or - for size-less benchmarks."""
    if not size:
        return "-"
    return f"{size // 1024} KiB" if size >= 1024 and size % 1024 == 0 else f"{size} B"


def is_ours(r: Result) -> bool:
    """Whether the row measures tradeseal itself (what the peers are compared with)."""
    return r.impl.startswith(("tradeseal", "core"))


class Lookup:
    """Finds one median by group, language, implementation prefix and size."""

    def __init__(self, results: Iterable[Result]) -> None:
        self.results = list(results)

    def get(self, group: str, lang: str, impl_prefix: str, size: Optional[int] = 64) -> Optional[float]:
        for r in self.results:
            if r.group == group and r.lang == lang and r.impl.startswith(impl_prefix) and r.bytes == size:
                return r.median_ns
        return None


Target = Tuple[str, Callable[[Lookup], Optional[float]], str, Callable[[float], bool]]


def ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return a / b if a is not None and b else None


def difference(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return a - b if a is not None and b is not None else None


def full_id_median(prefix: str) -> Callable[[Lookup], Optional[float]]:
    """The median of the Rust benchmark whose criterion id starts with `prefix`."""
    return lambda l: next((r.median_ns for r in l.results if r.lang == "Rust" and r.impl.startswith(prefix)), None)


GCM = "aes-256-gcm seal"
# ffi-c/benches/overhead.rs: raw ring, the core and the C ABI sealing 64 B in one harness and one process.
GCM_SAME = "aes-256-gcm seal, same harness"
RAW_RING = "ring seal_in_place_separate_tag"
NOISE_HS, NOISE_TX = "noise xx handshake", "noise transport write+read"
# (what, value from the run, unit, met?) -- the targets of issues 3 to 8.
TARGETS: List[Target] = [
    ("AES-256-GCM seal 64 B, Rust `seal_into` / raw ring, criterion (issue 6: <= 1.2x)",
     lambda l: ratio(l.get(GCM, "Rust", "tradeseal seal_into"), l.get(GCM, "Rust", "ring")), "x", lambda v: v <= 1.2),
    ("AES-256-GCM seal 64 B, Rust `seal_in_place` / raw ring, criterion (issue 6: <= 1.2x)",
     lambda l: ratio(l.get(GCM, "Rust", "tradeseal seal_in_place"), l.get(GCM, "Rust", "ring")), "x", lambda v: v <= 1.2),
    ("AES-256-GCM seal 64 B, Rust `seal_into` / raw ring, same harness (issue 6: <= 1.2x)",
     lambda l: ratio(l.get(GCM_SAME, "Rust", "core SealingKey::seal_into"), l.get(GCM_SAME, "Rust", RAW_RING)),
     "x", lambda v: v <= 1.2),
    ("AES-256-GCM seal 64 B, C ABI `tseal_aead_seal` / raw ring, same harness (issue 6: <= 1.2x)",
     lambda l: ratio(l.get(GCM_SAME, "Rust", "C ABI tseal_aead_seal ("), l.get(GCM_SAME, "Rust", RAW_RING)),
     "x", lambda v: v <= 1.2),
    ("AES-256-GCM seal 64 B, C ABI `tseal_aead_seal_in_place` / raw ring, same harness (issue 6: <= 1.2x)",
     lambda l: ratio(l.get(GCM_SAME, "Rust", "C ABI tseal_aead_seal_in_place"), l.get(GCM_SAME, "Rust", RAW_RING)),
     "x", lambda v: v <= 1.2),
    ("HMAC-SHA256 sign 64 B from C: OpenSSL `HMAC()` / `tseal_mac_sign` (issue 3: >= 1.5x)",
     lambda l: ratio(l.get("hmac-sha256 sign", "C", "OpenSSL"), l.get("hmac-sha256 sign", "C", "tradeseal")),
     "x", lambda v: v >= 1.5),
    ("C ABI overhead over the core, sign 64 B (issue 3: < 10 ns)",
     lambda l: difference(l.get("c abi overhead", "Rust", "C ABI tseal_mac_sign"),
                          l.get("c abi overhead", "Rust", "core MacKey::sign")),
     "ns", lambda v: v < 10),
    ("Python sign 64 B: `hmac.digest` / `MacKey.sign` (issue 4: >= 5x)",
     lambda l: ratio(l.get("hmac-sha256 sign", "Python", "stdlib"), l.get("hmac-sha256 sign", "Python", "tradeseal")),
     "x", lambda v: v >= 5),
    ("Python AES-256-GCM seal 64 B: `AESGCM.encrypt` / `SealingKey.seal` (issue 6: >= 3x)",
     lambda l: ratio(l.get(GCM, "Python", "cryptography"), l.get(GCM, "Python", "tradeseal")), "x", lambda v: v >= 3),
    ("Node sign 64 B: `createHmac` / `MacKey.sign` (issue 5: >= 5x)",
     lambda l: ratio(l.get("hmac-sha256 sign", "Node", "node:crypto"), l.get("hmac-sha256 sign", "Node", "tradeseal")),
     "x", lambda v: v >= 5),
    ("Replay check alone, `replay/check fresh` (issue 7: < 20 ns)",
     full_id_median("replay/check fresh"), "ns", lambda v: v < 20),
    ("Full signal verification of the largest v1 signal (20-character symbol), `pipeline/verify signal (109 bytes)` "
     "(issue 7: < 400 ns)",
     full_id_median("pipeline/verify signal (109 bytes)"), "ns", lambda v: v < 400),
]


def binding_over_rust(group: str, lang: str, size: int) -> Callable[[Lookup], Optional[float]]:
    """A binding's tradeseal median over the Rust core's, for one group."""
    return lambda l: ratio(l.get(group, lang, "tradeseal", size), l.get(group, "Rust", "tradeseal", size))


def c_abi_over_core(op: str, size: int) -> Callable[[Lookup], Optional[float]]:
    """The C ABI's median over the core's, their rounds interleaved in one process (ffi-c/benches/overhead.rs)."""
    return lambda l: ratio(l.get("c abi overhead", "Rust", "C ABI tseal_noise_session " + op, size),
                           l.get("c abi overhead", "Rust", "core NoiseSession " + op, size))


# Issue 8: Noise through every binding within 1.2x of Rust. (what, bench group, overhead.rs op, bytes)
NOISE_OPS = (("Noise XX handshake", NOISE_HS, "XX handshake", 0),
             ("Noise transport 64 B write+read", NOISE_TX, "transport write+read", 64))
TARGETS += [
    (f"{what}, C ABI / core, interleaved in one process (issue 8: <= 1.2x)", c_abi_over_core(op, size), "x",
     lambda v: v <= 1.2)
    for what, _, op, size in NOISE_OPS
]
TARGETS += [
    (f"{what}, {binding} / Rust (issue 8: <= 1.2x)", binding_over_rust(group, lang, size), "x", lambda v: v <= 1.2)
    for binding, lang in (("C program", "C"), ("Python binding", "Python"), ("Node binding", "Node"))
    for what, group, _, size in NOISE_OPS
]


def bar_chart(title: str, rows: List[Result]) -> str:
    """A horizontal bar chart on a log10 axis (medians span several decades), as standalone SVG."""
    label_w, plot_w, bar_h, top = 500, 420, 22, 54
    height = top + bar_h * len(rows) + 40
    lo = math.floor(math.log10(min(r.median_ns for r in rows)))
    hi = max(lo + 1, math.ceil(math.log10(max(r.median_ns for r in rows))))
    x = lambda ns: label_w + plot_w * (math.log10(ns) - lo) / (hi - lo)  # noqa: E731
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + plot_w + 90}" height="{height}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="100%" height="100%" fill="white"/>',
        f'<text x="10" y="22" font-size="15" font-weight="bold">{html.escape(title)}</text>',
        f'<text x="10" y="40" fill="#555">median time per operation, log scale (shorter is faster)</text>',
    ]
    for decade in range(lo, hi + 1):
        gx = label_w + plot_w * (decade - lo) / (hi - lo)
        out.append(f'<line x1="{gx:.1f}" y1="{top - 4}" x2="{gx:.1f}" y2="{height - 30}" stroke="#ddd"/>')
        out.append(f'<text x="{gx:.1f}" y="{height - 14}" text-anchor="middle" fill="#555">'
                   f'{decade_label(decade)}</text>')
    for i, r in enumerate(rows):
        y = top + i * bar_h
        colour = LANG_COLOURS.get(r.lang, "#888")
        label = f"{r.lang} · {r.impl}" + (f" · {size_label(r.bytes)}" if r.bytes else "")
        weight = ' font-weight="bold"' if is_ours(r) else ""
        out.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end"{weight}>{html.escape(label)}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{max(1.0, x(r.median_ns) - label_w):.1f}" '
                   f'height="{bar_h - 6}" fill="{colour}"/>')
        out.append(f'<text x="{x(r.median_ns) + 4:.1f}" y="{y + 15}">{html.escape(fmt_ns(r.median_ns))}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def words(impl: str) -> Set[str]:
    return set(re.findall(r"[a-z0-9]+", impl.lower()))


def group_table(rows: List[Result]) -> List[str]:
    """Markdown rows: each median and its ratio to tradeseal in the same language and size (of several such
    tradeseal rows, the one whose name shares the most words, so that an operation meets its own)."""
    lines = ["| language | size | implementation | median | vs tradeseal (same language, size) |", "|---|---|---|---|---|"]
    for r in rows:
        candidates = [o for o in rows if is_ours(o) and o.lang == r.lang and o.bytes == r.bytes]
        best = max(candidates, key=lambda o: len(words(o.impl) & words(r.impl)), default=None)
        ours = None if best is None else best.median_ns
        rel = "" if ours is None or is_ours(r) else f"{r.median_ns / ours:.2f}x the time"
        name = f"**{r.impl}**" if is_ours(r) else r.impl
        lines.append(f"| {r.lang} | {size_label(r.bytes)} | {name} | {fmt_ns(r.median_ns)} | {rel} |")
    return lines


def report(args: argparse.Namespace) -> None:
    facts = json.loads(Path(args.machine).read_text())
    since = Path(args.since).stat().st_mtime
    results = read_criterion(Path(args.criterion), since) + read_lines(Path(args.results))
    if not results:
        sys.exit("bench_report: no results from this run")
    lookup = Lookup(results)
    load_end = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    order = {lang: i for i, lang in enumerate(["Rust", "C", "Python", "Node"])}
    groups: Dict[str, List[Result]] = {}
    for r in results:
        groups.setdefault(r.group, []).append(r)

    md = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (scripts/bench.sh, then scripts/bench_report.py) from one run: every number",
        "below, every ratio and every chart comes from that run. Do not edit by hand; the notes at the end are",
        "kept in docs/bench/NOTES.md.",
        "",
        "## Machine and versions",
        "",
        f"- Date: {facts['date']}; command: `{args.command}`",
        f"- CPU: {facts['cpu']}, {facts['nproc']} cores (`nproc`), Linux {facts['kernel']}",
        f"- Load average (1, 5, 15 min) at the start: **{facts['load_start']}**; at the end: **{load_end}**."
        " Above the core count, other work shared the CPUs and absolute numbers are inflated; ratios",
        "  between rows measured in the same run are the meaningful part.",
    ]
    md += [f"- {name}: {value}" for name, value in versions(args.python)]
    md += [
        "- Rust: criterion (`cargo bench -p tradeseal --bench '*' -- --warm-up-time 1 --measurement-time 2 --noplot`), bench profile",
        "  (release, fat LTO, one codegen unit); medians of criterion's samples. C, Python, Node and the C ABI",
        "  overhead: the median of several rounds of many calls each (see each harness).",
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    for what, value, unit, met in TARGETS:
        v = value(lookup)
        if v is None:
            md.append(f"| {what} | not measured in this run | - |")
        else:
            shown = f"{v:.2f}x" if unit == "x" else fmt_ns(v)
            md.append(f"| {what} | {shown} | {'met' if met(v) else '**not met**'} |")
    md += ["", "## Results by primitive", ""]

    CHARTS.mkdir(parents=True, exist_ok=True)
    for old in CHARTS.glob("*.svg"):
        old.unlink()
    for group in sorted(groups, key=lambda g: (g.endswith("(Rust)"), g)):
        rows = sorted(groups[group], key=lambda r: (order.get(r.lang, 9), r.bytes or 0, not is_ours(r), r.impl))
        chart = f"{slug(group)}.svg"
        (CHARTS / chart).write_text(bar_chart(group, rows))
        md += [f"### {group}", "", f"![{group}](bench/{chart})", ""] + group_table(rows) + [""]

    notes = DOCS / "bench" / "NOTES.md"
    if notes.exists():
        md += [notes.read_text().rstrip(), ""]
    (DOCS / "BENCHMARKS.md").write_text("\n".join(md))
    print(f"bench_report: wrote docs/BENCHMARKS.md and {len(groups)} charts in docs/bench/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("machine", help="print the machine's state as JSON")
    rep = sub.add_parser("report", help="write docs/BENCHMARKS.md and docs/bench/*.svg")
    rep.add_argument("--machine", required=True)
    rep.add_argument("--results", required=True)
    rep.add_argument("--criterion", required=True)
    rep.add_argument("--since", required=True, help="a file touched when the run started")
    rep.add_argument("--command", default="make bench")
    rep.add_argument("--python", default=sys.executable, help="the interpreter the Python benchmark used")
    args = parser.parse_args()
    if args.cmd == "machine":
        print(json.dumps(machine(), indent=2))
    else:
        report(args)


if __name__ == "__main__":
    main()
