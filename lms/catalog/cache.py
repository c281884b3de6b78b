"""The catalog kept on disk between processes, so that it is built once, not once per worker or command.

Building parses and renders every Markdown and quiz file (seconds; most of a process's start-up).
A build that found no problems is written to `<cache folder>/catalog-<where>.pickle`, `<where>`
naming the content folders, the working directory (display paths are relative to it) and the
URL settings that the catalog's links are built with. The next process (another gunicorn
worker, a `flask lms` command, a restart) loads it instead of building, if its stamp is still
the stamp of everything a build reads:

- every content file below both folders (`fingerprint`: path, size and a hash of the bytes;
  size and modification time for files over HASHED_BYTES), translation overlays, labs and
  images included, so any file added, removed or edited misses the cache;
- the source of every module of the `lms` package (the parser, the renderer, the URL rules),
  the versions of the libraries that parse and render (LIBRARIES), and Python's version.

A file whose stamp differs is ignored and replaced by the next build. A build with problems is
never written: `flask lms check` and the content health page list problems from a fresh build.

Why a signed pickle: the catalog is a graph of frozen dataclasses (courses, modules, parsed and
rendered quizzes, ledgers) that pickle keeps as it is, shared objects included, and loads in a
fraction of the time a build takes; a format of our own would have to follow every field of
every class. Unpickling can run code named in the file, so a file is unpickled only once its
HMAC-SHA256, keyed by the app's SECRET_KEY, verifies: whoever can write to the cache folder but
does not hold the key cannot make the app run anything. The folder is created owner-only (0700)
and the files 0600.

Writes are atomic (a temporary file in the same folder, then a rename), so a reader sees a whole
file or none, and concurrent writers cannot interleave. A file cut short or damaged fails its
signature and is rebuilt. Workers that start together take a lock (`exclusive`) so that one
builds while the others wait and then load its result. A folder that cannot be written (a
read-only file system) only costs the build: nothing is stored, and nothing fails.
"""

from __future__ import annotations

import copyreg
import fcntl
import hashlib
import hmac
import importlib.metadata
import io
import logging
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from .model import Catalog

log = logging.getLogger("lms.catalog")

FORMAT = b"LETP catalog cache 1\n"  # change the digit when the file's layout changes
STAMP_BYTES = SIGNATURE_BYTES = 32  # SHA-256
HASHED_BYTES = 256 * 1024
# Third-party code whose output a catalog holds (Markdown, sanitised HTML, front matter, MathML, URLs).
LIBRARIES = ("Markdown", "nh3", "PyYAML", "latex2mathml", "Flask", "Werkzeug")
LOCK_WAIT_SECONDS = 300.0  # longest wait for another process's build before building anyway


