"""Replacing a user's file safely: atomically, only if unchanged, never while it is open.

The new content goes to a temporary file in the SAME folder (so ``os.replace`` is an atomic
rename on one volume), is flushed to disk, and replaces the original only if the original is
still exactly what was read (size, mtime and bytes) and no Excel/WPS/LibreOffice owner file
has appeared. A crash or kill at any moment therefore leaves the old file or the new one —
never a half-written one; the temporary leftovers of a killed run are removed by the next run.
The temporary file is fsynced once before the replace (so the name can never point at unwritten
data); the folder is not fsynced as well — after a power cut the rename may be lost, which leaves
the old file, still whole, and the next run simply redoes it.

Backups (``--backup``) go to a ``.perfxl备份`` folder beside the workbook, one timestamped copy
per run (``名称.20261126-070102.xlsx``). A folder starting with a dot is skipped when perfxl
searches folders for workbooks, so backups are never checked or written into themselves; a
``名称.bak.xlsx`` beside the original would be.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from perfxl.discover import TEMP_MARK

BACKUP_DIR = ".perfxl备份"


class SourceChanged(Exception):
    """The source file changed after perfxl read it; nothing was replaced."""


class FileLocked(Exception):
    """The file is open in Excel/WPS/LibreOffice (or otherwise not writable); nothing written."""


@dataclass(frozen=True)
class Snapshot:
    """The file as read: its size and mtime, and its bytes — what a later change is detected
    against (:func:`unchanged`)."""

    path: Path
    size: int
    mtime_ns: int
    data: bytes = field(repr=False, compare=False)


def read_snapshot(path: Path) -> Snapshot:
    before = os.stat(path)
    data = Path(path).read_bytes()
    after = os.stat(path)
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or \
            len(data) != after.st_size:
        raise SourceChanged(f"{Path(path).name} 在读取时正在被修改")
    return Snapshot(Path(path), after.st_size, after.st_mtime_ns, data)


def unchanged(snap: Snapshot) -> bool:
    """The file on disk is still the one snapshotted (cheap stat first, then its bytes: the
    snapshot holds them, so they are compared as they are, not through a hash of each)."""
    try:
        st = os.stat(snap.path)
    except OSError:
        return False
    if (st.st_size, st.st_mtime_ns) != (snap.size, snap.mtime_ns):
        return False
    try:
        return snap.path.read_bytes() == snap.data
    except OSError:
        return False


# --------------------------------------------------------------------------- locks


def owner_files(path: Path) -> list[Path]:
    """Owner/lock files that say the workbook is open: Excel/WPS ``~$name`` (Excel replaces the
    first two characters for long names, so ``~$`` + name[2:] too) and LibreOffice
    ``.~lock.name#``."""
    path = Path(path)
    folder = os.fspath(path.parent)
    names = {"~$" + path.name, "~$" + path.name[2:], ".~lock." + path.name + "#"}
    return [path.with_name(n) for n in sorted(names) if os.path.exists(os.path.join(folder, n))]


def lock_message(path: Path) -> str | None:
    """Why the file must not be written now (Chinese), or None."""
    path = Path(path)
    found = owner_files(path)
    if found:
        return (f"{path.name} 正在被 Excel/WPS 打开（发现 {found[0].name}），已跳过未写入；"
                "请关闭该文件后重新运行")
    if path.exists():
        try:
            with open(path, "r+b"):  # on Windows this fails while Excel holds the file
                pass
        except PermissionError:
            return f"{path.name} 正被其他程序占用或没有写入权限，已跳过未写入；请关闭该文件后重新运行"
        except OSError as e:
            return f"{path.name} 无法打开写入（{e.strerror or e}），已跳过"
    return None


# --------------------------------------------------------------------------- temp files


def temp_path(target: Path) -> Path:
    return Path(target).with_name(f"{Path(target).name}{TEMP_MARK}-{secrets.token_hex(4)}")


def clean_leftovers(target: Path, listing: list[str] | None = None) -> list[Path]:
    """Remove temporary files an interrupted earlier run left beside ``target``. ``listing``:
    the folder's file names when the caller has listed it already (a batch lists each folder
    once, not once per workbook in it)."""
    target = Path(target)
    prefix = target.name + TEMP_MARK
    removed = []
    try:
        # names only (os.listdir), no Path per entry: this runs once per file of a batch over a
        # folder of hundreds of workbooks
        names = [n for n in (os.listdir(target.parent) if listing is None else listing)
                 if n.startswith(prefix)]
    except OSError:
        return removed
    for name in names:
        p = target.parent / name
        if p.is_file():
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                pass
    return removed


