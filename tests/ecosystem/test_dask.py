#!/usr/bin/env python3
"""Test examples/dask_repair.py on a generated corpus.

    python3 tests/ecosystem/test_dask.py --cli build/unbake [--work DIR] [-v]

Makes a small corpus of damaged files with Python's own codecs (plus clean
files and one file large enough to be split into partitions), runs the Dask
example on a LocalCluster of 2 worker processes, and checks that

* every output file equals the CLI's output for the same file,
* the JSON summary parses and its counts equal the CLI's JSON report,
* the --cli mode (workers run the executable) gives the same outputs and
  the same per-file summary.

Needs the unbake Python module, python3-dask and python3-distributed.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SCRIPT = os.path.join(REPO, "examples", "dask_repair.py")

SENTENCES = {
    "fr": "Le musée ouvre à neuf heures, et le café reste fermé jusqu'à midi.",
    "de": "Die Brücke über den Fluß wird nächste Woche für Fußgänger geöffnet.",
    "es": "La niña pidió un café con leche y una tarta de limón en la estación.",
    "ru": "Поезд отправляется в семь утра, а билеты продаются на вокзале.",
    "el": "Το τρένο φεύγει στις επτά το πρωί από τον κεντρικό σταθμό.",
    "zh": "我们明天早上七点在火车站见面，然后一起去博物馆。",
    "ja": "明日の朝七時に駅で会いましょう。それから博物館へ行きます。",
}


def bake(text, wrong):
    return text.encode("utf-8").decode(wrong, errors="replace")


def make_corpus(root):
    """Write the corpus; return the list of relative paths."""
    files = {
        "fr-cp1252.txt": "\n".join(bake(SENTENCES["fr"], "cp1252") for _ in range(3)) + "\n",
        "de-cp1252.txt": bake(SENTENCES["de"], "cp1252") + "\n" + SENTENCES["de"] + "\n",
        "es-latin1-mixed.txt": SENTENCES["es"] + "\n" + bake(SENTENCES["es"], "cp1252") + "\n",
        "ru-cp1251.txt": bake(SENTENCES["ru"], "cp1251") + "\n",
        "el-cp1253.txt": bake(SENTENCES["el"], "cp1253") + "\n",
        "double/fr-cp1252-twice.txt": bake(bake(SENTENCES["fr"], "cp1252"), "cp1252") + "\n",
        "clean/zh.txt": SENTENCES["zh"] + "\n",
        "clean/ja.txt": SENTENCES["ja"] + "\n",
        "clean/all.txt": "\n".join(SENTENCES.values()) + "\n",
        "empty.txt": "",
    }
    # one file of ~300 KB, split into several partitions by the test
    lines = []
    for i in range(1200):
        lang = list(SENTENCES)[i % 5]
        wrong = {"ru": "cp1251", "el": "cp1253"}.get(lang, "cp1252")
        lines.append(bake(SENTENCES[lang], wrong) if i % 3 else SENTENCES[lang])
    files["big/mixed-large.txt"] = "\n".join(lines) + "\n"
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    # bytes that are not UTF-8 at all
    with open(os.path.join(root, "binaryish.txt"), "wb") as f:
        f.write(b"caf\xe9 \xff\xfe ok\n" + bytes(range(256)) + b"\n")
    return sorted(list(files) + ["binaryish.txt"])


class DaskRepairTest(unittest.TestCase):
    cli = None
    work = None

    @classmethod
    def setUpClass(cls):
        cls.src = os.path.join(cls.work, "corpus")
        shutil.rmtree(cls.work, ignore_errors=True)
        os.makedirs(cls.src)
        cls.rels = make_corpus(cls.src)
        # the reference: the CLI on each file, and its JSON report
        cls.expected = {}
        cls.report = {}
        for rel in cls.rels:
            path = os.path.join(cls.src, rel)
            proc = subprocess.run([cls.cli, "--report=json", path], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, check=True)
            cls.expected[rel] = proc.stdout
            cls.report[rel] = json.loads(proc.stderr)["files"][0]

    def run_script(self, name, *extra):
        out = os.path.join(self.work, name)
        cmd = [sys.executable, SCRIPT, self.src, out, "--workers", "2",
               "--partition-size", "32768"] + list(extra)
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=600, check=False)
        err = proc.stderr.decode("utf-8", "replace")
        self.assertEqual(proc.returncode, 0, err[-4000:])
        with open(os.path.join(out, "unbake-summary.json"), encoding="utf-8") as f:
            summary = json.load(f)
        return out, summary, err

    def check_outputs(self, out, summary):
        for rel in self.rels:
            with self.subTest(file=rel):
                with open(os.path.join(out, rel), "rb") as f:
                    got = f.read()
                self.assertEqual(got, self.expected[rel],
                                 "%s differs from the CLI's output" % rel)
                s = summary["files"][rel]
                r = self.report[rel]
                for key in ("repairs", "irrecoverable", "decoded", "guessed_bytes",
                            "lost_chars", "bytes_in", "bytes_out"):
                    self.assertEqual(s[key], r[key], key)
                self.assertEqual(s["fixes"], len(r["fixes"]))
                self.assertEqual(sum(s["by_hypothesis"].values()), s["fixes"])
        self.assertEqual(sorted(summary["files"]), self.rels)
        self.assertEqual(summary["totals"]["files"], len(self.rels))
        self.assertGreater(summary["totals"]["repairs"], 100)
        self.assertGreater(summary["files"]["big/mixed-large.txt"]["partitions"], 2)
        # nothing left behind but the outputs and the summary
        left = sorted(os.path.relpath(os.path.join(d, n), out)
                      for d, _, names in os.walk(out) for n in names)
        self.assertEqual(left, sorted(self.rels + ["unbake-summary.json"]))

    def test_module_on_local_cluster_of_2_processes(self):
        out, summary, err = self.run_script("out-module")
        self.assertEqual(summary["engine"], "python-module")
        self.check_outputs(out, summary)
        # the tasks ran in worker processes, not in the client
        self.assertTrue(summary["worker_pids"])
        self.assertNotIn(summary["client_pid"], summary["worker_pids"])
        self.assertLessEqual(len(summary["worker_pids"]), 2)
        type(self).module_summary = summary

    def test_cli_mode(self):
        out, summary, _ = self.run_script("out-cli", "--cli", self.cli)
        self.assertTrue(summary["engine"].startswith("cli:"))
        self.check_outputs(out, summary)

    def test_threads_and_options(self):
        out, summary, _ = self.run_script("out-threads", "--threads", "--codecs", "cp1251")
        # only cp1251 damage is repaired now; the Russian file equals the CLI's
        with open(os.path.join(out, "ru-cp1251.txt"), "rb") as f:
            self.assertEqual(f.read(), self.expected["ru-cp1251.txt"])
        with open(os.path.join(out, "fr-cp1252.txt"), "rb") as f:
            got = f.read()
        proc = subprocess.run([self.cli, "--codecs=cp1251",
                               os.path.join(self.src, "fr-cp1252.txt")],
                              stdout=subprocess.PIPE, check=True)
        self.assertEqual(got, proc.stdout)
        self.assertEqual(summary["options"], {"codecs": "cp1251"})
        self.assertEqual(summary["worker_pids"], [summary["client_pid"]])

    def test_bad_option_fails_early(self):
        proc = subprocess.run([sys.executable, SCRIPT, self.src,
                               os.path.join(self.work, "out-bad"), "--codecs", "nope"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn(b"dask_repair:", proc.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True, help="path to the unbake executable")
    ap.add_argument("--work", help="scratch folder (default: a temporary one)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    DaskRepairTest.cli = os.path.abspath(args.cli)
    tmp = None
    if args.work:
        DaskRepairTest.work = os.path.abspath(args.work)
    else:
        tmp = tempfile.mkdtemp(prefix="unbake-dask-test-")
        DaskRepairTest.work = tmp
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(DaskRepairTest)
    result = unittest.TextTestRunner(verbosity=2 if args.verbose else 1).run(suite)
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
