"""Regenerate 申报表.xlsx and 审核口径.xlsx of this folder from ``perfxl/example_declaration.py``.

    python examples/东湖街道2024申报/build.py [OUT_DIR]

``expected.json`` (what perfxl finds in 申报表.xlsx with 审核口径.xlsx) is written by
``python examples/东湖街道2024申报/build.py --expected``; review its diff before committing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from perfxl.example_declaration import CHECKLIST, donghu_2024
from perfxl.write.checklist_table import write_checklist
from perfxl.write.declaration_form import write_declarations

FORMS, CHECKLIST_FILE, EXPECTED = "申报表.xlsx", "审核口径.xlsx", "expected.json"


def build(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    write_declarations(out_dir / FORMS, donghu_2024())
    write_checklist(out_dir / CHECKLIST_FILE, CHECKLIST)
    return [out_dir / FORMS, out_dir / CHECKLIST_FILE]


def expected(folder: Path) -> dict:
    """Per sheet: its grade and its findings as (code, cell), as perfxl gives them today."""
    from perfxl.config import Config
    from perfxl.pipeline import check_file
    from perfxl.read.checklist import read_checklist

    config = Config(checklist=read_checklist(folder / CHECKLIST_FILE))
    result = check_file(folder / FORMS, config).to_dict()
    by_sheet: dict[str, dict] = {}
    for form in result.get("declarations", []):
        by_sheet[form["sheet"]] = {"grade": form.get("grade"), "findings": []}
    for f in result["findings"]:
        entry = by_sheet.setdefault(f["sheet"], {"grade": None, "findings": []})
        entry["findings"].append([f["code"], f["cell"]])
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
