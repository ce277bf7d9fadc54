"""Regenerate 申报表.xlsx and 审核口径.xlsx of this folder from ``perfxl/example_declaration.py``
(the same builder ``perfxl example DIR`` uses).

    python examples/东湖街道2024申报/build.py [OUT_DIR] [--expected]

``--expected`` also writes ``expected.json``: per sheet, the 审核等级 and the findings (code,
cell) perfxl gives 申报表.xlsx with 审核口径.xlsx today. Review its diff before committing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from perfxl.example_declaration import CHECKLIST_FILE, FORMS_FILE, build_donghu_2024 as build

EXPECTED = "expected.json"


def expected(folder: Path) -> dict:
    from perfxl.config import Config
    from perfxl.pipeline import check_file
    from perfxl.read.checklist import read_checklist

    config = Config(checklist=read_checklist(folder / CHECKLIST_FILE))
    result = check_file(folder / FORMS_FILE, config).to_dict()
    by_sheet = {form["sheet"]: {"grade": form["grade"], "findings": []}
                for form in result["declarations"]}
    for f in result["findings"]:
        by_sheet.setdefault(f["sheet"], {"grade": None, "findings": []})["findings"].append(
            [f["code"], f["cell"]])
    return by_sheet


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--expected"]
    target = Path(args[0]) if args else Path(__file__).resolve().parent
    for p in build(target):
        print(p)
    if "--expected" in sys.argv:
        text = json.dumps(expected(target), ensure_ascii=False, indent=1) + "\n"
        (target / EXPECTED).write_text(text, encoding="utf-8")
        print(target / EXPECTED)
