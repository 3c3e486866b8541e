"""Build the unbake Python module (a CPython C extension over libunbake).

The extension links the static library that the CMake build makes
(``libunbake.a``, compiled with -fPIC), so build the C library first::

    cmake -S . -B build && cmake --build build
    python3 -m venv --system-site-packages venv
    venv/bin/pip install --no-build-isolation bindings/python

Where the library is looked for, in order:

* ``UNBAKE_BUILD_DIR``: a CMake build directory holding ``libunbake.a``
  (the header comes from the source tree next to this file, or from
  ``UNBAKE_INCLUDE_DIR``);
* ``UNBAKE_PREFIX``: an install prefix (``cmake --install build --prefix P``),
  using ``P/include/unbake.h`` and ``P/lib*/libunbake.a``;
* ``build/`` at the root of this repository (the default).

No network access and no dependency other than setuptools is needed.
"""

import glob
import os
import sys

from setuptools import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))


def find_library():
    """Return (include_dir, static_library_path)."""
    candidates = []
    prefix = os.environ.get("UNBAKE_PREFIX")
    build = os.environ.get("UNBAKE_BUILD_DIR")
    if build:
        include = os.environ.get("UNBAKE_INCLUDE_DIR", os.path.join(REPO, "include"))
        candidates.append((include, [os.path.join(build, "libunbake.a")]))
    elif prefix:
        include = os.environ.get("UNBAKE_INCLUDE_DIR", os.path.join(prefix, "include"))
        libs = sorted(glob.glob(os.path.join(prefix, "lib*", "libunbake.a")) +
                      glob.glob(os.path.join(prefix, "lib", "*", "libunbake.a")))
        candidates.append((include, libs))
    else:
        include = os.environ.get("UNBAKE_INCLUDE_DIR", os.path.join(REPO, "include"))
        candidates.append((include, [os.path.join(REPO, "build", "libunbake.a")]))
    for include, libs in candidates:
        for lib in libs:
            if os.path.isfile(lib) and os.path.isfile(os.path.join(include, "unbake.h")):
                return include, lib
    sys.exit("unbake: libunbake.a or unbake.h not found; build the C library first "
             "(cmake -S . -B build && cmake --build build) or set UNBAKE_BUILD_DIR "
             "or UNBAKE_PREFIX (see bindings/python/setup.py)")


if any(cmd in sys.argv for cmd in ("build", "build_ext", "bdist_wheel", "install",
                                   "develop", "editable_wheel", "bdist_egg")):
    INCLUDE, LIBRARY = find_library()
else:  # sdist, egg_info, --help ...: no library needed
    INCLUDE, LIBRARY = os.path.join(REPO, "include"), None

ext = Extension(
    "unbake._unbake",
    sources=["unbake/_unbake.c"],
    include_dirs=[INCLUDE],
    extra_objects=[LIBRARY] if LIBRARY else [],
    libraries=["m"],
    extra_compile_args=["-std=c11", "-Wall", "-Wextra"],
    # keep libunbake's symbols private to the extension
    extra_link_args=["-Wl,--exclude-libs,ALL"],
    depends=[LIBRARY] if LIBRARY else [],
)

setup(
    name="unbake",
    version="0.1.0",
    description="Repair mojibake (text decoded with the wrong character encoding)",
    packages=["unbake"],
    ext_modules=[ext],
    python_requires=">=3.8",
    zip_safe=False,
)
