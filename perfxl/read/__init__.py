"""The label-anchored workbook reader: ``read_workbook(path) -> perfxl.model.Workbook``."""

from perfxl.read.workbook import read_workbook

__all__ = ["read_workbook"]
