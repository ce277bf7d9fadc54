"""What a 项目支出明细 line says on its own: a quantity or price that cannot be read (PX311 note)
and the unit counted in the quantity against the one in the price (PX312). 数量 × 单价 = 金额 is
a relation of the root-cause vote (:mod:`.relations`)."""

from __future__ import annotations

from perfxl.model_estimate import EstimateLine
from perfxl.values import fold

# a price per 亩·年 or 人/年 counts 亩 or 人 for one year: the same unit counted
_TIME_SUFFIXES = ("·年", "/年", "年", "·月", "/月", "·天", "/天")


def unreadable(line: EstimateLine) -> list[tuple[str, object]]:
    """(数量 or 单价, its Val) written but not readable as a number with its unit."""
    return [(name, v) for name, v in (("数量", line.quantity), ("单价", line.price))
            if v.value is None and v.raw]


def units_differ(line: EstimateLine) -> tuple[str, str] | None:
    """(unit of the quantity, unit the price counts) when they name different things."""
    q, p = line.quantity.value, line.price.value
    if q is None or p is None or not q.unit or not p.per:
        return None
    a, b = fold(q.unit), fold(p.per)
    for suffix in _TIME_SUFFIXES:
        a, b = a.removesuffix(suffix) or a, b.removesuffix(suffix) or b
    return None if a == b else (q.unit, p.per)
