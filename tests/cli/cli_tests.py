#!/usr/bin/env python3
"""Golden and scenario tests for the `unbake` command-line filter.

    cli_tests.py --unbake BIN case DIR      run one golden case
    cli_tests.py --unbake BIN scenario NAME run one scripted scenario

A golden case is a directory under cases/ holding:
    cmd            the arguments, one line, split like a shell would (shlex)
    stdin          optional: fed to standard input (default: empty)
    expect.rc      the exit status (default 0)
    expect.out     exact standard output   (or expect.out.re: a regex that
    expect.err     exact standard error     must match the whole output)
Missing expect.out/expect.err mean "must be empty". The case directory is
copied to a fresh temporary directory, which is the working directory, so
the arguments name the case's own files.

Scenarios check what a golden file cannot: atomic output, permissions,
backups, closed pipes, JSON that must parse. Exit status 77 means skipped.
"""
import argparse
import json
import os
import re
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile

SKIP = 77
UNBAKE = None

MOJIBAKE = "caf\u00c3\u00a9 cr\u00c3\u00a8me\n".encode()          # cafÃ© crÃ¨me
REPAIRED = "caf\u00e9 cr\u00e8me\n".encode()                      # café crème
CLEAN = "plain ASCII line\n\u4e2d\u6587\u6587\u672c\uff0c\u6ca1\u6709\u95ee\u9898\u3002\n".encode()


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def run(args, cwd, stdin=b"", timeout=120, **kw):
    p = subprocess.run([UNBAKE] + args, cwd=cwd, input=stdin, capture_output=True,
                       timeout=timeout, **kw)
    return p.returncode, p.stdout, p.stderr


def show(b):
    return b.decode("utf-8", "backslashreplace")


# ---------------------------------------------------------------- golden cases

def match(kind, got, case, name):
    exact = os.path.join(case, "expect." + name)
    regex = exact + ".re"
    if os.path.exists(regex):
        with open(regex, "rb") as f:
            pat = f.read().decode()
        check(re.fullmatch(pat, got.decode("utf-8", "surrogateescape"), re.S),
              f"{kind} does not match {regex}:\n{show(got)}")
        return
    want = b""
    if os.path.exists(exact):
        with open(exact, "rb") as f:
            want = f.read()
    check(got == want, f"{kind} differs\n--- expected\n{show(want)}\n--- got\n{show(got)}")


def run_case(case):
    case = os.path.abspath(case)
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.join(tmp, "w")
        shutil.copytree(case, work)
        with open(os.path.join(case, "cmd")) as f:
            args = shlex.split(f.read())
        stdin = b""
        if os.path.exists(os.path.join(case, "stdin")):
            with open(os.path.join(case, "stdin"), "rb") as f:
                stdin = f.read()
        rc, out, err = run(args, work, stdin)
        want_rc = 0
        if os.path.exists(os.path.join(case, "expect.rc")):
            with open(os.path.join(case, "expect.rc")) as f:
                want_rc = int(f.read().strip())
        match("stdout", out, case, "out")
        match("stderr", err, case, "err")
        check(rc == want_rc, f"exit status {rc}, expected {want_rc}; stderr:\n{show(err)}")


# ------------------------------------------------------------------- scenarios

def write(path, data, mode=None):
    with open(path, "wb") as f:
        f.write(data)
    if mode is not None:
        os.chmod(path, mode)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def no_temp_files(d):
    stray = [n for n in os.listdir(d) if ".unbake-" in n]
    check(not stray, f"temporary files left behind: {stray}")


def sc_o_nonexistent_dir(d):
    write(f"{d}/in.txt", CLEAN)
    rc, out, err = run(["-o", "nodir/out.txt", "in.txt"], d)
    check(rc == 3, f"exit {rc}, expected 3")
    check(err.startswith(b"unbake: nodir/out.txt:"), f"message: {show(err)}")
    check(sorted(os.listdir(d)) == ["in.txt"], f"stray files: {os.listdir(d)}")


def sc_o_keeps_target_on_error(d):
    write(f"{d}/in.txt", CLEAN)
    write(f"{d}/out.txt", b"OLD\n")
    rc, out, err = run(["-o", "out.txt", "in.txt", "missing.txt"], d)
    check(rc == 3, f"exit {rc}, expected 3")
    check(err == b"unbake: missing.txt: No such file or directory\n", show(err))
    check(read(f"{d}/out.txt") == b"OLD\n", "the -o target was replaced despite the error")
    no_temp_files(d)


