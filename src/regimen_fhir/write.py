"""Write stage: atomic, deterministic bytes, nothing half-written even when the process is killed.

Where the file system allows it (Linux O_TMPFILE), the bytes go to an unnamed
file in the target folder that only gets a name once complete: a run killed at
any moment, even by SIGKILL, leaves no temp file behind. Elsewhere a named temp
file in the same folder is used and removed on any exception; `sweep_temp`
clears what a SIGKILL may leave (the next run calls it).
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import tempfile
from pathlib import Path

TEMP_PREFIX = ".rf-"
TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"^\.rf-.*\.tmp$")
_UMASK = os.umask(0)  # read once at import (single-threaded) so that files get the usual modes
os.umask(_UMASK)


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def dumps_bytes(data) -> bytes:
    """`dumps(data)` as UTF-8 bytes, fast: orjson writes the same layout (2-space indent, UTF-8,
    keys in insertion order) about 70 times faster; values it does not take fall back to json."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - a dependency, but the writer must not depend on speed
        return dumps(data).encode("utf-8")
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
    except TypeError:  # e.g. an integer wider than 64 bits
        return dumps(data).encode("utf-8")


def _temp_name(path: Path) -> Path:
    return path.parent / f"{TEMP_PREFIX}{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"


def _publish_unnamed(fd: int, path: Path) -> None:
    """Give the unnamed O_TMPFILE file its name. A new file is linked straight to its name: one step, so a run
    killed at any moment leaves the file complete or absent and no temp name behind. Over an existing file
    (linkat never replaces) it is linked to a temp name and renamed over the target; a kill between the two
    leaves that temp name, which the next run sweeps."""
    # linkat(..., AT_SYMLINK_FOLLOW) on the /proc link names the open file itself; Python only
    # calls linkat (not link, which would try to link the /proc symlink) when a dir fd is given.
    # The source path is absolute, so linkat ignores its dir fd: the file's own fd serves, and no
    # folder has to be opened per file.
    try:
        os.link(f"/proc/self/fd/{fd}", path, src_dir_fd=fd, follow_symlinks=True)
        return
    except FileExistsError:
        pass
    tmp = _temp_name(path)
    os.link(f"/proc/self/fd/{fd}", tmp, src_dir_fd=fd, follow_symlinks=True)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


_O_TMPFILE = getattr(os, "O_TMPFILE", None)
_tmpfile_ok: dict[str, bool] = {}


def _open_unnamed(folder: Path) -> int | None:
    key = str(folder)
    if _O_TMPFILE is None or _tmpfile_ok.get(key) is False:
        return None
    try:
        fd = os.open(folder, _O_TMPFILE | os.O_RDWR | getattr(os, "O_CLOEXEC", 0), 0o666)  # less the umask
    except OSError:
        _tmpfile_ok[key] = False
        return None
    _tmpfile_ok[key] = True
    return fd


@contextlib.contextmanager
def atomic_writer(path: Path, sync: bool = True):
    """A binary file handle whose content appears at `path` only when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _open_unnamed(path.parent)
    if fd is not None:
        fh = os.fdopen(fd, "w+b")
        try:
            yield fh
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
            try:
                _publish_unnamed(fh.fileno(), path)
            except OSError:  # /proc not mounted, or linking refused: publish through a named temp file
                fh.seek(0)
                _write_named(path, fh.read(), sync)
        finally:
            fh.close()
        return
    with _named_temp(path, sync) as fh:
        yield fh


@contextlib.contextmanager
def _named_temp(path: Path, sync: bool):
    """The fallback: a named temp file in the same folder, renamed over `path` when complete."""
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _write_named(path: Path, data: bytes, sync: bool) -> None:
    with _named_temp(path, sync) as fh:
        fh.write(data)


def atomic_write_bytes(path: Path, data: bytes, sync: bool = True) -> None:
    with atomic_writer(path, sync) as fh:
        fh.write(data)


def atomic_write_text(path: Path, text: str, sync: bool = True) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), sync)


def atomic_write_json(path: Path, data, sync: bool = True) -> None:
    atomic_write_text(path, dumps(data), sync)


def sweep_temp(folder: Path) -> list[str]:
    """Remove temp files a killed run of ours left in `folder` (only names this module makes)."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if _TEMP_NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(entry.name)
    return removed
