#!/usr/bin/env python3
"""Fault tests of `unbake -i` (in-place editing must never lose data).

    faults.py --unbake BIN SCENARIO      exit 0 pass, 1 fail, 77 skipped

Scenarios:
  enospc       -i on a 1 MiB tmpfs (or, if tmpfs cannot be mounted, a
               loop-mounted ext2 image) filled so that writing the temp file
               hits ENOSPC: exit 3, "No space left on device" on stderr, the
               original byte-identical, no temp file left. Needs root and
               mount; skipped (77) otherwise.
  sigkill      SIGKILL while -i writes a large file: the original is
               byte-identical to either the old or the new content (never
               partial). A leftover temp file (.NAME.unbake-XXXXXX) is
               accepted for SIGKILL (nothing can clean up after it) as long
               as it did not replace the original; it is reported.
  sigterm      the same with SIGTERM: the original is intact and the temp
               file is removed by the signal handler.
  symlink      -i on a symlink follows it: the target is repaired, the link
               stays a link to it. A dangling link: exit 3, clear error.
  readonly     -i on a read-only file (mode 444) in a writable directory
               replaces it, as sed -i does, keeping mode 444 (current
               behaviour; checked as `nobody` when running as root).
  unreadable   -i on a file without read permission (mode 000) as a user
               that is not root: exit 3, "Permission denied", file unchanged.
               As root the check runs as `nobody` via setpriv; skipped (77)
               when that is impossible.
"""
import argparse
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77
UNBAKE = None
MOJI_LINE = "caf\u00c3\u00a9 cr\u00c3\u00a8me br\u00c3\u00bbl\u00c3\u00a9e, d\u00c3\u00a9j\u00c3\u00a0 vu\n".encode()
FIXED_LINE = "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, d\u00e9j\u00e0 vu\n".encode()


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def temps(d, name):
    return glob.glob(os.path.join(d, "." + name + ".unbake-*"))


def run(args, **kw):
    return subprocess.run([UNBAKE] + args, capture_output=True, timeout=600, **kw)


