"""A run over many pages: two streaming passes across worker processes, one writer.

1. Glossary pass: every page's glossary terms (definition lists and pop-ups),
   merged in file order into the one glossary every bundle carries.
2. Conversion pass: each page is parsed, mapped, validated and serialised in a
   worker; the main process receives the results in file order and is the only
   one that writes into the output folder, so output-name and canonical-URL
   conflicts are decided in one place, the same way whatever the number of jobs.

Nothing whole-corpus is held: at most a few chunks of pages are in flight and
each result is handed on (and written) as soon as it is its turn. A worker that
dies takes only its own page down. SIGINT/SIGTERM stop the run cleanly: workers
are killed, complete files stay, temp files are removed.
"""
from __future__ import annotations

import collections
import contextlib
import os
import signal
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Iterator

from .pipeline import (ConvertOptions, FileResult, GlossaryMerger, PageOutput, convert_page, glossary_pass,
                       output_name)
from .ndjson import NdjsonWriter
from .write import atomic_write_bytes, sweep_temp

SMALL_BATCH = 4  # fewer pages than this are converted in-process: a pool costs more than it saves


class Interrupted(BaseException):
    """The run was stopped by a signal; `signum` says which. A BaseException, like
    KeyboardInterrupt, so that no per-page `except Exception` can swallow it."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def stop_on_signals():
    """SIGINT and SIGTERM raise `Interrupted` in the main process while the block runs."""

    def handler(signum, _frame):
        raise Interrupted(signum)

    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
            previous[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


# ---- worker side -----------------------------------------------------------------------------

_STATE: dict = {}


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the main process dies, even by SIGKILL."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_init(state: dict) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides what an interrupt does
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    _STATE.clear()
    _STATE.update(state)


def _glossary_chunk(paths: list[Path]) -> list[tuple[str, list]]:
    return [glossary_pass(p) for p in paths]


def _convert_chunk(paths: list[Path]) -> list[PageOutput]:
    return [convert_page(p, _STATE["glossary"], _STATE["conflicts"], _STATE["options"]) for p in paths]


def _crashed(path: Path, phase: str, error: str = "the converter process died while reading this page"):
    if phase == "glossary":
        return ("failed", [])
    return PageOutput(FileResult(file=str(path), kind="unreadable", status="failed", error=error))


def _too_slow(seconds: float) -> str:
    return f"the page took longer than {seconds:g} s to convert and was stopped (--page-timeout)"


class PageTimeout(BaseException):
    """Raised by the alarm in a serial run; a BaseException so no per-page `except Exception` takes it."""


@contextlib.contextmanager
def _alarm(seconds: float | None):
    """In-process time limit (serial runs): SIGALRM interrupts the page between Python steps.
    Worker runs are stopped from outside instead (`_ordered_parallel`), which also ends native code."""
    if not seconds or not hasattr(signal, "setitimer"):
        yield
        return

    def fire(_signum, _frame):
        raise PageTimeout()

    try:
        previous = signal.signal(signal.SIGALRM, fire)
    except ValueError:  # not the main thread: no alarm
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _serial(fn: Callable, phase: str, path: Path, seconds: float | None):
    try:
        with _alarm(seconds):
            return fn(path)
    except PageTimeout:
        return _crashed(path, phase, _too_slow(seconds))


# ---- main side -------------------------------------------------------------------------------


def _ordered_parallel(fn: Callable, phase: str, paths: list[Path], jobs: int, state: dict,
                      page_timeout: float | None = None) -> Iterator:
    """fn(chunk) over chunks of paths in worker processes; yields per-path results in input order.

    With `page_timeout`, a chunk that has been at the head of the line for longer than its pages may
    take is stopped (its pool killed) and its pages, like those of a dead worker, are run one at a time,
    each killed when it overruns: the slow page fails, the others convert."""
    chunk = max(1, min(8, len(paths) // (jobs * 4)))
    window = jobs * 3
    chunks = iter([paths[i:i + chunk] for i in range(0, len(paths), chunk)])
    try:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
    except ValueError:
        ctx = None

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init, initargs=(state,))

    pool = new_pool()
    pending: collections.deque = collections.deque()  # (paths, future)

    def submit(items: list[Path]) -> Future:
        try:
            return pool.submit(fn, items)
        except BrokenProcessPool as exc:  # broke since the last look: fail this future the same way
            failed: Future = Future()
            failed.set_exception(exc)
            return failed

    def refill() -> None:
        while len(pending) < window:
            items = next(chunks, None)
            if items is None:
                return
            pending.append((items, submit(items)))

    def alone(one: Path) -> list:
        """One page on its own, so that a worker's death is this page's and nobody else's."""
        nonlocal pool
        try:
            return submit([one]).result(timeout=page_timeout)
        except BrokenProcessPool:
            _kill(pool)
            pool = new_pool()
            return [_crashed(one, phase)]
        except FutureTimeout:
            _kill(pool)
            pool = new_pool()
            return [_crashed(one, phase, _too_slow(page_timeout))]

    try:
        refill()
        while pending:
            items, future = pending[0]
            try:
                # the head chunk has had at least this long since it became the head; pages of a chunk
                # run one after another, so the chunk may take its pages' time (plus a second of slack)
                outputs = future.result(timeout=page_timeout * len(items) + 1 if page_timeout else None)
            except (BrokenProcessPool, FutureTimeout):
                # A worker died (a crash in a native library, the OOM killer ...) or a chunk overran its
                # time (a page that never ends). Every chunk in flight is suspect: start a fresh pool and run their pages one at a time, in order,
                # so only the culprit fails; then go on in chunks.
                _kill(pool)
                pool = new_pool()
                stalled = [its for its, _ in pending]
                pending.clear()
                for its in stalled:
                    for one in its:
                        yield from alone(one)
                refill()
                continue
            pending.popleft()
            yield from outputs
            refill()
        pool.shutdown(wait=True)  # all done: let the workers exit on their own
    finally:
        _kill(pool)


