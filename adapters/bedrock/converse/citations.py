"""Citations between Anthropic's and Converse's shapes, in both directions.

| Anthropic citation | its start / end fields | Converse ``location`` |
|---|---|---|
| ``char_location`` | ``start_char_index``, ``end_char_index`` | ``documentChar`` |
| ``page_location`` | ``start_page_number``, ``end_page_number`` | ``documentPage`` |
| ``content_block_location`` | ``start_block_index``, ``end_block_index`` | ``documentChunk`` |
| ``search_result_location`` | the same block indices | ``searchResultLocation`` |

The start and end fields are the location's ``start`` and ``end``; ``document_index`` is
``documentIndex``, ``document_title`` the citation's ``title`` and ``cited_text`` its
``sourceContent`` text. A search result's citation has ``search_result_index`` as
``searchResultIndex``, its ``title`` as the citation's ``title`` and its ``source`` as the
citation's ``source``. A web search result location (``web``: a URL and a domain, without
the encrypted index) has no counterpart that keeps its fields: a translation error.
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
SEARCH_RESULT = ("search_result_location", "searchResultLocation")
_SEARCH_RESULT_KEYS = {
    "type",
    "cited_text",
    "search_result_index",
    "source",
    "title",
    "start_block_index",
    "end_block_index",
}


def to_converse(citation: Any, path: str) -> JSON:
    """An Anthropic citation as a Converse ``Citation``."""
    if not isinstance(citation, dict):
        raise TranslationError(f"a citation must be an object, got {citation!r}", path=path)
    kind = citation.get("type")
    if not isinstance(kind, str):
        raise TranslationError(f"must be a string, got {kind!r}", path=f"{path}.type")
    if kind == SEARCH_RESULT[0]:
        return _search_result_to_converse(citation, path)
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


def _search_result_to_converse(citation: JSON, path: str) -> JSON:
    extra = set(citation) - _SEARCH_RESULT_KEYS
    if extra:
        raise TranslationError("Converse citations have no such field", f"{path}.{min(extra)}")
    converse: JSON = {}
    if citation.get("title") is not None:
        converse["title"] = citation["title"]
    converse["source"] = citation.get("source")
    converse["sourceContent"] = [{"text": citation.get("cited_text", "")}]
    converse["location"] = {
        SEARCH_RESULT[1]: {
            "searchResultIndex": citation.get("search_result_index"),
            "start": citation.get("start_block_index"),
            "end": citation.get("end_block_index"),
        }
    }
    return converse


def to_anthropic(citation: Any, path: str) -> JSON:
    """A Converse ``Citation`` (or citation delta) as an Anthropic citation."""
    location = citation.get("location") if isinstance(citation, dict) else None
    member = next(iter(location), None) if isinstance(location, dict) else None
    if member == SEARCH_RESULT[1]:
        assert isinstance(citation, dict) and isinstance(location, dict)
        return _search_result_to_anthropic(citation, location[member], path)
    if member not in _BY_MEMBER:
        raise TranslationError(
            f"a Converse citation located by {member!r} has no Anthropic counterpart",
            path=f"{path}.location",
        )
    assert isinstance(citation, dict) and isinstance(location, dict)
    kind, start, end = _BY_MEMBER[str(member)]
    where = location[member] if isinstance(location[member], dict) else {}
    return {
        "type": kind,
        "cited_text": _cited_text(citation, path),
        "document_index": where.get("documentIndex"),
        "document_title": citation.get("title"),
        start: where.get("start"),
        end: where.get("end"),
    }


def _search_result_to_anthropic(citation: JSON, where: Any, path: str) -> JSON:
    where = where if isinstance(where, dict) else {}
    return {
        "type": SEARCH_RESULT[0],
        "cited_text": _cited_text(citation, path),
        "search_result_index": where.get("searchResultIndex"),
        "source": citation.get("source"),
        "title": citation.get("title"),
        "start_block_index": where.get("start"),
        "end_block_index": where.get("end"),
    }


def _cited_text(citation: JSON, path: str) -> str:
    source = citation.get("sourceContent") or []
    if not isinstance(source, list):
        raise TranslationError(f"must be a list, got {source!r}", path=f"{path}.sourceContent")
    return "".join(str(part.get("text", "")) for part in source if isinstance(part, dict))
