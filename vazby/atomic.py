"""Files appear whole or not at all: written under a temporary name beside the target, then
renamed over it.

A build killed mid-write, or a full disk, used to leave a truncated graph where the previous
good file had been. Every writer of vazby writes through :func:`atomic_path`: the previous
file stays untouched until the new one is complete and on disk. Temporaries left by a
process that was killed are removed the next time the same file is written.
"""

from __future__ import annotations

import errno
import glob
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from .errors import VazbyError

__all__ = [
    "TEMPORARY_MARK",
    "atomic_path",
    "temporary_for",
    "clean_stale",
    "os_advice",
    "write_error",
    "atomic",
]

#: Part of every temporary's name, before the target's own ending (kept for writers that
#: choose the format from it).
TEMPORARY_MARK = ".vazby-part"

F = TypeVar("F", bound=Callable[..., Any])


def temporary_for(path: Path, pid: int | None = None) -> Path:
    """The temporary name this process writes ``path`` under: hidden, in the same folder
    (so the rename stays on one file system), with the process id and the same ending.

    Examples
    --------
    >>> temporary_for(Path("out/graph.ttl"), 42).as_posix()
    'out/.graph.ttl.42.vazby-part.ttl'
    """
    return path.with_name(
        f".{path.name}.{os.getpid() if pid is None else pid}{TEMPORARY_MARK}{path.suffix}"
    )


def clean_stale(path: Path) -> list[Path]:
    """Remove the temporaries of ``path`` whose writing process no longer runs."""
    removed = []
    pattern = f".{glob.escape(path.name)}.*{TEMPORARY_MARK}*"
    for candidate in path.parent.glob(pattern):
        pid = candidate.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            try:
                candidate.unlink()
            except OSError:
                continue
            removed.append(candidate)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def os_advice(exc: OSError) -> str:
    """What to do about an error of the operating system, in a few words."""
    return {
        errno.ENOSPC: "the disk is full: free some space and run the command again",
        errno.EDQUOT: "the disk quota is used up: free some space and run the command again",
        errno.EROFS: "the folder is on a read-only file system: choose another output",
        errno.EACCES: "no permission: choose another file or folder, or change its permissions",
        errno.EPERM: "no permission: choose another file or folder, or change its permissions",
        errno.ENOENT: "the folder does not exist: create it or choose another output",
        errno.ENOTDIR: "a part of the path is a file, not a folder: choose another path",
        errno.EISDIR: "that is a folder: give a file name",
    }.get(exc.errno or 0, "check the path and the disk, then run the command again")


def write_error(path: str | Path, exc: OSError, what: str = "write") -> VazbyError:
    """A :class:`VazbyError` naming ``path``, what the operating system said and what to do."""
    reason = exc.strerror or str(exc)
    return VazbyError(
        f"{path}: cannot {what} ({reason}): {os_advice(exc)}; any previous file is unchanged"
    )


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Give a temporary path to write; when the block ends without an error, move it over
    ``path`` (flushed to disk first). On any error the temporary is removed and ``path`` is
    as it was; an :class:`OSError` becomes a :class:`VazbyError` naming ``path``.
    """
    target = Path(path)
    clean_stale(target)
    temporary = temporary_for(target)
    try:
        yield temporary
        _sync(temporary)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise write_error(target, exc) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _sync(path: Path) -> None:
    """Flush ``path`` to the disk, so a crash after the rename cannot leave it empty."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic(writer: F) -> F:
    """Make ``writer(obj, path, …)`` write ``path`` through :func:`atomic_path`."""

    @wraps(writer)
    def write(obj: Any, path: str | Path, *args: Any, **kwargs: Any) -> Any:
        with atomic_path(path) as temporary:
            result = writer(obj, temporary, *args, **kwargs)
        return Path(path) if result == temporary else result

    return write  # type: ignore[return-value]
