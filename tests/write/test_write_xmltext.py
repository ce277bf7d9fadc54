"""Finding elements in XML text: by local name, whatever the prefix; self-closing or not."""

from __future__ import annotations

from perfxl.write import xmltext as xt

XML = ('<x:root xmlns:x="u"><x:b/><b x="1">t</b ><bb/><x:b>q<c/></x:b\n>'
       '<b>never closed<b y="2"/></x:root>')


def test_elements_by_local_name_with_or_without_prefix():
    found = [e.text for e in xt.elements(XML, "b")]
    assert found == ['<x:b/>', '<b x="1">t</b >', '<x:b>q<c/></x:b\n>', '<b y="2"/>']


def test_an_unclosed_start_tag_is_no_element_and_the_search_goes_on():
    assert xt.element(XML, "b", XML.index("<b>never")).text == '<b y="2"/>'


def test_the_search_stays_within_its_range():
    start = XML.index('<b x="1">')
    assert [e.text for e in xt.elements(XML, "b", start, start + 12)] == []
    assert [e.text for e in xt.elements(XML, "b", start, start + 15)] == ['<b x="1">t</b >']
    span = xt.element(XML, "c")
    assert (span.start, span.end) == (XML.index("<c/>"), XML.index("<c/>") + 4)
    assert xt.element(XML, "missing") is None
