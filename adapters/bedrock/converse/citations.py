"""Citations between Anthropic's and Converse's shapes, in both directions.

| Anthropic citation | its start / end fields | Converse ``location`` |
|---|---|---|
| ``char_location`` | ``start_char_index``, ``end_char_index`` | ``documentChar`` |
| ``page_location`` | ``start_page_number``, ``end_page_number`` | ``documentPage`` |
| ``content_block_location`` | ``start_block_index``, ``end_block_index`` | ``documentChunk`` |

The start and end fields are the location's ``start`` and ``end``; ``document_index`` is
``documentIndex``, ``document_title`` the citation's ``title`` and ``cited_text`` its
``sourceContent`` text. Other citation kinds (web search and search
result locations) have no Converse counterpart that keeps their fields: a translation error.
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, TranslationError

# Anthropic citation type -> (Converse location member, Anthropic start key, end key)
LOCATIONS: dict[str, tuple[str, str, str]] = {
    "char_location": ("documentChar", "start_char_index", "end_char_index"),
    "page_location": ("documentPage", "start_page_number", "end_page_number"),
    "content_block_location": ("documentChunk", "start_block_index", "end_block_index"),
}
_BY_MEMBER = {member: (kind, start, end) for kind, (member, start, end) in LOCATIONS.items()}
_ANTHROPIC_KEYS = {"type", "cited_text", "document_index", "document_title", "file_id"}


def to_converse(citation: Any, path: str) -> JSON:
    """An Anthropic citation as a Converse ``Citation``."""
    if not isinstance(citation, dict):
        raise TranslationError(f"a citation must be an object, got {citation!r}", path=path)
    kind = citation.get("type")
    if not isinstance(kind, str):
        raise TranslationError(f"must be a string, got {kind!r}", path=f"{path}.type")
    if kind not in LOCATIONS:
        raise TranslationError(f"Converse cannot express a {kind!r} citation", path=path)
    member, start, end = LOCATIONS[kind]
    extra = set(citation) - _ANTHROPIC_KEYS - {start, end}
    if extra or citation.get("file_id") is not None:
        key = sorted(extra)[0] if extra else "file_id"
        raise TranslationError("Converse citations have no such field", path=f"{path}.{key}")
    converse: JSON = {}
    if citation.get("document_title") is not None:
        converse["title"] = citation["document_title"]
    converse["sourceContent"] = [{"text": citation.get("cited_text", "")}]
    converse["location"] = {
        member: {
            "documentIndex": citation.get("document_index"),
            "start": citation.get(start),
            "end": citation.get(end),
        }
    }
    return converse


def to_anthropic(citation: Any, path: str) -> JSON:
    """A Converse ``Citation`` (or citation delta) as an Anthropic citation."""
    location = citation.get("location") if isinstance(citation, dict) else None
    member = next(iter(location), None) if isinstance(location, dict) else None
    if member not in _BY_MEMBER:
        raise TranslationError(
            f"a Converse citation located by {member!r} has no Anthropic counterpart",
            path=f"{path}.location",
        )
    assert isinstance(citation, dict) and isinstance(location, dict)
    kind, start, end = _BY_MEMBER[str(member)]
    where = location[member] if isinstance(location[member], dict) else {}
    source = citation.get("sourceContent") or []
    if not isinstance(source, list):
        raise TranslationError(f"must be a list, got {source!r}", path=f"{path}.sourceContent")
    cited = "".join(str(part.get("text", "")) for part in source if isinstance(part, dict))
    return {
        "type": kind,
        "cited_text": cited,
        "document_index": where.get("documentIndex"),
        "document_title": citation.get("title"),
        start: where.get("start"),
        end: where.get("end"),
    }