def fingerprint(*folders: str | Path) -> tuple:
    """What every file below `folders` is: its path and size, and the hash of its bytes (a file up to
    HASHED_BYTES: the Markdown and quiz text) or its modification time (a larger one: images).

    Any file added, removed, renamed or edited changes it. Text is hashed, not timed, because file
    times on Linux move in steps of a few milliseconds: a same-size edit right after a build (a
    script, a test) would otherwise go unseen. The real course hashes in about a millisecond.
    """
    entries = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")) if Path(folder).is_dir() else ():
            try:
                info = path.stat()
                if not path.is_file():
                    continue
                what = hashlib.blake2b(path.read_bytes()).digest() if info.st_size <= HASHED_BYTES else info.st_mtime_ns
            except OSError:  # removed while we looked: the next look sees the change
                continue
            entries.append((str(path), info.st_size, what))
    return tuple(entries)


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the code that builds catalogs: every module of `lms`, LIBRARIES' versions, Python's.

    Once per process: the code a process runs does not change under it, whatever happens on disk.
    Hashing the whole package (about 150 files, a few milliseconds) rather than a list of the
    modules a build uses means no list to keep up to date; any code change costs one build.
    """
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py*")):
        # Sources, and the compiled modules of a deployment shipped without them (not __pycache__'s copies).
        if path.suffix == ".py" or (path.suffix == ".pyc" and path.parent.name != "__pycache__"):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    versions = []
    for name in LIBRARIES:
        try:
            versions.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            versions.append((name, "absent"))
    digest.update(repr((sys.version, versions)).encode())
    return digest.hexdigest()


def stamp_of(where: tuple, files: tuple) -> bytes:
    """The stamp a cached catalog must carry to be used: `where` it was built for and with what."""
    return hashlib.sha256(repr((FORMAT, code_version(), where, files)).encode()).digest()


def _mapping(items: dict) -> MappingProxyType:
    return MappingProxyType(items)


def _reduce_mapping(mapping: MappingProxyType) -> tuple:
    # A read-only mapping pickles as the dict it shows (pickle cannot name the mappingproxy type).
    return _mapping, (dict(mapping),)


def serialise(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table.copy()  # this pickler's own, not the process's
    pickler.dispatch_table[MappingProxyType] = _reduce_mapping
    pickler.dump(catalog)
    return buffer.getvalue()


class DiskCache:
    """Catalogs stored in `folder`, signed with a key derived from `secret` (the app's SECRET_KEY)."""

    def __init__(self, folder: str | Path, secret: str | bytes):
        self.folder = Path(folder)
        raw = secret.encode() if isinstance(secret, str) else secret
        self._key = hmac.new(raw, b"LETP catalog cache signature", hashlib.sha256).digest()

    def path(self, where: tuple) -> Path:
        return self.folder / f"catalog-{hashlib.sha256(repr(where).encode()).hexdigest()[:32]}.pickle"

    def _sign(self, head: bytes, payload: bytes) -> bytes:
        mac = hmac.new(self._key, head, hashlib.sha256)
        mac.update(payload)
        return mac.digest()

    def load(self, where: tuple, stamp: bytes) -> Catalog | None:
        """The catalog stored for `where` if it carries `stamp` and its signature verifies; else None."""
        path = self.path(where)
        try:
            with path.open("rb") as f:
                head = f.read(len(FORMAT) + STAMP_BYTES)
                if head != FORMAT + stamp:
                    return None  # another version of the content or the code: rebuilt, then replaced
                signature = f.read(SIGNATURE_BYTES)
                payload = f.read()
        except OSError:
            return None
        if not hmac.compare_digest(signature, self._sign(head, payload)):
            log.warning("%s: the cached catalog's signature does not verify (cut short, damaged, or signed with "
                        "another SECRET_KEY); it is ignored and rebuilt", path)  # fmt: skip
            return None
        try:
            catalog = pickle.loads(payload)  # noqa: S301 - signed with our key: written by this app
        except Exception:  # a file we signed but cannot read back (e.g. a class since changed shape)
            log.warning("%s: the cached catalog cannot be read back; it is ignored and rebuilt", path, exc_info=True)
            return None
        return catalog if isinstance(catalog, Catalog) else None

    def store(self, where: tuple, stamp: bytes, catalog: Catalog) -> bool:
        """Write the catalog for `where` atomically; False (and a warning) if the folder is not writable."""
        path = self.path(where)
        head = FORMAT + stamp
        payload = serialise(catalog)
        temporary = None
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=f"{path.name}.", suffix=".tmp")  # mode 0600
            with os.fdopen(fd, "wb") as f:
                f.write(head + self._sign(head, payload))
                f.write(payload)
            os.replace(temporary, path)
        except OSError as exc:
            log.warning("cannot write the catalog cache in %s (%s); each process will build the catalog itself. "
                        "Set LMS_CACHE_DIR to a folder this user can write.", self.folder, exc.strerror or exc)  # fmt: skip
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            return False
        return True

    @contextmanager
    def exclusive(self, where: tuple, wait: float = LOCK_WAIT_SECONDS) -> Iterator[bool]:
        """Hold the build lock of `where` (True), or go on without it (False): when the folder cannot be
        written, or after `wait` seconds. The lock only saves work; correctness never depends on it."""
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            lock = self.path(where).with_suffix(".lock").open("a")
        except OSError:
            yield False
            return
        with lock:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    held = True
                    break
                except OSError:
                    if time.monotonic() >= deadline:
                        held = False
                        break
                    time.sleep(0.05)
            try:
                yield held
            finally:
                if held:
                    fcntl.flock(lock, fcntl.LOCK_UN)
