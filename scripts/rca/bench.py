"""The RCA benchmark runner behind scripts/bench-rca (see that script and docs/rca-benchmarks.md)."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import baseline  # noqa: E402
from nezha_import import DayError, import_nezha  # noqa: E402
from pyrca_import import CaseImportError, import_pyrca  # noqa: E402
from scoring import hit_rank, ranked_entities, summarize  # noqa: E402
from sourceparse import Problems  # noqa: E402

DATASETS = ("pyrca", "nezha-ob", "nezha-tt")
KEEP_DIR = Path("/tmp/vigil-rca")
CASE_TIMEOUT_S = 300
TT_TARBALL = "nezha-tt-2023-01-30.tar.gz"
TOP_HYPOTHESES = 50
IMPORTER_SOURCES = ("bundlewrite.py", "sourceparse.py", "pyrca_import.py", "nezha_import.py")


def log(msg: str) -> None:
    print(f"==> {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ inputs --

def fingerprint(paths: list[Path], with_importers: bool = True) -> str:
    """Changes when any input file (name, size, mtime) or, with_importers, an importer source changes."""
    h = hashlib.sha256()
    for src in [HERE / n for n in IMPORTER_SOURCES] if with_importers else []:
        h.update(src.name.encode())
        h.update(src.read_bytes())
    for p in paths:
        files = [p] if p.is_file() else sorted(f for f in p.rglob("*") if f.is_file())
        for f in files:
            st = f.stat()
            h.update(f"{f}|{st.st_size}|{int(st.st_mtime)}".encode())
    return h.hexdigest()


def up_to_date(out: Path, stamp: str) -> bool:
    f = out / ".import-stamp"
    return f.is_file() and f.read_text().strip() == stamp and (out / "labels.jsonl").is_file()


def mark(out: Path, stamp: str) -> None:
    (out / ".import-stamp").write_text(stamp + "\n")


def extract_tt(data: Path, work: Path) -> Path:
    """Extracts the Train Ticket tarball once (re-used while the tarball is unchanged)."""
    tarball = data / TT_TARBALL
    if not tarball.is_file():
        raise FileNotFoundError(f"{tarball} is missing")
    dest = work / "src"
    stamp = fingerprint([tarball], with_importers=False)
    if not ((dest / ".extract-stamp").is_file() and (dest / ".extract-stamp").read_text().strip() == stamp):
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        log(f"extracting {tarball.name}")
        with tarfile.open(tarball) as tf:
            tf.extractall(dest, filter="data")
        (dest / ".extract-stamp").write_text(stamp + "\n")
    days = sorted(p for p in dest.glob("*/rca_data/*") if p.is_dir())
    if not days:
        raise FileNotFoundError(f"{tarball}: no */rca_data/<day> folder inside")
    return days[0]


def prepare(dataset: str, data: Path, work: Path) -> Path:
    out = work / dataset
    if dataset == "pyrca":
        src = data / "pyrca_sim"
        inputs = [src]
    elif dataset == "nezha-ob":
        src = data / "nezha" / "rca_data" / "2022-08-22"
        inputs = [data / "nezha"]
    else:
        src = extract_tt(data, work)
        inputs = [data / TT_TARBALL]
    stamp = fingerprint(inputs)
    if up_to_date(out, stamp):
        log(f"{dataset}: re-using bundles in {out}")
        return out
    log(f"{dataset}: importing {src} -> {out}")
    problems = Problems()
    quiet = lambda _m: None  # noqa: E731
    if dataset == "pyrca":
        import_pyrca(src, out, problems, log=quiet)
    else:
        import_nezha(src, out, problems, log=quiet)
    if problems.count:
        log(f"{dataset}: {problems.summary()}")
    mark(out, stamp)
    return out


def read_labels(out: Path) -> list[dict]:
    with open(out / "labels.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# ----------------------------------------------------------------- methods --

def build_vigil(scratch: str | None) -> Path:
    cmd = ["swift", "build", "-c", "release", "--product", "vigil"]
    if scratch:
        cmd += ["--scratch-path", scratch]
    log(" ".join(cmd))
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=sys.stderr)
    bin_dir = subprocess.run(cmd + ["--show-bin-path"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.strip()
    return Path(bin_dir) / "vigil"


def investigate_options(vigil: Path) -> list[str] | None:
    """None without an `investigate` subcommand; else extra arguments: enough hypotheses
    (`--top`) that five distinct entities remain after de-duplication."""
    r = subprocess.run([str(vigil), "investigate", "--help"], capture_output=True, text=True)
    text = r.stdout + r.stderr
    # Without the subcommand, ArgumentParser answers with the root help (and status 0).
    if r.returncode != 0 or "--bundle" not in text:
        return None
    return ["--top", str(TOP_HYPOTHESES)] if "--top" in text else []


def run_vigil(vigil: Path, extra: list[str], bundle: Path) -> dict:
    started = time.perf_counter()
    try:
        r = subprocess.run([str(vigil), "investigate", "--bundle", str(bundle), "--json", *extra],
                           capture_output=True, text=True, timeout=CASE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {CASE_TIMEOUT_S} s", "seconds": None}
    seconds = time.perf_counter() - started
    if r.returncode != 0:
        return {"error": f"exit {r.returncode}: {r.stderr.strip()[-300:]}", "seconds": seconds}
    try:
        doc = json.loads(r.stdout)
    except ValueError as e:
        return {"error": f"output is not JSON ({e})", "seconds": seconds}
    if not isinstance(doc, dict):
        return {"error": "output is not a JSON object", "seconds": seconds}
    return {"doc": doc, "seconds": seconds}


def run_baseline(bundle: Path) -> dict:
    started = time.perf_counter()
    try:
        doc = baseline.investigate(bundle)
    except Exception as e:  # a broken bundle is one failed case, not a failed run
        return {"error": f"{type(e).__name__}: {e}", "seconds": None}
    return {"doc": doc, "seconds": time.perf_counter() - started}


def evaluate(method, out: Path, labels: list[dict]) -> list[dict]:
    results = []
    for lab in labels:
        r = method(out / lab["case"])
        doc = r.get("doc") or {}
        entities = ranked_entities(doc.get("hypotheses"))
        results.append({
            "case": lab["case"], "rootCauses": lab["rootCauses"], "faultType": lab.get("faultType"),
            "top5": entities[:5], "rank": hit_rank(entities, lab["rootCauses"]) if "doc" in r else None,
            "seconds": r.get("seconds"),
            "decisive": doc.get("decisive") if isinstance(doc.get("decisive"), bool) else None,
            "elapsedMs": doc.get("elapsedMs"), "error": r.get("error"),
        })
        if r.get("error"):
            log(f"{lab['case']}: {r['error']}")
    return results


# ------------------------------------------------------------------ report --

def fmt(v, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def by_fault_type(cases: list[dict]) -> str:
    """`cpu_contention 5/6, return 1/4`: top-1 hits per fault type."""
    groups: dict[str, list[int]] = {}
    for c in cases:
        g = groups.setdefault(c.get("faultType") or "?", [0, 0])
        g[0] += 1 if c.get("rank") == 1 else 0
        g[1] += 1
    return ", ".join(f"{t} {h}/{n}" for t, (h, n) in sorted(groups.items()))


def print_table(dataset: str, rows: list[tuple[str, dict]]) -> None:
    print(f"\n{dataset}")
    print(f"  {'method':<24} {'cases':>5} {'AC@1':>6} {'AC@3':>6} {'Avg@5':>6} {'med s':>7} {'max s':>7} {'decisive':>8} {'errors':>6}")
    for name, s in rows:
        print(f"  {name:<24} {s['cases']:>5} {s['ac1']:>6.3f} {s['ac3']:>6.3f} {s['avg5']:>6.3f} "
              f"{fmt(s['medianSeconds'], '7.3f'):>7} {fmt(s['maxSeconds'], '7.3f'):>7} "
              f"{fmt(s['decisiveShare'], '8.2f'):>8} {s['errors']:>6}")
    for name, s in rows:
        if len(s.get("faultTypes", "").split(",")) > 1:
            print(f"    {name} AC@1 by fault type: {s['faultTypes']}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="scripts/bench-rca", description=__doc__)
    ap.add_argument("--keep", action="store_true", help=f"import into {KEEP_DIR} and re-use it when up to date")
    ap.add_argument("--vigil", type=Path, help="use this vigil executable instead of building one")
    ap.add_argument("--datasets", default=",".join(DATASETS), help="comma-separated subset of " + ",".join(DATASETS))
    ap.add_argument("--baseline", action="store_true", help="add the reference baseline (max robust z-score) row")
    ap.add_argument("--json-out", type=Path, help="also write all figures and per-case results to this file")
    ap.add_argument("--scratch-path", help="swift build --scratch-path for the release build")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "rca",
                    help="the benchmark data folder (default: ../shared/data/rca beside the repository)")
    args = ap.parse_args(argv)

    datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    unknown = [d for d in datasets if d not in DATASETS]
    if unknown or not datasets:
        ap.error(f"unknown dataset(s) {unknown}; choose from {', '.join(DATASETS)}")
    if not args.data.is_dir():
        ap.error(f"{args.data} is not a directory (use --data)")

    vigil = args.vigil
    if vigil is None:
        vigil = build_vigil(args.scratch_path)
    elif not (vigil.is_file() and os.access(vigil, os.X_OK)):
        ap.error(f"--vigil {vigil} is not an executable file")
    extra = investigate_options(vigil)
    use_vigil = extra is not None
    if not use_vigil:
        log(f"{vigil} has no `investigate` subcommand: vigil rows are not available")
        if not args.baseline:
            log("nothing to measure (add --baseline for the reference method)")
            return 1

    work = KEEP_DIR if args.keep else Path(tempfile.mkdtemp(prefix="vigil-rca-"))
    work.mkdir(parents=True, exist_ok=True)
    report = {"measuredAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "vigil": str(vigil) if use_vigil else None, "cpus": os.cpu_count(), "datasets": {}}
    try:
        for ds in datasets:
            try:
                out = prepare(ds, args.data, work)
            except (OSError, CaseImportError, DayError) as e:
                log(f"{ds}: cannot import: {e}")
                report["datasets"][ds] = {"error": str(e)}
                continue
            labels = read_labels(out)
            rows, entry = [], {}
            if use_vigil:
                log(f"{ds}: vigil investigate on {len(labels)} cases")
                res = evaluate(lambda b: run_vigil(vigil, extra, b), out, labels)
                entry["vigil"] = {"summary": summarize(res) | {"faultTypes": by_fault_type(res)}, "cases": res}
                rows.append(("vigil investigate", entry["vigil"]["summary"]))
            if args.baseline:
                res = evaluate(run_baseline, out, labels)
                entry["baseline"] = {"summary": summarize(res) | {"faultTypes": by_fault_type(res)}, "cases": res}
                rows.append(("baseline (max robust z)", entry["baseline"]["summary"]))
            report["datasets"][ds] = entry
            print_table(ds, rows)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("\nAC@k: share of cases with a labelled root cause among the first k distinct entities;"
          " Avg@5 = mean of AC@1..AC@5;\nseconds: wall time per case (process start to exit);"
          " decisive: share of cases the method called decisive.")
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=1) + "\n")
        log(f"wrote {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
