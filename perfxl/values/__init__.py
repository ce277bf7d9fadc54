"""Numbers, units, operators and targets as staff type them (layer 0).

Pure functions, no workbook knowledge: readers call them on cell contents, scoring works on what
they return. Money is ``Decimal`` from the first character on — a float never enters.

- :mod:`perfxl.values.text` — the text folding, labels, unit names;
- :mod:`perfxl.values.numbers` — plain numbers, money (元/万元), percents, years and months;
- :mod:`perfxl.values.quantity` — numbers (Arabic, Chinese) with units from ``units.toml``;
- :mod:`perfxl.values.ops`, :mod:`perfxl.values.deadlines`, :mod:`perfxl.values.targets` — the
  target grammar (``parse_target``), its words in ``target_words.toml``;
- :mod:`perfxl.values.measure` — an indicator cell as a :class:`Measure` (operator, number, unit).

Every public name is importable from ``perfxl.values``.
"""

from perfxl.values.deadlines import Deadline
from perfxl.values.measure import Measure, parse_measure, parse_op
from perfxl.values.numbers import (
    YUAN_PER_WAN, ValueError_, fmt_decimal, is_placeholder, parse_int, parse_money, parse_percent,
    parse_year_month, plain_decimal, to_decimal, to_wan, wan_from_yuan, yuan_from_wan,
)
from perfxl.values.ops import Op
from perfxl.values.quantity import Quantity, chinese_number, convert, parse_quantity
from perfxl.values.targets import Target, actual_band, direction_of_name, parse_target
from perfxl.values.text import (
    ADMIN_AREA_ENDINGS, UNIT_NAME_SUFFIXES, fold, month_range, normalize_label, same_unit,
    unit_key, year_of_title,
)

__all__ = [
    "ADMIN_AREA_ENDINGS", "Deadline", "Measure", "Op", "Quantity", "Target", "UNIT_NAME_SUFFIXES",
    "ValueError_", "YUAN_PER_WAN", "actual_band", "chinese_number", "convert", "direction_of_name",
    "fmt_decimal", "fold", "is_placeholder", "month_range", "normalize_label", "parse_int",
    "parse_measure", "parse_money", "parse_quantity", "parse_target",
    "parse_op", "parse_percent", "parse_year_month", "plain_decimal", "same_unit", "to_decimal",
    "to_wan", "unit_key", "wan_from_yuan", "year_of_title", "yuan_from_wan",
]
