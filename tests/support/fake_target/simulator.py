"""The simulated "fakecloud" service: its route, its key check, and Anthropic's answers."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from harness.simulator import Backend, Rejection, Route, Script, SimRequest, SimResponse
from harness.simulator.anthropic.errors import error_response
from harness.simulator.anthropic.render import render_success
from harness.simulator.script import make_id, reply_kind, scripted_error

_PATH = re.compile(r"^/fake/v1/models/(?P<model>[^/:]+):chat$")


class FakeCloudBackend:
    name = "fakecloud"
    routes = ("POST /fake/v1/models/{model}:chat",)

    def route(self, request: SimRequest) -> Route | None:
        match = _PATH.match(request.path)
        if request.method != "POST" or match is None:
            return None
        return Route("messages", {"model": match["model"]})

    def validate(self, request: SimRequest, route: Route) -> Rejection | None:
        if not request.headers.get("api-key", "").strip():
            return Rejection(401, "missing api-key")
        if "model" in json.loads(request.body):
            return Rejection(400, "model belongs in the path")
        return None

    def render(self, request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
        if isinstance(answer, Rejection):
            return error_response(answer.status, None, answer.message, "req_fake")
        if reply_kind(answer.reply) == "error":
            error = scripted_error(answer.reply)
            return error_response(error.status, error.type, error.message, "req_fake")
        return render_success(
            route,
            answer.reply,
            model=route.params["model"],
            message_id=make_id("msg_", answer.scenario_id),
            stream=json.loads(request.body).get("stream") is True,
            headers={},
            stream_seed=f"fakecloud/{answer.scenario_id}",
            split_seed=answer.scenario_id,
        )


def make_backend(verify_env: Mapping[str, str] | None = None) -> Backend:
    return FakeCloudBackend()