def as_nobody():
    """argv prefix that runs a command as nobody, or None."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv:
        pre = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        if subprocess.run(pre + ["true"], capture_output=True).returncode == 0:
            return pre
    runuser = shutil.which("runuser")
    if runuser:
        pre = [runuser, "-u", "nobody", "--"]
        if subprocess.run(pre + ["true"], capture_output=True).returncode == 0:
            return pre
    return None


# ---------------------------------------------------------------- enospc

def mount_small(d):
    """Mount a ~1 MiB file system at d; returns a description or None."""
    if os.geteuid() != 0:
        return None
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", d], capture_output=True)
    if r.returncode == 0:
        return "tmpfs"
    mkfs = shutil.which("mkfs.ext2") or "/sbin/mkfs.ext2"
    if not os.path.exists(mkfs):
        return None
    img = d + ".img"
    with open(img, "wb") as f:
        f.truncate(2 << 20)
    if subprocess.run([mkfs, "-q", "-F", img], capture_output=True).returncode != 0:
        return None
    if subprocess.run(["mount", "-o", "loop", img, d], capture_output=True).returncode != 0:
        return None
    return "ext2 loop image"


def scenario_enospc(tmp):
    mnt = os.path.join(tmp, "small")
    os.mkdir(mnt)
    kind = mount_small(mnt)
    if not kind:
        print("SKIP: cannot mount a small file system (needs root and mount)")
        return SKIP
    try:
        orig = MOJI_LINE * 6000                           # ~220 KB
        path = os.path.join(mnt, "doc.txt")
        with open(path, "wb") as f:
            f.write(orig)
        # fill the rest, leaving ~32 KB: the repaired copy cannot fit
        st = os.statvfs(mnt)
        free = st.f_bavail * st.f_frsize
        with open(os.path.join(mnt, "filler"), "wb") as f:
            f.write(b"\0" * max(0, free - (32 << 10)))
        rc = run(["-i", path])
        err = rc.stderr.decode(errors="replace")
        print(f"{kind}: exit {rc.returncode}, stderr: {err.strip()}")
        check(rc.returncode == 3, f"exit {rc.returncode}, want 3")
        check("No space left on device" in err and "doc.txt" in err,
              "stderr should name the file and say 'No space left on device'")
        with open(path, "rb") as f:
            check(f.read() == orig, "the original changed")
        check(not temps(mnt, "doc.txt"), f"temp file left: {temps(mnt, 'doc.txt')}")
        check(sorted(os.listdir(mnt)) in (["doc.txt", "filler"], ["doc.txt", "filler", "lost+found"]),
              f"unexpected files: {os.listdir(mnt)}")
    finally:
        subprocess.run(["umount", mnt], capture_output=True)
        if os.path.exists(mnt + ".img"):
            os.remove(mnt + ".img")
    return 0


# ---------------------------------------------------------------- signals

def big_file(path, mb):
    """mb MiB: mostly clean text with mojibake every few lines."""
    block = (b"plain ASCII text that needs no repair at all, line after line\n" * 7 + MOJI_LINE)
    block = block * 256
    with open(path, "wb") as f:
        for _ in range((mb << 20) // len(block) + 1):
            f.write(block)
    with open(path, "rb") as f:
        return f.read()


def scenario_signal(tmp, sig):
    path = os.path.join(tmp, "big.txt")
    mb = int(os.environ.get("UNBAKE_FAULT_MB", "50"))
    orig = big_file(path, mb)
    p = subprocess.Popen([UNBAKE, "-i", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    killed_at = None
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and p.poll() is None:
        t = temps(tmp, "big.txt")
        try:
            size = os.path.getsize(t[0]) if t else 0
        except OSError:
            size = 0
        if size >= (1 << 20):            # mid-write: at least 1 MiB of the temp file
            p.send_signal(sig)
            killed_at = size
            break
        time.sleep(0.005)
    p.communicate(timeout=300)
    with open(path, "rb") as f:
        now = f.read()
    left = temps(tmp, "big.txt")
    name = signal.Signals(sig).name
    if killed_at is None:
        print(f"{name}: unbake finished (exit {p.returncode}) before the temp file reached 1 MiB")
        check(p.returncode == 0, f"exit {p.returncode}")
        check(now == orig.replace(MOJI_LINE, FIXED_LINE), "finished, but the content is not the repaired text")
        check(not left, f"temp file left after a normal run: {left}")
        return 0
    print(f"{name} sent with {killed_at} bytes in the temp file; exit {p.returncode}; "
          f"temp files left: {[os.path.basename(x) for x in left]}")
    check(p.returncode == -sig, f"exit {p.returncode}, want death by {name}")
    check(now == orig, "the original is not intact (partial or replaced)")
    if sig == signal.SIGKILL:
        for t in left:      # acceptable, but must not be the original's inode
            check(not os.path.samefile(t, path), "temp file is the original")
    else:
        check(not left, f"{name}: the temp file was not removed: {left}")
    return 0


# ---------------------------------------------------------------- links, permissions

def scenario_symlink(tmp):
    target = os.path.join(tmp, "target.txt")
    link = os.path.join(tmp, "link.txt")
    with open(target, "wb") as f:
        f.write(MOJI_LINE)
    os.symlink("target.txt", link)
    rc = run(["-i", link])
    check(rc.returncode == 0, f"exit {rc.returncode}: {rc.stderr!r}")
    check(os.path.islink(link) and os.readlink(link) == "target.txt", "the link was replaced")
    with open(target, "rb") as f:
        check(f.read() == FIXED_LINE, "the target was not repaired")
    check(not temps(tmp, "target.txt") and not temps(tmp, "link.txt"), "temp file left")
    dangling = os.path.join(tmp, "dangling.txt")
    os.symlink("nowhere.txt", dangling)
    rc = run(["-i", dangling])
    err = rc.stderr.decode(errors="replace")
    check(rc.returncode == 3, f"dangling link: exit {rc.returncode}, want 3")
    check("dangling.txt" in err and "No such file or directory" in err, f"dangling link: stderr {err!r}")
    check(os.path.islink(dangling) and not os.path.exists(os.path.join(tmp, "nowhere.txt")),
          "dangling link: something was created")
    return 0


def nobody_can_run():
    """as_nobody(), or None when that user cannot even run the binary
    (e.g. the build tree is not readable by others)."""
    pre = as_nobody()
    if pre is None:
        return None
    r = subprocess.run(pre + [UNBAKE, "--version"], capture_output=True)
    return pre if r.returncode == 0 else None


def scenario_readonly(tmp):
    pre = nobody_can_run()
    if pre is None:
        print("SKIP: cannot run unbake as nobody")
        return SKIP
    os.chmod(tmp, 0o777)
    path = os.path.join(tmp, "ro.txt")
    with open(path, "wb") as f:
        f.write(MOJI_LINE)
    os.chmod(path, 0o444)
    r = subprocess.run(pre + [UNBAKE, "-i", path], capture_output=True, timeout=120)
    print(f"read-only file: exit {r.returncode}, stderr {r.stderr!r}")
    # A read-only file is refused with a clear error and left as it is,
    # even though the directory would allow replacing it by rename.
    check(r.returncode == 3, f"exit {r.returncode}")
    check(b"read-only" in r.stderr, f"no clear message: {r.stderr!r}")
    with open(path, "rb") as f:
        check(f.read() == MOJI_LINE, "file changed")
    check(os.stat(path).st_mode & 0o777 == 0o444, "mode changed")
    check(not temps(tmp, "ro.txt"), "temp file left")
    return 0


def scenario_unreadable(tmp):
    pre = nobody_can_run()
    if pre is None:
        print("SKIP: cannot run unbake as a user without root's permissions")
        return SKIP
    os.chmod(tmp, 0o777)
    path = os.path.join(tmp, "secret.txt")
    with open(path, "wb") as f:
        f.write(MOJI_LINE)
    os.chmod(path, 0)
    r = subprocess.run(pre + [UNBAKE, "-i", path], capture_output=True, timeout=120)
    err = r.stderr.decode(errors="replace")
    print(f"unreadable file: exit {r.returncode}, stderr {err.strip()}")
    check(r.returncode == 3, f"exit {r.returncode}, want 3")
    check("secret.txt" in err and "Permission denied" in err, f"stderr {err!r}")
    os.chmod(path, 0o600)
    with open(path, "rb") as f:
        check(f.read() == MOJI_LINE, "the file changed")
    check(not temps(tmp, "secret.txt"), "temp file left")
    return 0


SCENARIOS = {
    "enospc": scenario_enospc,
    "sigkill": lambda tmp: scenario_signal(tmp, signal.SIGKILL),
    "sigterm": lambda tmp: scenario_signal(tmp, signal.SIGTERM),
    "symlink": scenario_symlink,
    "readonly": scenario_readonly,
    "unreadable": scenario_unreadable,
}


def main():
    global UNBAKE
    ap = argparse.ArgumentParser()
    ap.add_argument("--unbake", required=True)
    ap.add_argument("scenario", choices=sorted(SCENARIOS))
    a = ap.parse_args()
    UNBAKE = os.path.abspath(a.unbake)
    tmp = tempfile.mkdtemp(prefix="unbake-faults-")
    try:
        rc = SCENARIOS[a.scenario](tmp)
    except Failure as e:
        print(f"FAIL {a.scenario}: {e}")
        rc = 1
    finally:
        subprocess.run(["umount", os.path.join(tmp, "small")], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
    if rc == 0:
        print(f"ok {a.scenario}")
    sys.exit(rc)


if __name__ == "__main__":
    main()
