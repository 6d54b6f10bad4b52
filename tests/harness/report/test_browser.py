"""The alignment page in headless Chromium: loads from disk, filters, drill-down, deep links.

Needs Debian's Chromium at /usr/bin/chromium (``apt-get install -y chromium``). Without it
these tests skip, unless PARITY_REQUIRE_BROWSER=1, when they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from harness.report import write_reports
from tests.support.sample_results import recount, sample_results

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[3] / "reports" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def _require_browser() -> Any:
    """The Playwright sync API, or a skip (a failure under PARITY_REQUIRE_BROWSER=1)."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing; install it with: apt-get install -y chromium"
    try:
        from playwright import sync_api
    except ImportError:
        problem = "playwright is not installed; install the dev extra"
    if problem is None:
        return sync_api
    if os.environ.get("PARITY_REQUIRE_BROWSER") == "1":
        pytest.fail(problem, pytrace=False)
    pytest.skip(problem)


def _encoded(case_id: str) -> str:
    return quote(case_id, safe="!'()*~")


@dataclass
class Report:
    results: dict[str, Any]
    url: str
    hostile_id: str


@dataclass
class Watch:
    """What the page did that it must not: console errors, script errors, failed or
    non-file requests."""

    report_url: str
    problems: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", lambda request: self.problems.append(f"failed: {request.url}"))
        page.on("request", self._request)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def _request(self, request: Any) -> None:
        if request.url.split("#")[0] != self.report_url:
            self.problems.append(f"request: {request.url}")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    results = sample_results(150)
    hostile = next(
        c for c in results["cases"] if c["verdict"] == "green" and c["target"] == "vertex"
    )
    hostile["verdict"] = "red"
    hostile["title"] = HOSTILE
    hostile["findings"] = [
        {
            "check": "golden",
            "path": "content[0].text",
            "expected": HOSTILE,
            "actual": "ok",
            "message": HOSTILE,
        }
    ]
    recount(results)
    paths = write_reports(results, tmp_path_factory.mktemp("report"))
    return Report(results, paths.html.as_uri(), hostile["id"])


@pytest.fixture(scope="module")
def sync_api() -> Any:
    return _require_browser()


@pytest.fixture(scope="module")
def browser_context(sync_api: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        context.set_default_timeout(10_000)
        yield context
        context.close()


@pytest.fixture
def page(browser_context: Any, report: Report) -> Iterator[Any]:
    page = browser_context.new_page()
    watch = Watch(report.url)
    watch.attach(page)
    yield page
    page.close()
    assert watch.problems == []


def _visible_rows(page: Any) -> int:
    return int(page.locator("#grid tbody tr:visible").count())


def _scenarios(results: dict[str, Any], keep: Any) -> set[str]:
    return {c["scenario"] for c in results["cases"] if keep(c)}


def test_page_opens_from_disk_with_every_scenario_row(page: Any, report: Report) -> None:
    page.goto(report.url)

    assert _visible_rows(page) == len(_scenarios(report.results, lambda c: True))
    assert page.locator("#case").is_hidden()
    assert page.title().startswith("Parity alignment")


def test_text_filter_keeps_only_matching_scenarios(
    page: Any, report: Report, sync_api: Any
) -> None:
    page.goto(report.url)

    page.fill("#f-text", "thinking/")

    expected = len(_scenarios(report.results, lambda c: "thinking/" in c["id"]))
    sync_api.expect(page.locator("#grid tbody tr:visible")).to_have_count(expected)
    assert expected > 0
    shown = f"{expected} scenario{'' if expected == 1 else 's'}"
    assert page.locator("#f-count").text_content() == (
        f"{shown} of {len(_scenarios(report.results, lambda c: True))} · "
        f"{sum('thinking/' in c['id'] for c in report.results['cases'])} cases match"
    )


def test_verdict_filter_keeps_rows_with_a_case_of_that_verdict(page: Any, report: Report) -> None:
    page.goto(report.url)

    page.click(".chip[data-verdict='red']")

    assert page.locator(".chip[data-verdict='red']").get_attribute("aria-pressed") == "true"
    expected = _scenarios(report.results, lambda c: c["verdict"] == "red")
    assert _visible_rows(page) == len(expected)
    lit = page.locator("#grid tbody tr:visible a[data-i]:not(.off)")
    assert lit.count() == sum(c["verdict"] == "red" for c in report.results["cases"])
    assert set(lit.evaluate_all("links => links.map(a => a.className)")) == {"v-red"}


def test_clicking_a_cell_opens_its_drill_down(page: Any, report: Report) -> None:
    case = next(
        c for c in report.results["cases"] if c["verdict"] == "red" and c["id"] != report.hostile_id
    )
    page.goto(report.url)

    page.click(f"#grid a[href='#{_encoded(case['id'])}']")

    drawer = page.locator("#case")
    assert drawer.is_visible()
    assert page.locator("#case-title").text_content() == case["id"]
    assert case["findings"][0]["path"] in drawer.text_content()
    assert page.evaluate("location.hash") == f"#{_encoded(case['id'])}"
    page.keyboard.press("Escape")
    assert drawer.is_hidden()
    assert page.evaluate("location.hash") == ""


def test_a_deep_link_opens_the_case_with_its_canonical_comparison(
    page: Any, report: Report
) -> None:
    case = next(
        c
        for c in report.results["cases"]
        if c["verdict"] == "amber" and c["mode"] == "stream" and c["canonical_case"]
    )

    page.goto(f"{report.url}#{_encoded(case['id'])}")

    assert page.locator("#case-title").text_content() == case["id"]
    drawer = page.locator("#case")
    assert "Known differences" in drawer.text_content()
    assert case["known_differences"][0]["reason"] in drawer.text_content()
    assert page.locator("#case a", has_text=case["canonical_case"]).count() == 1
    assert page.locator("#case table.ev").count() >= 1


def test_hostile_strings_from_results_render_as_text_and_never_run(
    page: Any, report: Report
) -> None:
    page.goto(f"{report.url}#{_encoded(report.hostile_id)}")

    assert page.locator("#case-title").text_content() == report.hostile_id
    assert page.locator(".dtitle").text_content() == HOSTILE
    assert page.locator("#case img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_screenshots_of_the_matrix_and_a_drill_down(page: Any, report: Report) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    case = next(
        c for c in report.results["cases"] if c["verdict"] == "red" and c["mode"] == "stream"
    )
    page.goto(report.url)
    page.screenshot(path=str(SCREENSHOTS / "alignment.png"))

    page.goto(f"{report.url}#{_encoded(case['id'])}")
    page.locator("#case-title").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "alignment-case.png"))

    assert (SCREENSHOTS / "alignment.png").stat().st_size > 10_000
    assert (SCREENSHOTS / "alignment-case.png").stat().st_size > 10_000