def sc_o_success_keeps_mode(d):
    write(f"{d}/a.txt", CLEAN)
    write(f"{d}/b.txt", b"second\n")
    write(f"{d}/out.txt", b"OLD\n", 0o640)
    rc, out, err = run(["-o", "out.txt", "a.txt", "b.txt"], d)
    check((rc, out, err) == (0, b"", b""), f"exit {rc}, stderr {show(err)}")
    check(read(f"{d}/out.txt") == CLEAN + b"second\n", "wrong -o content")
    check(stat.S_IMODE(os.stat(f"{d}/out.txt").st_mode) == 0o640, "mode not kept")
    no_temp_files(d)


def sc_write_error(d):
    write(f"{d}/in.txt", CLEAN)
    if not os.path.exists("/dev/full"):
        raise SystemExit(SKIP)
    rc, out, err = run(["-o", "/dev/full", "in.txt"], d)
    check(rc == 3 and b"No space left on device" in err, f"-o /dev/full: {rc} {show(err)}")
    with open("/dev/full", "wb") as full:
        p = subprocess.run([UNBAKE, "in.txt"], cwd=d, stdout=full, stderr=subprocess.PIPE,
                           timeout=60)
    check(p.returncode == 3 and b"No space left on device" in p.stderr,
          f"stdout on /dev/full: {p.returncode} {show(p.stderr)}")


def sc_inplace_unchanged(d):
    write(f"{d}/clean.txt", CLEAN, 0o604)
    before = os.stat(f"{d}/clean.txt")
    rc, out, err = run(["-i.bak", "clean.txt"], d)
    check((rc, out, err) == (0, b"", b""), f"exit {rc}, stderr {show(err)}")
    after = os.stat(f"{d}/clean.txt")
    check(after.st_ino == before.st_ino and after.st_mtime_ns == before.st_mtime_ns,
          "an unchanged file was rewritten")
    check(sorted(os.listdir(d)) == ["clean.txt"], f"unexpected files: {os.listdir(d)}")


def sc_inplace_missing(d):
    write(f"{d}/clean.txt", CLEAN)
    rc, out, err = run(["-i", "missing.txt", "clean.txt"], d)
    check(rc == 3, f"exit {rc}, expected 3")
    check(err == b"unbake: missing.txt: No such file or directory\n", show(err))
    check(read(f"{d}/clean.txt") == CLEAN, "clean file changed")
    no_temp_files(d)


def sc_inplace_readonly_dir(d):
    """-i in a directory we cannot write to fails cleanly. Root ignores
    directory permissions, so as root the binary runs as user nobody."""
    sub = f"{d}/ro"
    os.mkdir(sub)
    write(f"{sub}/f.txt", MOJIBAKE, 0o644)
    os.chmod(d, 0o755)
    os.chmod(sub, 0o555)
    kw = {}
    if os.geteuid() == 0:
        try:
            import pwd
            nobody = pwd.getpwnam("nobody")
        except (ImportError, KeyError):
            raise SystemExit(SKIP)
        kw = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
        # The binary and every directory above it must be reachable.
        if subprocess.run(["true"], **kw).returncode != 0:
            raise SystemExit(SKIP)
    try:
        rc, out, err = run(["-i.bak", "ro/f.txt"], d, **kw)
    except PermissionError:
        raise SystemExit(SKIP)
    if rc == 126 or (rc != 3 and b"Permission denied" not in err and os.geteuid() == 0):
        raise SystemExit(SKIP)
    os.chmod(sub, 0o755)
    check(rc == 3, f"exit {rc}, expected 3; stderr {show(err)}")
    check(err.startswith(b"unbake: ro/f.txt: ") and b"Permission denied" in err, show(err))
    check(read(f"{sub}/f.txt") == MOJIBAKE, "file changed")
    check(os.listdir(sub) == ["f.txt"], f"stray files: {os.listdir(sub)}")


