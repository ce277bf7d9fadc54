"""Regenerate 原文.xlsx and 完整.xlsx of this folder from the data in ``perfxl/examples.py``.

    python examples/涞源镇2023/build.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from perfxl.examples import laiyuan_2023
from perfxl.write.template import write_workbook

FILES = {"原文.xlsx": False, "完整.xlsx": True}  # file name → complete


def build(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, complete in FILES.items():
        path = out_dir / name
        write_workbook(path, laiyuan_2023(complete=complete))
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for p in build(target):
        print(p)
