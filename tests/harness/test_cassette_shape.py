"""A cassette's shape is checked before replay: the first field replay cannot use is named,
whichever YAML loader read the file."""

from __future__ import annotations

from typing import Any

import pytest

from harness.cassette_shape import ShapeError, check_cassette


def cassette(**response: Any) -> dict[str, Any]:
    good: dict[str, Any] = {
        "status": {"code": 200, "message": "OK"},
        "headers": {"content-type": ["application/json"]},
        "body": {"string": '{"type": "message"}'},
    }
    request = {"method": "POST", "uri": "https://x/v1/messages", "body": "{}", "headers": {}}
    return {"interactions": [{"request": request, "response": {**good, **response}}]}


def problem(data: Any) -> str:
    with pytest.raises(ShapeError) as info:
        check_cassette(data)
    return str(info.value)


def test_a_recorded_shape_passes() -> None:
    check_cassette(cassette())
    check_cassette(cassette(body={"string": b"\x00binary"}))


def test_a_lone_surrogate_in_a_body_is_named_with_its_position() -> None:
    message = problem(cassette(body={"string": 'ok \ud800 "half"'}))
    assert message == (
        "interactions[0].response.body.string: holds a lone surrogate (U+D800) at character 3"
    )


def test_a_lone_surrogate_in_a_header_is_named() -> None:
    message = problem(cassette(headers={"x-id": ["\udc00"]}))
    assert message.startswith("interactions[0].response.headers.x-id: holds a lone surrogate")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([], "the file: must be a mapping, got list"),
        ({"interactions": {}}, "interactions: must be a list, got mapping"),
        ({"interactions": ["x"]}, "interactions[0]: must be a mapping, got text"),
        ({"interactions": [{"request": {}}]}, "interactions[0].request.method: must be text"),
        (cassette(status={"code": True}), "interactions[0].response.status.code: must be an int"),
        (cassette(status={"code": 99}), "interactions[0].response.status.code: must be an HTTP"),
        (cassette(status={"code": 200, "message": 1}), "interactions[0].response.status.message"),
        (cassette(headers={"a": [1]}), "interactions[0].response.headers.a: must be a list of"),
        (cassette(body={}), "interactions[0].response.body.string: must be text, got nothing"),
    ],
)
def test_the_first_unusable_field_is_named(data: Any, expected: str) -> None:
    assert problem(data).startswith(expected)