def _kill(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    results = getattr(pool, "_result_queue", None)  # (shutdown forgets it)
    for p in processes:
        with contextlib.suppress(Exception):
            p.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        with contextlib.suppress(Exception):
            p.join(timeout=5)
    # A worker killed while sending a large result leaves half a message in the result pipe; the pool's manager thread,
    # reading it, would wait for the rest forever, and the interpreter waits for that thread at exit (a stopped batch
    # that never exits). With every worker dead, this process holds the pipe's last write end: closing it ends that
    # read (end of file, which the manager treats as a broken pool). Closed before any new pool's workers are forked, so
    # none of them inherits it.
    writer = getattr(results, "_writer", None)
    if writer is not None and all(not p.is_alive() for p in processes):
        with contextlib.suppress(Exception):
            writer.close()


class Batch:
    """One run: `run()` yields a finished `FileResult` per file, in file order, after writing its bundle."""

    def __init__(self, files: list[Path], options: ConvertOptions, jobs: int | None = None,
                 on_glossary: Callable[[int, int], None] | None = None):
        self.files = files
        self.options = options
        self.jobs = max(1, jobs or default_jobs())
        self.on_glossary = on_glossary
        self._names: dict[str, str] = {}  # output name (lower case) -> file that has it
        self._identities: dict[str, str] = {}  # regimen canonical URL -> file that defines it
        self.glossary: list = []
        self.conflicts: list[str] = []
        self.glossary_seconds = 0.0
        # NDJSON: one file per resource type, streamed, each resource once across all pages
        self.collector = NdjsonWriter(options.out_dir) if options.output_format == "ndjson" else None
        self.ndjson_files: list[str] = []

    @property
    def total(self) -> int:
        return len(self.files)

    def _map(self, fn, phase: str, state: dict, serial: Callable) -> Iterator:
        limit = self.options.page_timeout
        if self.jobs == 1 or len(self.files) < SMALL_BATCH:
            for path in self.files:
                yield _serial(serial, phase, path, limit)
        else:
            yield from _ordered_parallel(fn, phase, self.files, min(self.jobs, len(self.files)), state, limit)

    def run(self) -> Iterator[FileResult]:
        out_dir = self.options.out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        sweep_temp(out_dir)
        try:
            t0 = time.perf_counter()
            merger = GlossaryMerger()
            for done, (kind, terms) in enumerate(self._map(_glossary_chunk, "glossary", {}, glossary_pass), 1):
                merger.add(kind, terms)
                if self.on_glossary:
                    self.on_glossary(done, self.total)
            self.glossary, self.conflicts = merger.result()
            self.glossary_seconds = time.perf_counter() - t0
            state = {"glossary": self.glossary, "conflicts": self.conflicts, "options": self.options}
            serial = lambda p: convert_page(p, self.glossary, self.conflicts, self.options)  # noqa: E731
            for output in self._map(_convert_chunk, "convert", state, serial):
                yield self._write(output)
            if self.collector is not None:
                self.ndjson_files = self.collector.finish()
        finally:
            if self.collector is not None:
                self.collector.discard()  # nothing left to drop after finish(); else the run stopped
            sweep_temp(out_dir)

    def _write(self, output: PageOutput) -> FileResult:
        result = output.result
        if output.mapped is not None and self.collector is not None:
            self.collector.add(output.mapped)
            result.output = "ndjson"  # the file names are known at the end: see `patch_entry`
            return result
        if output.payload is None:
            return result
        name = output_name(Path(result.file))
        owner = self._names.get(name.lower())
        if owner is not None:
            result.status = "failed"
            result.error = f"output name {name} is already used by {owner}; rename one of the pages"
            return result
        if output.identity and output.identity in self._identities:
            result.status = "failed"
            result.error = (f"canonical URL {output.identity} is already defined by "
                            f"{self._identities[output.identity]}; the pages give the same regimen title")
            return result
        t0 = time.perf_counter()
        try:
            # No fsync per bundle: atomicity (complete file or none, even under SIGKILL) comes from the
            # unnamed temp file and the rename; an fsync per page would cost more than converting it.
            atomic_write_bytes(self.options.out_dir / name, output.payload, sync=False)
        except OSError as exc:
            result.status, result.error = "failed", f"cannot write the output {name} ({exc.strerror})"
            return result
        result.timings["write"] = round(time.perf_counter() - t0, 6)
        self._names[name.lower()] = result.file
        if output.identity:
            self._identities[output.identity] = result.file
        result.output = name
        return result

    def patch_entry(self, entry: dict) -> dict:
        """NDJSON: a converted page's report entry gets the file names and the cross-page conflicts."""
        if self.collector is None or entry.get("status") != "converted":
            return entry
        entry["output"] = ", ".join(self.ndjson_files)
        entry["warnings"] = entry["warnings"] + [
            {"severity": "warning", "code": "ndjson-conflict", "message": message,
             "location": entry["file"]} for message in self.collector.conflicts.values()]
        return entry
