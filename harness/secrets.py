"""Secret hygiene: which headers carry credentials, and a fail-closed scan for leaked ones."""

from __future__ import annotations

import re
from collections.abc import Iterable

SECRET_HEADERS: tuple[str, ...] = (  # beside those every target's adapter declares
    "authorization",
    "x-api-key",
    "x-goog-api-key",
    "x-amz-security-token",
    "x-amz-date",
    "x-amz-content-sha256",
    "cookie",
    "set-cookie",
    "proxy-authorization",
)
SECRET_HEADER_PREFIXES: tuple[str, ...] = ("amz-sdk-",)
# Not credentials: `anthropic-user-profile-id` and `anthropic-workspace-id` name a user
# profile and a workspace, and cannot authenticate anything. They stay in cassettes, where
# replay matches on them (`harness.cassettes.MATCHED_HEADERS`); their values are the ones a
# scenario writes, never read from the environment.
REDACTED = "<redacted>"

# Credential shapes that must never be written. A placeholder such as `<ANTHROPIC_API_KEY>`
# or `<redacted>` does not match any of them.
SECRET_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("Google OAuth access token", re.compile(r"\bya29\.[0-9A-Za-z_\-]{20,}")),
    ("Google API key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b")),
    ("Anthropic API key", re.compile(r"\bsk-ant-[0-9A-Za-z_\-]{20,}")),
    ("OpenAI API key", re.compile(r"\bsk-(?:proj-)?[0-9A-Za-z_\-]{32,}")),
    ("private key", re.compile(r"-----BEGIN (?:RSA |EC |OPENSSH )?PRIVATE KEY-----")),
    ("SigV4 signature", re.compile(r"Signature=[0-9a-f]{64}")),
    ("bearer token", re.compile(r"\bBearer\s+(?!<)[A-Za-z0-9._~+/=\-]{16,}")),
)
# Text each pattern's match must hold: looked for first, since finding a plain string is
# about a hundred times cheaper than running a pattern that starts with ``\b`` (results of
# a whole run are megabytes).
_CLUES: dict[str, tuple[str, ...]] = {
    "AWS access key id": ("AKIA", "ASIA"),
    "Google OAuth access token": ("ya29.",),
    "Google API key": ("AIza",),
    "Anthropic API key": ("sk-ant-",),
    "OpenAI API key": ("sk-",),
    "private key": ("-----BEGIN ",),
    "SigV4 signature": ("Signature=",),
    "bearer token": ("Bearer",),
}


def is_secret_header(name: str) -> bool:
    """Whether header ``name`` may carry a credential: a generic credential header, or one
    a registered target's adapter declares (`harness.registry.credential_headers`)."""
    from harness.registry import credential_headers

    low = name.lower()
    return (
        low in SECRET_HEADERS
        or low.startswith(SECRET_HEADER_PREFIXES)
        or low in credential_headers()
    )


def scan(text: str, known_values: Iterable[str] = ()) -> list[str]:
    """Names of the secrets found in ``text``: pattern matches and known credential values."""
    found = [
        name
        for name, pattern in SECRET_PATTERNS
        if any(clue in text for clue in _CLUES[name]) and pattern.search(text)
    ]
    for value in known_values:
        if value and len(value) >= 8 and value in text:
            found.append("a credential value in use")
    return found
