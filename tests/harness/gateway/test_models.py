"""/v1/models: the routed names as `ModelInfo`s, paginated as the API's list, and one by id."""

from __future__ import annotations

import anthropic
import httpx
import pytest
from anthropic.types import ModelInfo

from harness.gateway import GatewayConfig

HEADERS = {"x-api-key": "k", "anthropic-version": "2023-06-01"}


def client(url: str) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=url, api_key="any-key", max_retries=0)


def test_every_listed_model_is_a_valid_model_info(gateway: str) -> None:
    response = httpx.get(f"{gateway}/v1/models", params={"limit": 1000}, headers=HEADERS)
    page = response.json()
    assert response.status_code == 200
    assert set(page) == {"data", "has_more", "first_id", "last_id"}
    infos = [ModelInfo.model_validate(item, strict=False) for item in page["data"]]
    assert "vertex/sonnet" in [info.id for info in infos]
    assert page["has_more"] is False
    assert (page["first_id"], page["last_id"]) == (infos[0].id, infos[-1].id)


def test_the_sdk_pages_through_the_whole_list(gateway: str, gateway_config: GatewayConfig) -> None:
    first = client(gateway).models.list(limit=4)
    assert len(first.data) == 4
    assert first.has_more is True
    seen = [model.id for model in client(gateway).models.list(limit=4)]  # auto-paginates
    assert seen == gateway_config.model_names()


def test_before_id_pages_backwards(gateway: str, gateway_config: GatewayConfig) -> None:
    names = gateway_config.model_names()
    page = client(gateway).models.list(before_id=names[5], limit=3)
    assert [model.id for model in page.data] == names[2:5]
    assert page.has_more is True


@pytest.mark.parametrize("name", ["vertex/sonnet", "bedrock-converse/haiku"])
def test_a_model_is_retrieved_by_its_id(gateway: str, name: str) -> None:
    info = client(gateway).models.retrieve(name)
    assert info.id == name
    assert info.type == "model"
    assert name.split("/")[1] in info.display_name


def test_an_unknown_model_id_is_not_found(gateway: str) -> None:
    with pytest.raises(anthropic.NotFoundError):
        client(gateway).models.retrieve("vertex/nothing-like-it")


@pytest.mark.parametrize("query", ["limit=0", "limit=1001", "limit=x", "after_id=nobody"])
def test_a_bad_page_request_is_an_invalid_request(gateway: str, query: str) -> None:
    response = httpx.get(f"{gateway}/v1/models?{query}", headers=HEADERS)
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request_error"
