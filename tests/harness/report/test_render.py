"""The alignment page: complete matrix, embedded data, strict CSP, no network, escaping."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote

import pytest

from harness.report import ReportInputError, render_html
from harness.report.render import case_fragment, script_json
from tests.support.sample_results import recount, sample_results

SYMBOLS = {"green": "✓", "amber": "≈", "red": "✕", "grey": "–"}
URL_ATTRIBUTES = {"src", "href", "action", "formaction", "srcset", "poster", "data", "xlink:href"}
HOSTILE = "</script><script>window.__parity_pwned = 1</script><img src=x onerror=alert(1)>"


@dataclass
class _Cell:
    href: str
    classes: set[str]
    index: int
    text: str = ""


class _Page(HTMLParser):
    """What the tests read from the page, collected in one parse."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[_Cell] = []
        self.no_case = 0
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.metas: list[dict[str, str | None]] = []
        self.url_attributes: list[tuple[str, str, str]] = []
        self.tags: Counter[str] = Counter()
        self.text: list[str] = []
        self.chips: dict[str, str] = {}
        self.target_headers: list[str] = []
        self.grid: dict[str, str | None] | None = None
        self._open: str | None = None
        self._attrs: dict[str, str | None] = {}
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value is not None:
                self.url_attributes.append((tag, name, value))
        classes = set((attributes.get("class") or "").split())
        if tag == "meta":
            self.metas.append(attributes)
        if tag == "table" and attributes.get("id") == "grid":
            self.grid = attributes
        if tag == "a" and "data-i" in attributes:
            self.cells.append(
                _Cell(str(attributes["href"]), classes, int(str(attributes["data-i"])))
            )
        if tag == "span" and "nocase" in classes:
            self.no_case += 1
        if tag in ("script", "style") or (tag == "button" and "chip" in classes):
            self._begin(tag, attributes)
        if tag == "th" and "g0" in classes and attributes.get("scope") == "colgroup":
            self._begin("colgroup", attributes)

    def _begin(self, tag: str, attributes: dict[str, str | None]) -> None:
        self._open, self._attrs, self._buffer = tag, attributes, []

    def handle_endtag(self, tag: str) -> None:
        text = "".join(self._buffer)
        if self._open == "script" and tag == "script":
            self.scripts.append((self._attrs, text))
        elif self._open == "style" and tag == "style":
            self.styles.append(text)
        elif self._open == "button" and tag == "button":
            self.chips[str(self._attrs["data-verdict"])] = text
        elif self._open == "colgroup" and tag == "th":
            self.target_headers.append(text)
        else:
            return
        self._open = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._open:
            self._buffer.append(data)
        if self.cells and not self.cells[-1].text and data in SYMBOLS.values():
            self.cells[-1].text = data


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _embedded(page: _Page) -> Any:
    (data,) = [text for attrs, text in page.scripts if attrs.get("type") == "application/json"]
    return json.loads(data)


def _hostile_results() -> dict[str, Any]:
    results = sample_results(40)
    case = results["cases"][7]
    case["scenario"] = case["scenario"] + '"><script>alert(2)</script>'
    case["id"] = f"{case['scenario']}[{case['target']}-{case['mode']}]"
    case["title"] = "<img src=x onerror=alert(3)> & friends"
    case["tags"] = ["<b>bold</b>"]
    case["verdict"] = "red"
    case["findings"] = [
        {
            "check": "golden",
            "path": "content[0].text",
            "expected": "<!-- \u2028 \u2029 -->",
            "actual": HOSTILE,
            "message": HOSTILE,
        }
    ]
    return recount(results)


def test_every_case_appears_exactly_once_in_the_matrix_with_its_verdict() -> None:
    results = sample_results(120)
    page = _parse(render_html(results))

    ids = [unquote(cell.href.removeprefix("#")) for cell in page.cells]
    assert Counter(ids) == Counter(case["id"] for case in results["cases"])
    for cell, case_id in zip(page.cells, ids, strict=True):
        case = results["cases"][cell.index]
        assert case["id"] == case_id
        assert f"v-{case['verdict']}" in cell.classes
        assert cell.text == SYMBOLS[case["verdict"]]


def test_scenario_target_mode_slots_without_a_case_render_as_no_case_cells() -> None:
    results = sample_results(120)
    page = _parse(render_html(results))

    scenarios = {case["scenario"] for case in results["cases"]}
    slots = len(scenarios) * 6 * 2
    assert page.no_case == slots - len(results["cases"])
    assert page.no_case > 0


def test_target_columns_follow_the_fixed_target_order() -> None:
    page = _parse(render_html(sample_results(30)))

    assert page.target_headers == [
        "anthropic",
        "vertex",
        "bedrock-invoke",
        "bedrock-converse",
        "openai",
        "openai-responses",
    ]


