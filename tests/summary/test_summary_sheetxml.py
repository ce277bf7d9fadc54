"""The summary's streamed data sheets (perfxl.summary.sheetxml) write what xlsxwriter would have
written: the same cell text, the same link targets."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl.summary.sheetxml import file_link_target, inline_text


def xlsxwriter_cell(text: str) -> str:
    """The ``<is>…</is>`` xlsxwriter writes for ``write_string(text)`` in constant_memory mode."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True})
    wb.add_worksheet().write_string(0, 0, text)
    wb.close()
    xml = zipfile.ZipFile(buf).read("xl/worksheets/sheet1.xml").decode("utf-8")
    return re.search(r'<c r="A1" t="inlineStr">(<is>.*</is>)</c>', xml, re.S).group(1)


from tests.helpers.summaryfix import TRICKY  # noqa: E402


@pytest.mark.parametrize("text", TRICKY)
def test_inline_text_is_what_xlsxwriter_writes(text):
    assert inline_text(text) == xlsxwriter_cell(text)


# xlsxwriter writes "<r>…</r>" unescaped (as a rich string): the one place we differ on purpose
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30).filter(
    lambda s: not (s.startswith("<r>") and s.endswith("</r>")))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_inline_text_equals_xlsxwriter_for_any_text(text):
    assert inline_text(text) == xlsxwriter_cell(text)


def xlsxwriter_target(rel: str) -> str:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    wb.add_worksheet().write_url(0, 0, "external:" + rel, string=rel)
    wb.close()
    xml = zipfile.ZipFile(buf).read("xl/worksheets/_rels/sheet1.xml.rels").decode("utf-8")
    target = re.search(r'Target="([^"]*)"', xml).group(1)
    return target.replace("&amp;", "&").replace("&quot;", '"').replace("&lt;", "<").replace(
        "&gt;", ">")


@pytest.mark.parametrize("rel", ["甲/涞源镇.xlsx", "a b/c d.xlsx", "./x.xlsx", "../up/y.xlsx",
                                 "C:/abs/z.xlsx", "//server/share/q.xlsx", "[x]/{y}^`.xlsx",
                                 "100%/a.xlsx", "a%20b.xlsx", "a&b'c.xlsx"])
def test_link_targets_are_what_xlsxwriter_writes(rel):
    assert file_link_target(rel) == xlsxwriter_target(rel)
