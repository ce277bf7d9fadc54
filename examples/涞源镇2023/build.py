"""Regenerate 原文.xlsx and 完整.xlsx of this folder from the data in ``perfxl/examples.py``
(the same builder ``perfxl example DIR`` uses).

    python examples/涞源镇2023/build.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from perfxl.examples import build_laiyuan_2023 as build

if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for p in build(target):
        print(p)
