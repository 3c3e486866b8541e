#!/usr/bin/env python3
"""Repair a corpus of text files with unbake on a Dask cluster.

    python3 examples/dask_repair.py INPUT OUTDIR [options]

INPUT is a folder (every file under it, recursively, or those matching
--glob) or one file. A file larger than --partition-size is split into
partitions at line boundaries; each partition is one task, and the repaired
parts are joined in order. The repaired files go to OUTDIR under the same
relative paths, and OUTDIR/unbake-summary.json (or --summary FILE) holds, per
file, the number of fixes by kind and by hypothesis, guessed bytes and lost
characters.

By default the work runs on a LocalCluster on this machine (--workers N
processes, --threads-per-worker T). With --scheduler tcp://HOST:8786 it runs
on an existing cluster instead; then every worker must see INPUT and OUTDIR
at the same paths (a shared file system) and must be able to import the
unbake module (or run the CLI given with --cli). Workers read their own byte
ranges and write their own parts: no file contents pass through the
scheduler or this client.

Each task calls the Python module (``import unbake`` on the worker). With
--cli PATH it runs the unbake command-line program instead, for workers where
the module is not installed.

Partitions are repaired independently and end just after a newline. unbake
weighs each decision against the context in its window (1 MiB by default), so
near a partition boundary it sees less context than a whole-file run of the
CLI does, and a short, isolated run there can come out differently. Keep
--partition-size many windows large (the default is 64 MiB) so that this is
rare; files no larger than it are repaired whole, exactly as the CLI does.

Needs Debian's python3-dask and python3-distributed (or the same from pip).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

SUMMARY_NAME = "unbake-summary.json"


# ---- work done on the workers ---------------------------------------------

def _count(fixes):
    """Summarise fix records (dicts with the keys of unbake.explain())."""
    s = {"fixes": len(fixes), "repairs": 0, "irrecoverable": 0, "decoded": 0,
         "guessed_bytes": 0, "lost_chars": 0, "by_hypothesis": {}}
    for f in fixes:
        kind = f["kind"]
        key = {"repair": "repairs", "irrecoverable": "irrecoverable",
               "decoded": "decoded"}.get(kind)
        if key:
            s[key] += 1
        s["guessed_bytes"] += f["guessed_bytes"]
        s["lost_chars"] += f["lost_chars"]
        h = f["hypothesis"] or kind
        s["by_hypothesis"][h] = s["by_hypothesis"].get(h, 0) + 1
    return s


def _repair_with_module(data, options):
    import unbake  # imported on the worker
    text, fixes = unbake.repair_bytes_explain(data, **options)
    return text.encode("utf-8", "surrogateescape"), fixes


def _repair_with_cli(data, options, cli):
    cmd = [cli, "--report=json"]
    if options.get("codecs"):
        cmd.append("--codecs=" + options["codecs"])
    if "min_confidence" in options:
        cmd.append("--min-confidence=%r" % options["min_confidence"])
    if options.get("no_guess"):
        cmd.append("--no-guess")
    if options.get("keep_invalid"):
        cmd.append("--keep-invalid")
    cmd.append("-")
    proc = subprocess.run(cmd, input=data, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        raise RuntimeError("%s exited with %d: %s" % (
            cli, proc.returncode, proc.stderr.decode("utf-8", "replace")[-2000:]))
    report = json.loads(proc.stderr)
    return proc.stdout, report["files"][0]["fixes"]


def repair_range(src, start, end, dest, options, cli=None):
    """Repair bytes [start, end) of src into dest; return a summary dict."""
    with open(src, "rb") as f:
        f.seek(start)
        data = f.read(end - start)
    if cli:
        out, fixes = _repair_with_cli(data, options, cli)
    else:
        out, fixes = _repair_with_module(data, options)
    os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
    tmp = "%s.tmp-%d" % (dest, os.getpid())
    with open(tmp, "wb") as f:
        f.write(out)
    os.replace(tmp, dest)
    s = _count(fixes)
    s["bytes_in"] = len(data)
    s["bytes_out"] = len(out)
    s["pids"] = [os.getpid()]
    return s


# ---- planning, on the client ----------------------------------------------

def line_partitions(path, size, target):
    """Split a file into [start, end) ranges of about `target` bytes that end
    just after a newline (or at the end of the file)."""
    if size <= target:
        return [(0, size)]
    bounds = []
    start = 0
    with open(path, "rb") as f:
        while start < size:
            end = start + target
            if end >= size:
                end = size
            else:
                f.seek(end)
                while True:
                    chunk = f.read(65536)
                    if not chunk:
                        end = size
                        break
                    nl = chunk.find(b"\n")
                    if nl >= 0:
                        end += nl + 1
                        break
                    end += len(chunk)
            bounds.append((start, end))
            start = end
    return bounds


def list_inputs(root, pattern):
    """Return [(absolute path, relative path)] for a file or a folder."""
    import fnmatch
    if os.path.isfile(root):
        return [(os.path.abspath(root), os.path.basename(root))]
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            if pattern and not fnmatch.fnmatch(rel, pattern) and \
                    not fnmatch.fnmatch(name, pattern):
                continue
            found.append((os.path.abspath(full), rel))
    return found


def merge(parts):
    total = {"fixes": 0, "repairs": 0, "irrecoverable": 0, "decoded": 0,
             "guessed_bytes": 0, "lost_chars": 0, "bytes_in": 0, "bytes_out": 0,
             "by_hypothesis": {}}
    for p in parts:
        for k, v in p.items():
            if k == "by_hypothesis":
                for h, n in v.items():
                    total[k][h] = total[k].get(h, 0) + n
            elif k == "pids":
                total[k] = sorted(set(total.get(k, [])) | set(v))
            elif k in total:
                total[k] += v
    return total


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Repair mojibake in a folder of text files (or one large "
                    "file) with unbake on a Dask cluster.")
    ap.add_argument("input", help="a folder of text files, or one file")
    ap.add_argument("outdir", help="folder for the repaired files and the summary")
    ap.add_argument("--scheduler", metavar="ADDRESS",
                    help="use this Dask scheduler (e.g. tcp://10.0.0.5:8786) "
                         "instead of a LocalCluster")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="LocalCluster workers (default: CPU count)")
    ap.add_argument("--threads-per-worker", type=int, default=1,
                    help="LocalCluster threads per worker (default 1)")
    ap.add_argument("--threads", action="store_true",
                    help="LocalCluster with threads in this process instead of "
                         "worker processes (the module releases the GIL)")
    ap.add_argument("--partition-size", type=int, default=64 << 20, metavar="BYTES",
                    help="split files larger than this at line boundaries "
                         "(default 64 MiB)")
    ap.add_argument("--glob", metavar="PATTERN",
                    help="only files whose relative path or name matches")
    ap.add_argument("--summary", metavar="FILE",
                    help="JSON summary path (default OUTDIR/%s)" % SUMMARY_NAME)
    ap.add_argument("--cli", metavar="PATH",
                    help="run this unbake executable on the workers instead of "
                         "importing the Python module")
    g = ap.add_argument_group("unbake options")
    g.add_argument("--codecs")
    g.add_argument("--min-confidence", type=float)
    g.add_argument("--max-layers", type=int)
    g.add_argument("--no-guess", action="store_true")
    g.add_argument("--keep-invalid", action="store_true")
    args = ap.parse_args(argv)
    if args.partition_size < 1:
        ap.error("--partition-size must be positive")
    if args.max_layers is not None and args.cli:
        ap.error("--max-layers has no CLI equivalent; drop it or --cli")
    return args


def main(argv=None):
    args = parse_args(argv)
    options = {}
    if args.codecs:
        options["codecs"] = args.codecs
    if args.min_confidence is not None:
        options["min_confidence"] = args.min_confidence
    if args.max_layers is not None:
        options["max_layers"] = args.max_layers
    if args.no_guess:
        options["no_guess"] = True
    if args.keep_invalid:
        options["keep_invalid"] = True
    cli = os.path.abspath(args.cli) if args.cli else None
    if not cli:
        # fail early, on the client, with a clear message
        try:
            import unbake
            unbake.repair("", **options)
        except ImportError:
            sys.exit("dask_repair: the unbake module is not installed here; "
                     "install bindings/python or pass --cli PATH")
        except (TypeError, ValueError) as e:
            sys.exit("dask_repair: %s" % e)

    inputs = list_inputs(args.input, args.glob)
    if not inputs:
        sys.exit("dask_repair: no input files under %s" % args.input)
    outdir = os.path.abspath(args.outdir)
    os.makedirs(outdir, exist_ok=True)
    parts_dir = tempfile.mkdtemp(prefix=".unbake-parts-", dir=outdir)

    # one task per partition
    plan = []  # (rel, [(start, end, dest)])
    for src, rel in inputs:
        ranges = line_partitions(src, os.path.getsize(src), args.partition_size)
        final = os.path.join(outdir, rel)
        if len(ranges) == 1:
            plan.append((src, rel, [(0, ranges[0][1], final)]))
        else:
            plan.append((src, rel, [
                (a, b, os.path.join(parts_dir, "%06d-%06d" % (len(plan), i)))
                for i, (a, b) in enumerate(ranges)]))

    from dask.distributed import Client, LocalCluster

    t0 = time.time()
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers,
                               threads_per_worker=args.threads_per_worker,
                               processes=not args.threads,
                               dashboard_address=None,
                               local_directory=parts_dir)
        client = Client(cluster)
    try:
        where = client.scheduler.address
        futures = []
        for src, rel, ranges in plan:
            futures.append([client.submit(repair_range, src, a, b, dest, options, cli,
                                          pure=False)
                            for a, b, dest in ranges])
        files = {}
        for (src, rel, ranges), futs in zip(plan, futures):
            results = client.gather(futs)
            if len(ranges) > 1:  # join the parts in order
                final = os.path.join(outdir, rel)
                os.makedirs(os.path.dirname(final) or ".", exist_ok=True)
                tmp = final + ".tmp-join"
                with open(tmp, "wb") as out:
                    for _a, _b, dest in ranges:
                        with open(dest, "rb") as part:
                            while True:
                                block = part.read(1 << 20)
                                if not block:
                                    break
                                out.write(block)
                        os.remove(dest)
                os.replace(tmp, final)
            s = merge(results)
            s["partitions"] = len(ranges)
            files[rel] = s
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        import shutil
        shutil.rmtree(parts_dir, ignore_errors=True)

    totals = merge(files.values())
    pids = totals.pop("pids", [])
    for s in files.values():
        s.pop("pids", None)
    totals["files"] = len(files)
    totals["files_with_fixes"] = sum(1 for s in files.values() if s["fixes"])
    summary = {"engine": "cli:" + cli if cli else "python-module",
               "options": options, "scheduler": where,
               "seconds": round(time.time() - t0, 3),
               "client_pid": os.getpid(), "worker_pids": pids,
               "files": files, "totals": totals}
    path = args.summary or os.path.join(outdir, SUMMARY_NAME)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(summary, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    print("dask_repair: %d files, %d fixes (%d repairs), %.1f s -> %s" % (
        totals["files"], totals["fixes"], totals["repairs"],
        summary["seconds"], path), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