def sc_closed_pipe(d):
    line = b"The quick brown fox jumps over the lazy dog. 0123456789\n"
    write(f"{d}/big.txt", line * (32 * 1024 * 1024 // len(line)))
    p = subprocess.Popen([UNBAKE, "big.txt"], cwd=d, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    first = p.stdout.read(1)
    p.stdout.close()  # like `| head -c1`
    try:
        err = p.stderr.read()
        rc = p.wait(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        raise Failure("unbake hangs on a closed pipe")
    check(first == b"T", "no output before the pipe closed")
    check(rc == 3, f"exit {rc}, expected 3 (negative = killed by a signal)")
    check(err == b"", f"EPIPE should be quiet: {show(err)}")


def sc_json_clean(d):
    write(f"{d}/in.txt", CLEAN)
    rc, out, err = run(["--report=json", "in.txt"], d)
    check(rc == 0 and out == CLEAN, f"exit {rc}")
    doc = json.loads(err)
    check(doc["files"][0]["file"] == "in.txt" and doc["files"][0]["fixes"] == [], str(doc))
    check(doc["totals"]["files"] == 1 and doc["totals"]["errors"] == 0, str(doc))
    check(doc["totals"]["bytes_in"] == len(CLEAN), str(doc))


def sc_json_report_file(d):
    """Odd file names must be escaped; a missing file is recorded."""
    weird = 'we"ird\\\tname\x01.txt'
    write(os.path.join(d, weird), CLEAN)
    write(os.path.join(d.encode(), b"bad\xffname.txt"), CLEAN)
    rc, out, err = run(["--check", "--report-file=r.json", weird, b"bad\xffname.txt",
                        "missing.txt"], d)
    check(rc == 3, f"exit {rc}, expected 3")
    check(out == b"", "--check wrote to stdout")
    doc = json.loads(read(f"{d}/r.json"))
    names = [f["file"] for f in doc["files"]]
    check(names == [weird, "bad\ufffdname.txt", "missing.txt"], repr(names))
    check(doc["files"][2]["error"] == "No such file or directory", str(doc["files"][2]))
    check(doc["totals"]["errors"] == 1 and doc["mode"] == "check", str(doc["totals"]))
    no_temp_files(d)


def sc_check_stdin(d):
    rc, out, err = run(["--check"], d, CLEAN)
    check((rc, out, err) == (0, b"", b""), f"exit {rc} {show(out)} {show(err)}")


# ------------------------------------------- scenarios that need a real engine

def sc_inplace_backup(d):
    write(f"{d}/m.txt", MOJIBAKE, 0o640)
    ino = os.stat(f"{d}/m.txt").st_ino
    rc, out, err = run(["-i.bak", "m.txt"], d)
    check((rc, out, err) == (0, b"", b""), f"exit {rc}, stderr {show(err)}")
    check(read(f"{d}/m.txt") == REPAIRED, f"not repaired: {show(read(f'{d}/m.txt'))}")
    check(read(f"{d}/m.txt.bak") == MOJIBAKE, "backup differs from the original")
    check(os.stat(f"{d}/m.txt.bak").st_ino == ino, "backup is not the original inode")
    check(stat.S_IMODE(os.stat(f"{d}/m.txt").st_mode) == 0o640, "mode not kept")
    no_temp_files(d)


def sc_inplace_perms(d):
    write(f"{d}/m.txt", MOJIBAKE, 0o604)
    rc, out, err = run(["--in-place", "m.txt"], d)
    check((rc, out, err) == (0, b"", b""), f"exit {rc}, stderr {show(err)}")
    check(read(f"{d}/m.txt") == REPAIRED, "not repaired")
    check(stat.S_IMODE(os.stat(f"{d}/m.txt").st_mode) == 0o604, "mode not kept")
    check(sorted(os.listdir(d)) == ["m.txt"], f"unexpected files: {os.listdir(d)}")


def sc_json_positions(d):
    """Every fix's line:col, before and after agree with the bytes, also
    across many read buffers (the line tracker keeps a bounded history)."""
    parts = []
    for i in range(40000):
        parts.append(f"line {i} \u00e4\u00f6 plain text\n".encode())
        if i % 997 == 0:
            parts.append(b"x" * (i % 7) + MOJIBAKE)
    data = b"".join(parts)
    write(f"{d}/in.txt", data)
    rc, out, err = run(["--report-file=r.json", "in.txt"], d)
    check(rc == 0, f"exit {rc} {show(err)}")
    doc = json.loads(read(f"{d}/r.json"))
    fixes = doc["files"][0]["fixes"]
    check(len(fixes) >= 41, f"only {len(fixes)} fixes")
    for fx in fixes:
        off = fx["in_offset"]
        before = data[off:off + fx["in_len"]].decode("utf-8", "replace")
        check(before == fx["before"], f"before mismatch at {off}: {fx}")
        check(out[fx["out_offset"]:fx["out_offset"] + fx["out_len"]].decode("utf-8", "replace")
              == fx["after"], f"after mismatch: {fx}")
        line = data.count(b"\n", 0, off) + 1
        start = data.rfind(b"\n", 0, off) + 1
        col = len(data[start:off].decode("utf-8", "replace")) + 1
        check((fx["line"], fx["col"]) == (line, col),
              f"position {fx['line']}:{fx['col']}, expected {line}:{col}")


def sc_jobs_identical(d):
    """-j 1, -j 2 and -j 3 give the same bytes and the same fix records for
    an input of several parts (512 KiB each), from a file and from a pipe, and
    positions stay right across part boundaries."""
    parts = []
    for i in range(420000):
        parts.append(f"line {i} \u00e4\u00f6 plain text\n".encode())
        if i % 9999 == 0:
            parts.append(MOJIBAKE)
    data = b"".join(parts)
    check(len(data) > 9 * 2**20, "input too small for three parts")
    write(f"{d}/in.txt", data)
    outs, docs = [], []
    for j in ("1", "2", "3"):
        rc, out, err = run(["-j", j, f"--report-file=r{j}.json", "in.txt"], d)
        check(rc == 0, f"-j {j}: exit {rc} {show(err)}")
        outs.append(out)
        docs.append(json.loads(read(f"{d}/r{j}.json"))["files"][0]["fixes"])
    rc, piped, err = run(["-j2"], d, stdin=data)
    check(rc == 0, f"stdin: exit {rc} {show(err)}")
    check(outs[0] == outs[1] == outs[2] == piped, "outputs differ between -j values")
    check(docs[0] == docs[1] == docs[2], "fix records differ between -j values")
    check(len(docs[0]) >= 38, f"only {len(docs[0])} fixes")
    out = outs[0]
    for fx in docs[0]:
        off = fx["in_offset"]
        check(data[off:off + fx["in_len"]].decode("utf-8", "replace") == fx["before"],
              f"before mismatch at {off}")
        check(out[fx["out_offset"]:fx["out_offset"] + fx["out_len"]].decode("utf-8", "replace")
              == fx["after"], f"after mismatch: {fx}")
        line = data.count(b"\n", 0, off) + 1
        check(fx["line"] == line, f"line {fx['line']}, expected {line}")


SCENARIOS = {
    "o-nonexistent-dir": sc_o_nonexistent_dir,
    "o-keeps-target-on-error": sc_o_keeps_target_on_error,
    "o-success-keeps-mode": sc_o_success_keeps_mode,
    "write-error": sc_write_error,
    "inplace-unchanged": sc_inplace_unchanged,
    "inplace-missing": sc_inplace_missing,
    "inplace-readonly-dir": sc_inplace_readonly_dir,
    "closed-pipe": sc_closed_pipe,
    "json-clean": sc_json_clean,
    "json-report-file": sc_json_report_file,
    "check-stdin": sc_check_stdin,
    # need the repair engine
    "inplace-backup": sc_inplace_backup,
    "inplace-perms": sc_inplace_perms,
    "json-positions": sc_json_positions,
    "jobs-identical": sc_jobs_identical,
}


def main():
    global UNBAKE
    ap = argparse.ArgumentParser()
    ap.add_argument("--unbake", required=True)
    ap.add_argument("what", choices=["case", "scenario", "list-scenarios"])
    ap.add_argument("name", nargs="?")
    a = ap.parse_args()
    UNBAKE = os.path.abspath(a.unbake)
    if a.what == "list-scenarios":
        print("\n".join(SCENARIOS))
        return 0
    try:
        if a.what == "case":
            run_case(a.name)
        else:
            with tempfile.TemporaryDirectory() as d:
                try:
                    SCENARIOS[a.name](d)
                finally:
                    for root, dirs, _ in os.walk(d):
                        for x in dirs:
                            os.chmod(os.path.join(root, x), 0o755)
    except Failure as e:
        print(f"FAIL {a.what} {a.name}: {e}", file=sys.stderr)
        return 1
    print(f"ok {a.what} {a.name}")
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
