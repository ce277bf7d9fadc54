"""What ``perfxl serve`` is allowed to do: where it listens, who may use it, how much it accepts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from perfxl.config import Config

LOCAL_HOST = "127.0.0.1"
MB = 1024 * 1024


@dataclass
class Settings:
    """The server's settings (``perfxl serve`` options). Defaults suit one office: a workbook of
    a unit is well under 1 MB, a monthly round is a few dozen workbooks."""

    host: str = LOCAL_HOST
    port: int = 8765
    # the access token a client must present; None: no token (listening on 127.0.0.1 only)
    token: str | None = None
    folder: Path | None = None  # --folder: the shared folder whose last monthly run is shown
    config: Config = field(default_factory=Config)
    jobs: int = 2  # workbooks checked at once (worker processes)
    max_files: int = 20  # workbooks in one upload
    max_file_bytes: int = 10 * MB  # one workbook
    max_upload_bytes: int = 200 * MB  # one upload request as a whole (max_files × the above)
    file_timeout: float = 120.0  # seconds one workbook may take before it is given up
    keep_minutes: float = 60.0  # results can be downloaded this long, then they are deleted
    max_batches: int = 200  # uploads whose results are kept at once (the oldest go first)
    max_waiting: int = 200  # workbooks waiting for a worker before uploads are turned away

    @property
    def needs_token(self) -> bool:
        return self.token is not None


def new_token() -> str:
    """An access token that cannot be guessed (printed in the link the server shows)."""
    return secrets.token_urlsafe(24)
