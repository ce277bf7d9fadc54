"""perfxl — 项目支出绩效自评工作簿的校验、评分与回写."""

__version__ = "0.2.0"


def frames(paths, **kwargs):
    """Results of the workbooks at ``paths`` as pandas DataFrames (``.projects``,
    ``.indicators``, ``.findings``, ``.workbooks``); see :mod:`perfxl.tables`. pandas is imported
    only when this is called."""
    from perfxl.tables import frames as make_frames

    return make_frames(paths, **kwargs)