def _before_replace(tmp: Path, target: Path) -> None:
    """Hook between the durable temp write and the replace (fault-injection tests patch it)."""


@dataclass(frozen=True)
class Written:
    """What :func:`atomic_write` put in place: the temporary file's stat after it was closed
    (``os.replace`` keeps size and mtime) and the bytes, so the caller can fingerprint the new
    file without reading it back."""

    path: Path
    size: int
    mtime_ns: int
    data: bytes = field(repr=False, compare=False)

    def fingerprint(self) -> dict | None:
        """size, mtime_ns and sha256 of the file as written, if the file on disk still has the
        size and mtime of what was written (else None: something touched it since)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        if (st.st_size, st.st_mtime_ns) != (self.size, self.mtime_ns):
            return None
        return {"size": self.size, "mtime_ns": self.mtime_ns,
                "sha256": hashlib.sha256(self.data).hexdigest()}


def atomic_write(target: Path, data: bytes, *, expect: Snapshot | None = None) -> Written:
    """Write ``data`` to ``target`` atomically. With ``expect``, replace only if the current
    file is still that snapshot (else :class:`SourceChanged`, nothing touched)."""
    target = Path(target)
    if target.is_symlink():  # replace the file the link points to, keep the link
        target = Path(os.path.realpath(target))
    tmp = temp_path(target)
    placed = False
    try:
        with open(tmp, "xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())  # the one fsync: the data is on disk before any rename
        try:
            shutil.copymode(target, tmp)
        except OSError:  # no target yet (a new file), or a share that keeps no modes
            pass
        st = os.stat(tmp)  # after close: a share may set the mtime when the handle closes
        if expect is not None:
            if not unchanged(expect):
                raise SourceChanged(f"{target.name} 在 perfxl 运行期间被修改，未覆盖")
            reason = lock_message(target)
            if reason:
                raise FileLocked(reason)
        _before_replace(tmp, target)
        try:
            os.replace(tmp, target)
        except PermissionError as e:  # Windows: the target is open elsewhere
            raise FileLocked(f"{target.name} 正被其他程序占用，未写入；请关闭该文件后重新运行") from e
        placed = True
        return Written(target, st.st_size, st.st_mtime_ns, data)
    finally:
        if not placed and tmp.exists():
            try:
                tmp.unlink()
            except OSError:
                pass


# --------------------------------------------------------------------------- destinations


def backup(snap: Snapshot, when: datetime | None = None) -> Path:
    """Keep the file as read in ``.perfxl备份/名称.YYYYmmdd-HHMMSS.xlsx`` beside it."""
    folder = snap.path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    dest = free_name(folder, f"{snap.path.stem}.{stamp}{snap.path.suffix}")
    atomic_write(dest, snap.data)
    return dest


def write_new(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as a NEW file ``folder/name`` (or ``name(2)`` …) and return its path. It
    never replaces a file, not even one another worker creates at the same moment: the name is
    claimed by hard-linking the durable temp file (no-clobber); where hard links are not
    supported, by checking just before the rename."""
    folder = Path(folder)
    while True:
        dest = free_name(folder, name)
        tmp = temp_path(dest)
        try:
            with open(tmp, "xb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            try:
                os.link(tmp, dest)
            except FileExistsError:
                continue  # taken meanwhile by another worker: try the next free name
            except OSError:
                if dest.exists():
                    continue
                os.replace(tmp, dest)
            return dest
        finally:
            if tmp.exists():
                try:
                    tmp.unlink()
                except OSError:
                    pass


def free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name(2)``, ``name(3)`` … before the suffix when taken. The name is
    reduced to its last component, so it can never point outside ``folder``."""
    folder = Path(folder)
    base = Path(name.replace("\\", "/")).name
    if base in ("", ".", ".."):
        raise ValueError(f"无效的文件名：{name!r}")
    stem, suffix = _split_suffix(base)
    candidate, k = folder / base, 2
    while candidate.exists():
        candidate = folder / f"{stem}({k}){suffix}"
        k += 1
    if candidate.resolve().parent != folder.resolve():
        raise ValueError(f"文件名 {name!r} 会写到输出文件夹之外")
    return candidate


def _split_suffix(name: str) -> tuple[str, str]:
    low = name.lower()
    for multi in (".perfxl.xlsx",):
        if low.endswith(multi):
            return name[: -len(multi)], name[-len(multi):]
    p = Path(name)
    return p.stem, p.suffix
