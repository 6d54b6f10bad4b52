"""The rules for values that go into a backend URL, so that no input moves a request to
another host or another path.

- A value that becomes part of a host name (a region) must be one DNS label: letters,
  digits and inner hyphens, at most 63 characters, not all digits. ``x@evil.example#``
  would otherwise make ``evil.example`` the host, and credentials would be sent there.
- A value that becomes one path segment (a project, a model id) is percent-encoded by the
  target's URL builder, so ``/``, ``?`` and ``#`` cannot leave the segment; it must still
  not be empty, ``.`` or ``..``, which a client would collapse into another path.
- A base URL (a gateway, the simulator) chooses the host on purpose; it must be an
  absolute ``http(s)`` URL without user info, query or fragment, so that the path the
  target appends to it stays a path.

Each check raises a TranslationError naming the setting or field.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from adapters.base import TranslationError
from adapters.limits import excerpt

_HOST_LABEL = re.compile(r"(?![0-9]+\Z)(?!-)[A-Za-z0-9-]{1,63}(?<!-)\Z")
_DOT_SEGMENTS = ("", ".", "..")


def host_label(value: str, field: str) -> str:
    """``value`` when it is one DNS label (it goes into a host name)."""
    if not isinstance(value, str) or not _HOST_LABEL.match(value):
        raise TranslationError(
            f"{excerpt(value)!r} is not a valid name here: it goes into the host name, so it "
            "must be letters, digits and inner hyphens only (e.g. us-east-1)",
            path=field,
        )
    return value


def path_segment(value: str, field: str) -> str:
    """``value`` when it can be one URL path segment (it is not empty, ``.`` or ``..``)."""
    if not isinstance(value, str) or value in _DOT_SEGMENTS:
        raise TranslationError(
            f"{excerpt(value)!r} cannot be a URL path segment (empty, '.' and '..' would "
            "address another path)",
            path=field,
        )
    return value


def base_url(value: str, field: str = "settings.base_url") -> str:
    """``value`` without trailing slashes, when it is an absolute http(s) URL without user
    info, query or fragment."""
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError as exc:  # a bad port or an unbalanced IPv6 bracket
        raise TranslationError(f"{excerpt(value)!r} is not a URL ({exc})", path=field) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise TranslationError(
            f"{excerpt(value)!r} must be an absolute http:// or https:// URL", path=field
        )
    if "@" in parts.netloc or parts.query or parts.fragment or "?" in value or "#" in value:
        raise TranslationError(
            f"{excerpt(value)!r} must not carry user info, a query or a fragment (the "
            "target's path is appended to it)",
            path=field,
        )
    return value.rstrip("/")
