"""The cheaper paths of the batch-speed work give exactly what the plain ones gave.

- the small-part XML parser (expat, no tree builder) against ElementTree, and its refusals;
"""

from __future__ import annotations

import io
import zipfile
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl.examples import laiyuan_2023
from perfxl.read.xlsxmeta import PackageError, _guarded_tree, _local, _safe_tree, scan_package
from perfxl.write.template import write_workbook
from tests.readfix.plain import merge_maps_one_cell_at_a_time


def _shape(node) -> tuple:
    """(local tag, attributes by local name, children) of an ElementTree or expat node."""
    attrs = tuple(sorted((_local(k), v) for k, v in node.attrib.items()))
    return (_local(node.tag), attrs, tuple(_shape(c) for c in node))


@pytest.fixture(scope="module")
def example_xlsx(tmp_path_factory):
    path = tmp_path_factory.mktemp("ex") / "例.xlsx"
    write_workbook(path, laiyuan_2023(complete=False))
    return path


def test_small_parts_parse_as_elementtree_does(example_xlsx):
    with zipfile.ZipFile(example_xlsx) as zf:
        parts = [n for n in zf.namelist() if n.endswith((".xml", ".rels"))]
        assert any(n.endswith("styles.xml") for n in parts)
        for name in parts:
            data = zf.read(name)
            theirs = ET.fromstring(data)
            for mine in (_safe_tree(data), _guarded_tree(data)):
                assert _shape(mine) == _shape(theirs), name
                assert [_local(n.tag) for n in mine.iter()] == [_local(n.tag) for n in theirs.iter()]


def test_attribute_escapes_are_decoded():
    doc = b'<?xml version="1.0"?><a x="R&amp;D &#20154;&lt;"><b/></a>'
    assert _safe_tree(doc).get("x") == _guarded_tree(doc).get("x") == "R&D 人<"


@pytest.mark.parametrize("doc", [
    b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>',
    b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>',
    b'<?xml version="1.0"?><a>&undefined;</a>',
    b"<a><b></a>",
    b"",
    # not ASCII-compatible: the DTD cannot be seen in the bytes, the guarded parser refuses it
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>'.encode(
        "utf-16"),
    b'\xef\xbb\xbf<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>',
])
def test_entities_and_broken_xml_are_refused(doc):
    with pytest.raises(Exception):
        _safe_tree(doc)


def test_an_entity_in_the_workbook_part_is_a_package_error(example_xlsx):
    buf = io.BytesIO()
    with zipfile.ZipFile(example_xlsx) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "b">]>', 1)
            dst.writestr(info, data)
    with zipfile.ZipFile(buf) as zf, pytest.raises(PackageError):
        scan_package(zf)


_MERGE = st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(-1, 4), st.integers(-1, 4)) \
    .map(lambda t: ((t[0], t[1]), (t[0] + t[2], t[1] + t[3])))


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 8), st.integers(1, 8), st.lists(_MERGE, max_size=6))
def test_merge_maps_equal_the_plain_reading_even_when_ranges_overlap(height, width, merges):
    from perfxl.read.grid import Grid

    grid = Grid("表", [[""] * width for _ in range(height)], merges)
    assert (grid._origin, grid._span) == merge_maps_one_cell_at_a_time(merges, height, width)
