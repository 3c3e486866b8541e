"""unbake: repair mojibake (text decoded with the wrong character encoding).

A thin Python layer over libunbake, the C library of this repository::

    >>> import unbake
    >>> unbake.repair("cafÃ© crÃ¨me")
    'café crème'
    >>> [(f["before"], f["after"], f["hypothesis"]) for f in unbake.explain("cafÃ©")]
    [('Ã©', 'é', 'utf-8>cp1252')]

Keyword options (all optional, same meaning as ``unbake_options`` in
``unbake.h`` and the CLI flags):

``codecs``          str or None: wrong codecs to consider, comma-separated
                    (``"cp1252,gbk"``); None means all (see :func:`codecs`)
``max_layers``      int >= 1: stacked layers undone at one place (default 3)
``min_confidence``  float in [0, 1]: repairs below it are not applied (0.5)
``hole_replacement`` one character written for an undecidable lost byte
                    (default U+FFFD)
``window``          int, bytes of context decided over at once (default 1 MiB)
``no_guess``        bool: write ``hole_replacement`` instead of guessing lost bytes
``keep_invalid``    bool: leave bytes that are not UTF-8 as they are instead of
                    decoding them from a legacy encoding
``report_damage``   bool: report irrecoverable damage in explain() (default True)

A bad option raises ``ValueError`` (bad value) or ``TypeError`` (wrong type or
unknown name); an allocation failure raises ``MemoryError``. The GIL is
released while the engine runs, so threads repair in parallel.

Text crosses into C as UTF-8. Bytes that are not UTF-8 and are kept (only with
``keep_invalid=True``) come back as lone surrogates (the ``surrogateescape``
error handler, like ``os.fsdecode``); ``result.encode("utf-8",
"surrogateescape")`` gives the exact bytes the C library wrote. A ``str``
argument is encoded with the same handler.

Fix records are dicts with the keys ``kind`` ("repair", "irrecoverable" or
"decoded"), ``in_offset``, ``in_len``, ``out_offset``, ``out_len``,
``before``, ``after``, ``hypothesis``, ``layers``, ``guessed_bytes``,
``lost_chars``, ``confidence`` and ``detail`` (str or None). **Offsets and
lengths are in bytes of UTF-8**, as in the C API, not in str indices:
``text.encode("utf-8", "surrogateescape")[f["in_offset"]:][:f["in_len"]]``
is the span ``f["before"]``.
"""

from ._unbake import (LIBRARY_VERSION, codecs, library_version,
                      repair_bytes_explain, repair_explain)
from ._unbake import repair as _repair
from ._unbake import repair_bytes as _repair_bytes

__all__ = ["repair", "repair_bytes", "explain", "explain_bytes",
           "repair_explain", "repair_bytes_explain", "codecs",
           "library_version", "__version__"]

__version__ = "0.1.0"


def repair(text, **options):
    """Return ``text`` (a str) with its mojibake repaired.

    Correct text comes back unchanged. See the module docstring for options.
    """
    return _repair(text, **options)


def repair_bytes(data, **options):
    """Repair any bytes-like object and return the result as a str.

    ``data`` may hold any bytes. Bytes that are not UTF-8 are treated as the
    C library treats them: decoded from a legacy encoding (a "decoded" fix
    record), or, when left as they are (always with ``keep_invalid=True``),
    returned as lone surrogates U+DC80..U+DCFF (``surrogateescape``), so that
    ``result.encode("utf-8", "surrogateescape")`` is exactly the C output.
    """
    return _repair_bytes(data, **options)


def explain(text, **options):
    """Return the list of fix records (dicts) that :func:`repair` would apply.

    Use :func:`repair_explain` to get the repaired text and the records from
    one pass.
    """
    return repair_explain(text, **options)[1]


def explain_bytes(data, **options):
    """Like :func:`explain`, for a bytes-like object."""
    return repair_bytes_explain(data, **options)[1]
