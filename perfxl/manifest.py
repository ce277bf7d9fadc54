"""The batch manifest: what perfxl last saw of every workbook in a folder, so a re-run skips the
unchanged ones.

``.perfxl-manifest.json`` in the folder maps each workbook's path (relative, ``/``-separated) to
its size, mtime_ns and sha256 *after* perfxl wrote its result sheets, the perfxl version, the
config digest, the mode and the compact record. A re-run compares size+mtime first (a stat, no
read) and hashes only when those differ — so a file copied with a new mtime but the same bytes is
still recognised. The file is written atomically (temp file + ``os.replace``); a manifest that
cannot be read is treated as empty (everything is redone), never as an error.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from perfxl import __version__

MANIFEST_NAME = ".perfxl-manifest.json"
FORMAT = 1


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fingerprint(path: Path) -> dict | None:
    """size, mtime_ns and sha256 of a file as it is now (None if it vanished)."""
    try:
        st = os.stat(path)
        digest = sha256_file(path)
        st2 = os.stat(path)
    except OSError:
        return None
    if (st.st_size, st.st_mtime_ns) != (st2.st_size, st2.st_mtime_ns):
        return None  # changed while hashing: do not vouch for it
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": digest}


@dataclass
class Manifest:
    """One folder's manifest. ``entries`` maps a relative posix path to its entry dict."""

    root: Path
    entries: dict[str, dict] = field(default_factory=dict)
    dirty: bool = False

    @property
    def path(self) -> Path:
        return self.root / MANIFEST_NAME

    @classmethod
    def load(cls, root: Path) -> Manifest:
        m = cls(Path(root))
        try:
            data = json.loads(m.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return m
        if isinstance(data, dict) and data.get("format") == FORMAT:
            entries = data.get("files")
            if isinstance(entries, dict):
                m.entries = {k: v for k, v in entries.items() if isinstance(v, dict)}
        return m

    def key(self, path: Path) -> str:
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return Path(path).resolve().as_posix()

    def lookup(self, path: Path, *, digest: str, mode: str) -> dict | None:
        """The stored record if ``path`` is unchanged since it was recorded under the same perfxl
        version, config digest and a compatible mode; else None."""
        entry = self.entries.get(self.key(path))
        if not entry or entry.get("version") != __version__ or entry.get("config") != digest:
            return None
        if not _mode_covers(entry.get("mode"), mode):
            return None
        try:
            st = os.stat(path)
        except OSError:
            return None
        if st.st_size != entry.get("size"):
            return None  # a different size is a different content: no need to hash
        if st.st_mtime_ns != entry.get("mtime_ns"):
            try:
                same = sha256_file(path) == entry.get("sha256")
            except OSError:
                return None
            if not same:
                return None
            entry["mtime_ns"] = st.st_mtime_ns  # touched but identical: remember the new mtime
            self.dirty = True
        return entry.get("record")

    def store(self, path: Path, record: dict, *, digest: str, mode: str) -> None:
        fp = record.get("fingerprint")
        key = self.key(path)
        if not fp:
            if self.entries.pop(key, None) is not None:
                self.dirty = True
            return
        self.entries[key] = {"size": fp["size"], "mtime_ns": fp["mtime_ns"], "sha256": fp["sha256"],
                             "version": __version__, "config": digest, "mode": mode,
                             "record": record}
        self.dirty = True

    def forget(self, path: Path) -> None:
        if self.entries.pop(self.key(path), None) is not None:
            self.dirty = True

    def save(self) -> None:
        """Write atomically; a read-only folder is not an error (the next run just redoes work)."""
        if not self.dirty:
            return
        doc = {"format": FORMAT, "perfxl": __version__,
               "files": dict(sorted(self.entries.items()))}
        tmp = self.root / f".perfxl-manifest.{os.getpid()}.perfxl-tmp"
        try:
            with open(tmp, "w", encoding="utf-8", newline="\n") as f:
                json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
            self.dirty = False
        except OSError:
            try:
                tmp.unlink()
            except OSError:
                pass


def _mode_covers(stored: str | None, wanted: str) -> bool:
    """A file written by ``run`` (in place, or as a copy: ``run-copy:DIR``) is also checked; a
    ``check`` record does not mean it was written, nor does a copy mean the original was."""
    return stored == wanted or (wanted == "check" and (stored or "").startswith("run"))
