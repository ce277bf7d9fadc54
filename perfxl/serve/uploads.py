"""The uploaded workbooks and their results, in a private temporary folder, reached by opaque ids.

Nothing from a request ever becomes a path: each upload gets a random id and a folder of its own
under the server's private folder (``tempfile.mkdtemp``: readable by this user only), each
workbook is stored under a name perfxl makes (``工作簿1.xlsx`` …; only the suffix, one of
.xlsx/.xlsm/.xls, is taken from the name the browser sent), and a download names its upload and
file by id, looked up in this store. The name the user gave is kept as text to show and to name
the download. The uploaded copy is deleted as soon as it has been checked; the written result
when the upload expires (:attr:`Settings.keep_minutes`), when too many uploads are kept, and
when the server stops.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from perfxl.discover import WORKBOOK_SUFFIXES

STORED_STEM = "工作簿"
"""The stem of a stored upload: ``工作簿1.xlsx`` (its messages name the user's file instead)."""


@dataclass
class StoredFile:
    """One workbook of an upload: the name the user gave (text only), and what perfxl made."""

    index: int  # 1, 2 … within its upload: the id in a download link
    name: str  # the user's file name, cleaned, for the page and the download (never a path)
    size: int = 0
    source: Path | None = None  # the stored upload (deleted once checked)
    record: dict | None = None  # the per-workbook object of perfxl.result
    refused: str | None = None  # why the file was not checked (Chinese), e.g. too large

    @property
    def stored_name(self) -> str:
        return f"{STORED_STEM}{self.index}{Path(self.name).suffix.lower()}"

    @property
    def output(self) -> Path | None:
        """The workbook with its result sheets, when one was written."""
        out = (self.record or {}).get("output")
        return Path(out) if out else None

    @property
    def download_name(self) -> str:
        """The user's name for the written file: their name, with the result's suffix (an .xls
        gives ``NAME.perfxl.xlsx``)."""
        out = self.output
        if out is None:
            return self.name
        stem = Path(self.name).stem
        return stem + out.name[len(f"{STORED_STEM}{self.index}"):]


@dataclass
class Batch:
    """One upload: its id, when it was made, its folder and its files."""

    id: str
    folder: Path
    created: float = field(default_factory=time.monotonic)
    files: list[StoredFile] = field(default_factory=list)

    @property
    def inbox(self) -> Path:
        return self.folder / "上传"

    @property
    def outbox(self) -> Path:
        return self.folder / "结果"

    def file(self, index: int) -> StoredFile | None:
        return next((f for f in self.files if f.index == index), None)

    @property
    def downloads(self) -> list[StoredFile]:
        return [f for f in self.files if f.output is not None and f.output.is_file()]


class Store:
    """The server's uploads, by id, in one private temporary folder."""

    def __init__(self, keep_seconds: float, max_batches: int):
        self.root = Path(tempfile.mkdtemp(prefix="perfxl-serve-"))
        self.keep_seconds = keep_seconds
        self.max_batches = max_batches
        self._batches: dict[str, Batch] = {}
        self._lock = threading.Lock()

    def new_batch(self) -> Batch:
        self.expire()
        batch_id = secrets.token_urlsafe(16)
        folder = self.root / batch_id  # the id is ours (URL-safe base64), not the request's
        batch = Batch(batch_id, folder)
        batch.inbox.mkdir(parents=True)
        batch.outbox.mkdir()
        with self._lock:
            self._batches[batch_id] = batch
            excess = sorted(self._batches.values(), key=lambda b: b.created)
            excess = excess[: max(0, len(excess) - self.max_batches)]
            for old in excess:
                self._drop(old)
        return batch

    def get(self, batch_id: str) -> Batch | None:
        """The upload of this id, if it is still kept (any other string: None)."""
        self.expire()
        with self._lock:
            return self._batches.get(batch_id)

    def expire(self) -> None:
        now = time.monotonic()
        with self._lock:
            for batch in [b for b in self._batches.values()
                          if now - b.created > self.keep_seconds]:
                self._drop(batch)

    def _drop(self, batch: Batch) -> None:
        self._batches.pop(batch.id, None)
        shutil.rmtree(batch.folder, ignore_errors=True)

    def close(self) -> None:
        """Delete every upload and result (the server stops)."""
        with self._lock:
            self._batches.clear()
        shutil.rmtree(self.root, ignore_errors=True)


def clean_name(raw: str | None, index: int) -> str:
    """The user's file name as text to show: its last path component, without control
    characters, at most 120 characters; ``文件N`` when nothing is left."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".")
    if len(name) > 120:
        suffix = Path(name).suffix[:10]
        name = name[: 120 - len(suffix)] + suffix
    return name or f"文件{index}"


def accepted_suffix(name: str) -> bool:
    return Path(name).suffix.lower() in WORKBOOK_SUFFIXES


def shown(text: str | None, f: StoredFile) -> str | None:
    """A sentence of the runner about the stored file, naming the user's file instead."""
    if text is None:
        return None
    return text.replace(f.stored_name, f.name)
