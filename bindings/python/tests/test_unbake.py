"""unittest suite for the unbake Python module.

Run from anywhere with the module installed (not from bindings/python, where
the source package would shadow the installed one):
    python3 -m unittest discover -s bindings/python/tests -v
"""

import sys
import threading
import unittest

import unbake

FIX_KEYS = {"kind", "in_offset", "in_len", "out_offset", "out_len", "before",
            "after", "hypothesis", "layers", "guessed_bytes", "lost_chars",
            "confidence", "detail"}


def bake(text, wrong="cp1252"):
    """Make mojibake the way it happens: UTF-8 bytes read as `wrong`."""
    return text.encode("utf-8").decode(wrong)


class RepairTest(unittest.TestCase):
    def test_cp1252(self):
        self.assertEqual(unbake.repair("cafÃ© crÃ¨me"), "café crème")

    def test_made_with_python_codecs(self):
        for original, wrong in [("Le musée ouvre à neuf heures", "cp1252"),
                                ("Поезд отправляется в семь утра", "cp1251")]:
            baked = bake(original, wrong)
            self.assertNotEqual(baked, original)
            self.assertEqual(unbake.repair(baked), original)

    def test_clean_text_unchanged(self):
        clean = [
            "",
            "plain ASCII, nothing to do.\n",
            "Ein Würstchen für Jürgen, s'il vous plaît — déjà vu.",
            "Съешь же ещё этих мягких французских булок",
            "Ελληνικά: γρήγορη καφέ αλεπού",
            "中文：今天天气很好，我们去公园散步。",
            "日本語のテキストです。ｶﾀｶﾅも大丈夫。",
            "한국어 문장입니다.",
            "עברית ועربية",
            "SÃO PAULO × ÷ ± emoji 🙂",
        ]
        for text in clean:
            with self.subTest(text=text):
                self.assertEqual(unbake.repair(text), text)
                self.assertEqual(unbake.explain(text), [])

    def test_repair_bytes(self):
        self.assertEqual(unbake.repair_bytes("cafÃ©".encode()), "café")
        self.assertEqual(unbake.repair_bytes(bytearray("cafÃ©".encode())), "café")
        self.assertEqual(unbake.repair_bytes(memoryview("cafÃ©".encode())), "café")
        self.assertEqual(unbake.repair_bytes(b""), "")

    def test_repair_bytes_invalid_utf8(self):
        for data in [b"caf\xe9 \xff\xfe ok\n", b"\x80" * 1000, bytes(range(256)) * 20,
                     b"\xc3", b"\xed\xa0\x80", b"a\x00b"]:
            with self.subTest(data=data[:20]):
                out = unbake.repair_bytes(data)
                self.assertIsInstance(out, str)
                # the result always encodes back (surrogateescape is lossless)
                out.encode("utf-8", "surrogateescape")
                kept = unbake.repair_bytes(data, keep_invalid=True)
                self.assertIsInstance(kept, str)
                self.assertIsInstance(unbake.explain_bytes(data), list)

    def test_keep_invalid_round_trip(self):
        data = b"ok \xff\xfe ok"
        out = unbake.repair_bytes(data, keep_invalid=True)
        self.assertEqual(out.encode("utf-8", "surrogateescape"), data)
        # a str with surrogate escapes goes in the same way
        self.assertEqual(unbake.repair(data.decode("utf-8", "surrogateescape"),
                                       keep_invalid=True), out)

    def test_type_errors(self):
        with self.assertRaises(TypeError):
            unbake.repair(b"bytes")
        with self.assertRaises(TypeError):
            unbake.repair_bytes("str")
        with self.assertRaises(TypeError):
            unbake.repair()


class ExplainTest(unittest.TestCase):
    def test_records(self):
        text = "The cafÃ© and the crÃ¨me."
        repaired, fixes = unbake.repair_explain(text)
        self.assertEqual(repaired, "The café and the crème.")
        self.assertEqual(unbake.explain(text), fixes)
        self.assertGreaterEqual(len(fixes), 1)
        src = text.encode("utf-8")
        dst = repaired.encode("utf-8")
        for f in fixes:
            self.assertEqual(set(f), FIX_KEYS)
            self.assertEqual(f["kind"], "repair")
            self.assertEqual(f["hypothesis"], "utf-8>cp1252")
            self.assertGreaterEqual(f["layers"], 1)
            self.assertTrue(0.0 <= f["confidence"] <= 1.0)
            # offsets are UTF-8 byte offsets into input and output
            self.assertEqual(src[f["in_offset"]:f["in_offset"] + f["in_len"]].decode(),
                             f["before"])
            self.assertEqual(dst[f["out_offset"]:f["out_offset"] + f["out_len"]].decode(),
                             f["after"])
            self.assertEqual(unbake.repair(f["before"]), f["after"])
        joined = "".join(f["before"] for f in fixes)
        self.assertIn("Ã©", joined)

    def test_double_layer(self):
        text = bake(bake("déjà vu"))
        repaired, fixes = unbake.repair_explain(text)
        self.assertEqual(repaired, "déjà vu")
        self.assertTrue(any(f["layers"] >= 2 for f in fixes), fixes)

    def test_irrecoverable_reported(self):
        # 锟斤拷 cannot be undone; it is reported (as repaired-to-U+FFFD or as
        # irrecoverable damage), never silently passed over
        text = "锟斤拷锟斤拷 hello"
        fixes = unbake.explain(text)
        self.assertTrue(fixes)
        for f in fixes:
            self.assertIn(f["before"], text)
            self.assertIn(f["kind"], ("repair", "irrecoverable"))
        quiet = unbake.explain(text, report_damage=False)
        self.assertFalse(any(f["kind"] == "irrecoverable" for f in quiet))


