#!/usr/bin/env python3
"""Compare unbake's codec tables with Python's strict codecs.

For every byte sequence Python decodes (strict) to one code point c --
single bytes 0x80-0xFF, pairs (lead 0x80-0xFF, trail 0x21-0xFF), EUC-JP
8F b2 b3, GB18030 4-byte BMP forms -- the expected encode(c) is Python's
own c.encode(codec) when that decodes back to c (several sequences may give
one c), else the sequence itself; the STRICT decode of the sequence must
give c. The comparison runs in the test binary:

    check_codecs_vs_python.py build/tests/test_codec [codec ...]

Prints mismatches and a per-codec summary; exit status 1 on any mismatch.
"""
import os
import subprocess
import sys
import tempfile

SB = ["cp1252", "latin-1", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255",
      "cp1256", "cp1257", "cp1258", "iso-8859-2", "iso-8859-5", "iso-8859-7",
      "iso-8859-15", "koi8-r", "koi8-u", "cp437", "cp850", "cp866", "mac_roman"]
MB = ["gbk", "gb18030", "big5", "shift_jis", "cp932", "euc-jp", "euc-kr", "cp949"]


def one(codec, b):
    try:
        s = b.decode(codec)
    except UnicodeDecodeError:
        return None
    return s if len(s) == 1 else None


def sequences(codec):
    for x in range(0x80, 0x100):
        yield bytes([x])
    if codec in SB:
        return
    for lead in range(0x80, 0x100):
        if one(codec, bytes([lead])) is not None:
            continue
        for t in range(0x21, 0x100):
            yield bytes([lead, t])
    if codec == "euc-jp":
        for x in range(0xA1, 0xFF):
            for y in range(0xA1, 0xFF):
                yield bytes([0x8F, x, y])
    if codec == "gb18030":
        for i in range(39420):
            yield bytes([0x81 + i // 12600, 0x30 + i // 1260 % 10,
                         0x81 + i // 10 % 126, 0x30 + i % 10])


def main():
    exe = sys.argv[1]
    codecs = sys.argv[2:] or SB + MB
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        for codec in codecs:
            for b in sequences(codec):
                c = one(codec, b)
                if c is None or ord(c) < 0x80:
                    continue
                want = b
                try:
                    e = c.encode(codec)
                    if e.decode(codec) == c:
                        want = e
                except UnicodeError:
                    pass
                f.write("%s %s %x\n" % (codec, want.hex().upper(), ord(c)))
        path = f.name
    try:
        out = subprocess.run([exe, "--check", path], check=True,
                             capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    sys.stdout.write(out)
    bad = [l for l in out.splitlines() if l.startswith(("ENC", "DEC"))]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
