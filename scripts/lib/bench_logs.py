#!/usr/bin/env python3
"""Helpers for scripts/bench-logs (a benchmark, not a test).

Subcommands:
  accuracy DATA_DIR VIGIL_BIN [--systems A,B,...] [--no-drain3] [--dump DIR]
      Grouping accuracy per Loghub-2k system for `vigil logs cluster` and for
      Drain3 with its default configuration, side by side.
  make-big DATA_DIR OUT_FILE LINES
      Writes LINES lines built from the eight Content columns repeated in turn.
  drain3-throughput FILE
      Times Drain3's TemplateMiner (masking: numbers, IPs, hex, as in Drain3's
      own example drain3.ini) on FILE, single thread; prints lines, wall seconds,
      CPU seconds and the number of clusters (the file is read before timing).
  throughput FILE VIGIL_BIN RUNS
      Alternates RUNS timed runs of `VIGIL_BIN logs cluster < FILE > /dev/null`
      (wall and CPU time of the whole process: start-up, reading, writing) and of
      drain3-throughput (in a fresh Python process each run); prints each run,
      the medians in lines per second and the ratio.
"""
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict

SYSTEMS = ["Apache", "BGL", "HDFS", "HPC", "Hadoop", "Linux", "OpenSSH", "Proxifier"]


def load_system(data_dir, system):
    path = f"{data_dir}/{system}/{system}_2k.log_structured_corrected.csv"
    contents, truth = [], []
    with open(path, newline="", encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            # One message per line: the CLI reads lines, so a stray newline would split a message.
            contents.append(row["Content"].replace("\r", " ").replace("\n", " "))
            truth.append(row["EventId"])
    return contents, truth


def grouping_accuracy(truth, predicted):
    """Standard grouping accuracy: a message is correct when the set of messages in its
    predicted cluster equals the set of messages in its ground-truth cluster."""
    assert len(truth) == len(predicted)
    truth_size = Counter(truth)
    by_pred = defaultdict(list)
    for t, p in zip(truth, predicted):
        by_pred[p].append(t)
    correct = 0
    for members in by_pred.values():
        ids = set(members)
        if len(ids) == 1:
            (tid,) = ids
            if truth_size[tid] == len(members):
                correct += len(members)
    return correct / len(truth)


VIGIL_ARGS: list[str] = []  # the default output: final ids and templates


def run_vigil(vigil_bin, contents):
    data = ("\n".join(contents) + "\n").encode("utf-8")
    args = [vigil_bin, "logs", "cluster"] + VIGIL_ARGS
    out = subprocess.run(args, input=data, stdout=subprocess.PIPE, check=True).stdout
    lines = out.decode("utf-8", errors="replace").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    assert len(lines) == len(contents), (len(lines), len(contents))
    ids, templates = [], []
    for line in lines:
        cid, _, template = line.partition("\t")
        ids.append(cid)
        templates.append(template)
    return ids, templates


def drain3_default_miner():
    from drain3 import TemplateMiner
    from drain3.template_miner_config import TemplateMinerConfig
    config = TemplateMinerConfig()  # Drain3's defaults: sim_th 0.4, depth 4, no masking
    config.profiling_enabled = False
    return TemplateMiner(config=config)


def drain3_masked_miner():
    from drain3 import TemplateMiner
    from drain3.masking import MaskingInstruction
    from drain3.template_miner_config import TemplateMinerConfig
    config = TemplateMinerConfig()
    config.profiling_enabled = False
    # The masking of Drain3's example drain3.ini (ids, IPs, hex sequences, hex, numbers).
    pre, post = r"((?<=[^A-Za-z0-9])|^)", r"((?=[^A-Za-z0-9])|$)"
    config.masking_instructions = [
        MaskingInstruction(pre + r"(([0-9a-f]{2,}:){3,}([0-9a-f]{2,}))" + post, "ID"),
        MaskingInstruction(pre + r"(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})" + post, "IP"),
        MaskingInstruction(pre + r"([0-9a-f]{6,} ?){3,}" + post, "SEQ"),
        MaskingInstruction(pre + r"([0-9A-F]{4} ?){4,}" + post, "SEQ"),
        MaskingInstruction(pre + r"(0x[a-f0-9A-F]+)" + post, "HEX"),
        MaskingInstruction(pre + r"([\-\+]?\d+)" + post, "NUM"),
    ]
    return TemplateMiner(config=config)


def run_drain3(contents):
    miner = drain3_default_miner()
    return [miner.add_log_message(c)["cluster_id"] for c in contents]


def cmd_accuracy(argv):
    data_dir, vigil_bin = argv[0], argv[1]
    systems, with_drain3, dump = SYSTEMS, True, None
    rest = argv[2:]
    while rest:
        if rest[0] == "--systems":
            systems = rest[1].split(",")
            rest = rest[2:]
        elif rest[0] == "--no-drain3":
            with_drain3 = False
            rest = rest[1:]
        elif rest[0] == "--vigil-args":
            VIGIL_ARGS[:] = rest[1].split()
            rest = rest[2:]
        elif rest[0] == "--dump":
            dump = rest[1]
            rest = rest[2:]
        else:
            raise SystemExit(f"unknown option {rest[0]}")
    if with_drain3:
        import logging
        logging.disable(logging.CRITICAL)
    rows = []
    print(f"{'system':<10} {'lines':>6} {'events':>6} {'vigil clusters':>14} {'vigil GA':>9} {'drain3 clusters':>15} {'drain3 GA':>9}")
    for system in systems:
        contents, truth = load_system(data_dir, system)
        ids, templates = run_vigil(vigil_bin, contents)
        ga = grouping_accuracy(truth, ids)
        d_ga, d_n = None, None
        if with_drain3:
            d_ids = run_drain3(contents)
            d_ga, d_n = grouping_accuracy(truth, d_ids), len(set(d_ids))
        rows.append((system, ga, d_ga))
        print(f"{system:<10} {len(contents):>6} {len(set(truth)):>6} {len(set(ids)):>14} {ga:>9.3f} "
              f"{'' if d_n is None else d_n:>15} {'' if d_ga is None else f'{d_ga:.3f}':>9}", flush=True)
        if dump:
            with open(f"{dump}/{system}.jsonl", "w", encoding="utf-8") as fh:
                for c, t, i, tp in zip(contents, truth, ids, templates):
                    fh.write(json.dumps({"content": c, "truth": t, "id": i, "template": tp}) + "\n")
    mean = sum(r[1] for r in rows) / len(rows)
    line = f"{'mean':<10} {'':>6} {'':>6} {'':>14} {mean:>9.3f}"
    if with_drain3:
        d_mean = sum(r[2] for r in rows) / len(rows)
        line += f" {'':>15} {d_mean:>9.3f}"
    print(line)


def cmd_make_big(argv):
    data_dir, out_file, total = argv[0], argv[1], int(argv[2])
    corpus = []
    for system in SYSTEMS:
        contents, _ = load_system(data_dir, system)
        corpus.extend(contents)
    with open(out_file, "w", encoding="utf-8") as fh:
        written = 0
        while written < total:
            chunk = corpus[: total - written]
            fh.write("\n".join(chunk) + "\n")
            written += len(chunk)
    print(written)


def cmd_drain3_throughput(argv):
    import logging
    logging.disable(logging.CRITICAL)
    path = argv[0]
    with open(path, encoding="utf-8", errors="replace") as fh:
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    miner = drain3_masked_miner()
    add = miner.add_log_message
    cpu0 = time.process_time()
    start = time.perf_counter()
    for line in lines:
        add(line)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu0
    print(f"{len(lines)} {elapsed:.3f} {cpu:.3f} {len(miner.drain.clusters)}")


def time_vigil(vigil_bin, path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(path, "rb") as src, open(os.devnull, "wb") as sink:
        start = time.perf_counter()
        subprocess.run([vigil_bin, "logs", "cluster"], stdin=src, stdout=sink, check=True)
        wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def time_drain3(path):
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "drain3-throughput", path],
                         stdout=subprocess.PIPE, check=True, text=True).stdout.split()
    return float(out[1]), float(out[2])


