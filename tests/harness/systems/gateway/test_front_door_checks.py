"""What a front-door client received, judged with the anthropic SDK's types."""

from __future__ import annotations

from typing import Any

from harness.scenarios.front_door import FrontDoorExpect
from harness.systems.gateway.front_door_checks import Received, answer, walk

EPOCH = "1970-01-01T00:00:00Z"


def info(name: str) -> dict[str, Any]:
    return {"type": "model", "id": name, "display_name": name, "created_at": EPOCH}


def page(*names: str, more: bool = False) -> dict[str, Any]:
    return {
        "data": [info(n) for n in names],
        "has_more": more,
        "first_id": names[0] if names else None,
        "last_id": names[-1] if names else None,
    }


PAGE = FrontDoorExpect(200, "model_page")
NOT_FOUND = FrontDoorExpect(404, "error", "not_found_error")


def test_a_page_as_the_api_pages_is_no_finding() -> None:
    assert answer(PAGE, Received(200, page("a", "b"))) == []
    assert answer(PAGE, Received(200, page())) == []


def test_an_openai_model_list_is_not_a_page_of_model_infos() -> None:
    openai_list = {"object": "list", "data": [{"id": "a", "object": "model", "created": 0}]}
    found = {(f.check, f.path) for f in answer(PAGE, Received(200, openai_list))}
    assert ("schema", "body.data[0].type") in found
    assert ("schema", "body.data[0].display_name") in found
    assert ("schema", "body.has_more") in found
    assert ("front-door", "body.first_id") in found and ("front-door", "body.last_id") in found


def test_first_and_last_id_must_name_the_pages_ends() -> None:
    wrong = {**page("a", "b"), "last_id": "a"}
    [finding] = answer(PAGE, Received(200, wrong))
    assert (finding.path, finding.expected, finding.actual) == ("body.last_id", "b", "a")


def test_a_model_must_be_the_one_asked_for_and_a_valid_model_info() -> None:
    expect = FrontDoorExpect(200, "model")
    assert answer(expect, Received(200, info("m")), model="m") == []
    [other] = answer(expect, Received(200, info("n")), model="m")
    assert (other.path, other.expected, other.actual) == ("body.id", "m", "n")
    [stamp] = answer(expect, Received(200, {**info("m"), "created_at": 0}), model="m")
    assert stamp.check == "schema" and stamp.path == "body.created_at"


def test_an_error_needs_the_status_the_envelope_and_the_type() -> None:
    envelope = {"type": "error", "error": {"type": "not_found_error", "message": "model: x"}}
    assert answer(NOT_FOUND, Received(404, envelope)) == []
    [status] = answer(NOT_FOUND, Received(400, envelope))
    assert (status.check, status.expected, status.actual) == ("front-door", 404, 400)
    assert "not_found_error: model: x" in status.message
    own = {"error": {"message": "no", "type": None, "code": "404"}}
    assert {f.check for f in answer(NOT_FOUND, Received(404, own))} == {"schema"}
    wrong = {"type": "error", "error": {"type": "api_error", "message": "model: x"}}
    [kind] = answer(NOT_FOUND, Received(404, wrong))
    assert (kind.path, kind.actual) == ("body.error.type", "api_error")


def test_an_error_must_name_what_it_is_about_when_asked() -> None:
    expect = FrontDoorExpect(400, "error", "invalid_request_error", names="anthropic-version")
    said = {"type": "error", "error": {"type": "invalid_request_error", "message": "%s"}}
    good = {**said, "error": {**said["error"], "message": "anthropic-version: header is required"}}
    assert answer(expect, Received(400, good)) == []
    vague = {**said, "error": {**said["error"], "message": "bad request"}}
    [finding] = answer(expect, Received(400, vague))
    assert finding.path == "body.error.message"


def test_a_body_that_is_not_json_is_one_client_finding() -> None:
    [finding] = answer(PAGE, Received(200, None, "not JSON: <html>"))
    assert finding.check == "client"


def test_reading_page_by_page_finds_the_model_once_within_the_limit() -> None:
    pages = [Received(200, page("a", more=True)), Received(200, page("m"))]
    assert walk(pages, 1, "m") == []
    [missing] = walk(pages, 1, "z")
    assert missing.expected == "z" and "not in the list" in missing.message
    twice = [Received(200, page("a", more=True)), Received(200, page("a", "m"))]
    found = {f.path: f for f in walk(twice, 1, "m")}
    assert found["pages"].actual == ["a"]
    assert found["pages[1].data"].expected == 1 and found["pages[1].data"].actual == 2


def test_a_page_that_fails_stops_the_walk_with_its_status() -> None:
    pages = [Received(200, page("a", more=True)), Received(500, {"type": "error"})]
    [failed] = walk(pages, 1, "a")
    assert failed.path == "pages[1]" and failed.actual == 500