def test_column_names_reach_the_script_intact_whatever_they_contain() -> None:
    results = sample_results(30)
    odd = "my gateway \"x\" 'y' <z>"
    for case in results["cases"]:
        if case["target"] == "vertex":
            case["target"] = odd
            case["id"] = case["id"].replace("vertex", "gateway")
    page = _parse(render_html(results))

    assert page.grid is not None
    assert json.loads(str(page.grid["data-targets"])) == [
        "anthropic",
        "bedrock-invoke",
        "bedrock-converse",
        "openai",
        "openai-responses",
        odd,
    ]
    assert json.loads(str(page.grid["data-modes"])) == ["json", "stream"]


def test_cases_are_embedded_once_as_json_that_round_trips() -> None:
    results = sample_results(80)
    page = _parse(render_html(results))

    assert _embedded(page) == {"cases": results["cases"]}


def test_totals_chips_show_the_count_of_each_verdict() -> None:
    results = sample_results(200)
    page = _parse(render_html(results))

    counts = Counter(case["verdict"] for case in results["cases"])
    for verdict, symbol in SYMBOLS.items():
        assert page.chips[verdict] == f"{symbol}{counts[verdict]} {verdict}"


def test_run_metadata_appears_on_the_page() -> None:
    results = sample_results(20)
    results["run"]["selection"] = "-k thinking"
    text = " ".join(_parse(render_html(results)).text)

    for expected in (
        "3f9c2d41b7e8a0c5d6f1e2a3b4c5d6e7f8091a2b",
        "2026-11-21 12:00:00 UTC",
        "replay",
        "-k thinking",
        "3.11.7",
        "vcrpy",
        "9.4.2",
    ):
        assert expected in text


def test_csp_allows_only_the_inline_style_and_script_by_their_hashes() -> None:
    page = _parse(render_html(sample_results(20)))

    (csp,) = [m["content"] for m in page.metas if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp is not None
    policy = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    (script,) = [text for attrs, text in page.scripts if "type" not in attrs]
    (style,) = page.styles

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == digest(script)
    assert policy["style-src"] == digest(style)
    assert "unsafe" not in csp


def test_nothing_on_the_page_would_be_fetched_from_a_network() -> None:
    results = _hostile_results()
    results["cases"][3]["title"] = "https://example.com/image.png"
    page = _parse(render_html(results))

    assert page.url_attributes
    for tag, name, value in page.url_attributes:
        assert value.startswith(("#", "data:")), (tag, name, value)
    assert all("src" not in attrs for attrs, _ in page.scripts)
    assert not re.search(r"url\(|@import", page.styles[0])
    assert page.tags["iframe"] == page.tags["img"] == page.tags["object"] == 0


def test_hostile_strings_are_escaped_and_still_embedded_unchanged() -> None:
    results = _hostile_results()
    html = render_html(results)
    page = _parse(html)

    assert page.tags["script"] == 2
    assert page.tags["img"] == 0
    assert HOSTILE not in html
    assert "<img src=x" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "\u2028" not in html and "\u2029" not in html
    assert "&lt;img src=x onerror=alert(3)&gt; &amp; friends" in html
    assert _embedded(page) == {"cases": results["cases"]}


def test_a_deep_link_fragment_is_the_id_as_encodeuricomponent_writes_it() -> None:
    assert case_fragment("tools/single-call[vertex-stream]") == (
        "tools%2Fsingle-call%5Bvertex-stream%5D"
    )
    assert case_fragment("a b#c?d&e!'()*~é") == "a%20b%23c%3Fd%26e!'()*~%C3%A9"


def test_script_json_cannot_close_its_script_block_and_parses_back() -> None:
    value = {"text": "</script><!-- & \u2028\u2029 -->"}

    text = str(script_json(value))

    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == value


def test_rendering_is_deterministic() -> None:
    assert render_html(sample_results(60)) == render_html(sample_results(60))


def test_schema_errors_raise_report_input_error_naming_the_field() -> None:
    results = sample_results(12)
    results["cases"][3]["verdict"] = "blue"

    with pytest.raises(ReportInputError) as error:
        render_html(results)

    assert str(error.value) == (
        "cases[3].verdict: expected one of green, amber, red, grey, got 'blue'"
    )


def test_a_value_json_cannot_represent_names_its_case() -> None:
    results = sample_results(12)
    results["cases"][4]["findings"] = [
        {"check": "usage", "path": "usage.x", "expected": 1, "actual": float("nan"), "message": "m"}
    ]
    results["cases"][4]["verdict"] = "red"

    with pytest.raises(ReportInputError, match=r"^cases\[4\]: holds NaN or Infinity"):
        render_html(recount(results))


def test_an_openai_front_outcome_reaches_the_page_and_a_bad_one_is_named() -> None:
    results = sample_results(10)
    case = results["cases"][0]
    case["front"] = "openai"
    case["front_outcome"] = {
        "status": 200,
        "chunks": [{"object": "chat.completion.chunk"}],
        "done": True,
    }
    page = _parse(render_html(results))
    assert _embedded(page)["cases"][0]["front_outcome"]["done"] is True
    case["front_outcome"] = {"status": "200"}
    with pytest.raises(ReportInputError) as info:
        render_html(results)
    assert str(info.value).startswith("cases[0].front_outcome.status: expected an integer")
