"""Regenerate 原文.xlsx and 完整.xlsx of this folder from the data in ``perfxl/example_export.py``.

    python examples/城关镇中心小学2020测算/build.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from perfxl.example_export import build_estimate_example


def build(out_dir: Path) -> list[Path]:
    return build_estimate_example(out_dir)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for p in build(target):
        print(p)