class OptionsTest(unittest.TestCase):
    def test_valid_options(self):
        text = "cafÃ©"
        self.assertEqual(unbake.repair(text, codecs="cp1252"), "café")
        self.assertEqual(unbake.repair(text, codecs=None, max_layers=1,
                                       min_confidence=0.5, hole_replacement="?",
                                       window=4096, no_guess=True,
                                       keep_invalid=False), "café")
        # a codec list without cp1252 / latin-1 cannot explain this damage
        self.assertEqual(unbake.repair(text, codecs="gbk"), text)

    def test_min_confidence_above_everything(self):
        # not an error; just fewer repairs (never more)
        self.assertIn(unbake.repair("cafÃ©", min_confidence=1), ("café", "cafÃ©"))

    def test_invalid_values(self):
        bad = [dict(codecs="no-such-codec"), dict(codecs="cp1252,bogus"),
               dict(max_layers=0), dict(max_layers=-3),
               dict(min_confidence=-0.1), dict(min_confidence=1.5),
               dict(min_confidence=float("nan")),
               dict(hole_replacement=""), dict(hole_replacement="ab"),
               dict(hole_replacement="\ud800"),
               dict(window=10), dict(window=2 ** 40)]
        for kw in bad:
            with self.subTest(**{k: repr(v) for k, v in kw.items()}):
                with self.assertRaises(ValueError):
                    unbake.repair("cafÃ©", **kw)
                with self.assertRaises(ValueError):
                    unbake.explain_bytes(b"x", **kw)

    def test_invalid_types(self):
        bad = [dict(codecs=3), dict(max_layers="3"), dict(max_layers=2.0),
               dict(min_confidence="0.5"), dict(hole_replacement=63),
               dict(window="big"), dict(no_such_option=1)]
        for kw in bad:
            with self.subTest(**{k: repr(v) for k, v in kw.items()}):
                with self.assertRaises(TypeError):
                    unbake.repair("x", **kw)

    def test_codecs_listing(self):
        names = unbake.codecs()
        self.assertIn("cp1252", names)
        self.assertIn("gbk", names)
        self.assertEqual(unbake.repair("cafÃ©", codecs=",".join(names)), "café")
        self.assertEqual(unbake.library_version(), unbake.LIBRARY_VERSION)


class LeakTest(unittest.TestCase):
    def test_no_growth(self):
        # a leaked record, string or error object per call would show up in
        # tracemalloc (Python objects) and as a changed reference count
        import gc
        import tracemalloc
        text = "The cafÃ© and the crÃ¨me."
        data = text.encode()

        def rounds(n):
            for _ in range(n):
                unbake.repair_explain(text)
                unbake.repair_bytes_explain(data, hole_replacement="?")
                try:
                    unbake.repair(text, codecs="bogus")
                except ValueError:
                    pass

        rounds(100)
        gc.collect()
        refs = (sys.getrefcount(text), sys.getrefcount(data))
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            rounds(2000)
            gc.collect()
            grown = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        self.assertLess(grown, 64 * 1024)  # a leak would be > 1 MB
        self.assertEqual((sys.getrefcount(text), sys.getrefcount(data)), refs)


class ThreadTest(unittest.TestCase):
    def test_four_threads(self):
        inputs = [bake("Le musée ouvre à neuf heures, déjà. ") * 300,
                  bake("Поезд отправляется в семь утра. ", "cp1251") * 300,
                  "clean text, nothing to do. " * 300,
                  bake("Ein Würstchen für Jürgen. ") * 300]
        expected = [unbake.repair(t) for t in inputs]
        results = {}
        errors = []

        def work(i):
            try:
                for _ in range(5):
                    out = unbake.repair(inputs[i])
                    fixes = unbake.explain(inputs[i])
                    results.setdefault(i, []).append((out, len(fixes)))
            except BaseException as e:  # reported in the main thread
                errors.append(e)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        for i in range(4):
            n_fixes = len(unbake.explain(inputs[i]))
            self.assertEqual(results[i], [(expected[i], n_fixes)] * 5)
        self.assertEqual(expected[0], "Le musée ouvre à neuf heures, déjà. " * 300)


if __name__ == "__main__":
    unittest.main()
