"""The web app in a real browser: headless Debian Chromium driven by Playwright (see conftest)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
HIGHWAYS = "Chairman will speak to Highways about the drainage problem"


def _result_types(page: Any) -> list[str]:
    return page.locator("li.result").evaluate_all("els => els.map(e => e.dataset.type)")


def test_a_search_returns_the_expected_record(page: Any, sample_server: Any) -> None:
    page.goto(sample_server.url + "/")
    page.fill("#q", HIGHWAYS)
    page.press("#q", "Enter")
    page.wait_for_selector("#results")
    assert parse_qs(urlparse(page.url).query)["q"] == [HIGHWAYS]  # the search can be shared
    top = page.locator("li.result").filter(has_text="speak again to Highways").first
    assert top.get_attribute("data-type") == "commitment"
    assert top.locator("mark.hl").count() > 0  # query words highlighted in the quote
    where = top.locator(".where").inner_text()
    assert "003_west-dereham-pc-2013-11-07-minutes.md" in where and "2013-11-07" in where
    assert "Why:" in top.locator(".why").inner_text()


def test_a_filter_narrows_the_results(page: Any, sample_server: Any) -> None:
    page.goto(sample_server.url + "/search?q=agreed")
    before = _result_types(page)
    assert set(before) - {"decision"}, before
    page.select_option("#f-type", "decision")
    page.click("#go")
    page.wait_for_url("**type=decision**")
    after = _result_types(page)
    assert after and set(after) == {"decision"}
    assert page.locator("#f-type").input_value() == "decision"  # the form keeps its state


def test_a_record_page_shows_its_provenance(page: Any, sample_server: Any) -> None:
    page.goto(sample_server.url + "/search?" + "q=" + HIGHWAYS.replace(" ", "+") + "&type=commitment")
    page.locator("li.result").filter(has_text="speak again to Highways").first.locator("a.open").click()
    page.wait_for_selector("#provenance")
    assert "speak again to Highways" in page.locator("#quote").inner_text()
    provenance = page.locator("#provenance").inner_text()
    assert "003_west-dereham-pc-2013-11-07-minutes.md" in provenance
    assert "2013-11-07" in provenance and "West Dereham Parish Council" in provenance
    assert page.locator("#fields").inner_text().count("Owner") == 1
    assert page.locator("#status").inner_text().strip()
    page.click("#doc-link")  # on to the document, where the record is marked inline
    page.wait_for_selector("#doc-text")
    assert page.locator("a.rec-commitment").filter(has_text="speak again to Highways").count() == 1


def test_a_register_filters_by_status(page: Any, sample_server: Any) -> None:
    page.goto(sample_server.url + "/registers/commitments")
    chips = page.locator("a.status-chip")
    counts = {chips.nth(i).get_attribute("data-status"): int(chips.nth(i).locator("b").inner_text())
              for i in range(chips.count())}  # fmt: skip
    assert len(page.locator("#register tbody tr").all()) == min(sum(counts.values()), 100)
    status = min(counts, key=lambda s: counts[s])
    page.locator(f'a.status-chip[data-status="{status}"]').click()
    page.wait_for_url("**status=**")
    rows = page.locator("#register tbody tr")
    assert rows.count() == counts[status]
    assert set(rows.evaluate_all("els => els.map(e => e.dataset.status)")) == {status}
    page.click('th a.sort[data-col="owner"]')  # sorting keeps the filter
    assert set(page.locator("#register tbody tr").evaluate_all("els => els.map(e => e.dataset.status)")) == {
        status
    }
    assert "status=" in page.locator("#csv").get_attribute("href")


def test_no_script_runs_from_documents_or_queries(page: Any, hostile_server: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    base = hostile_server.url
    page.goto(base + "/documents")
    links = page.locator("#doc-text, table.grid a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    for href in [h for h in links if h]:
        page.goto(base + href)
        assert page.evaluate("window.__pwned") is None, href
    html_doc_text = page.content()
    assert html_doc_text  # the page rendered
    page.goto(base + "/search?q=" + "%3Cscript%3Ewindow.__pwned%3D9%3C%2Fscript%3E+Highways")
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned=9</script>" in page.locator("#q").input_value()
    for href in page.locator("a.open").evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        page.goto(base + href)
        assert page.evaluate("window.__pwned") is None, href
    page.goto(base + "/registers/commitments")
    assert "<script>window.__pwned = 6</script>" in page.locator("#register").inner_text()  # shown as text
    assert page.evaluate("window.__pwned") is None
    assert not dialogs