def cmd_throughput(argv):
    path, vigil_bin, runs = argv[0], argv[1], int(argv[2])
    with open(path, "rb") as fh:
        lines = sum(1 for _ in fh)
    vigil, drain3 = [], []
    for r in range(runs):
        vigil.append(time_vigil(vigil_bin, path))
        print(f"run {r + 1}: vigil  wall {vigil[-1][0]:7.3f} s  cpu {vigil[-1][1]:7.3f} s", flush=True)
        drain3.append(time_drain3(path))
        print(f"run {r + 1}: drain3 wall {drain3[-1][0]:7.3f} s  cpu {drain3[-1][1]:7.3f} s", flush=True)
    vw, vc = statistics.median(v[0] for v in vigil), statistics.median(v[1] for v in vigil)
    dw, dc = statistics.median(d[0] for d in drain3), statistics.median(d[1] for d in drain3)
    print(f"lines: {lines}; median of {runs} run(s) each, single thread")
    print(f"{'':<8} {'wall lines/s':>14} {'cpu lines/s':>14}")
    print(f"{'vigil':<8} {lines / vw:>14,.0f} {lines / vc:>14,.0f}")
    print(f"{'drain3':<8} {lines / dw:>14,.0f} {lines / dc:>14,.0f}")
    print(f"{'ratio':<8} {dw / vw:>13.1f}x {dc / vc:>13.1f}x")


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        raise SystemExit(2)
    cmd, argv = sys.argv[1], sys.argv[2:]
    {"accuracy": cmd_accuracy, "make-big": cmd_make_big, "drain3-throughput": cmd_drain3_throughput,
     "throughput": cmd_throughput}[cmd](argv)


if __name__ == "__main__":
    main()
