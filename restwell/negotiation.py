"""Content negotiation: pick the parser for a request body and the renderer for a response.

``DefaultContentNegotiation`` follows HTTP: the parser whose ``media_type``
matches ``Content-Type``; the renderer that satisfies the most specific entry
of ``Accept``, unless ``?format=`` (``URL_FORMAT_OVERRIDE``) or a ``.json``
URL suffix names one. Client headers are bounded (length, token count) before
any parsing, so a hostile ``Accept`` costs little and never causes a 500.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from django.http import Http404

from restwell import exceptions
from restwell.settings import api_settings
from restwell.utils.mediatypes import _MediaType, media_type_matches, order_parsed_by_precedence

__all__ = ["BaseContentNegotiation", "DefaultContentNegotiation"]


class BaseContentNegotiation:
    """Base class: implement ``select_parser()`` and ``select_renderer()``."""

    def select_parser(self, request: Any, parsers: Any) -> Any:
        """Return the parser to read ``request``'s body with, or ``None`` (415)."""
        raise NotImplementedError(".select_parser() must be implemented")

    def select_renderer(
        self, request: Any, renderers: Any, format_suffix: str | None = None
    ) -> Any:
        """Return ``(renderer, accepted_media_type)``, or raise ``NotAcceptable``."""
        raise NotImplementedError(".select_renderer() must be implemented")


# Renderer media types are constants of their classes: parse each string once
# per process. (Client Accept values are never cached across requests.)
_renderer_types: dict[str, _MediaType] = {}


def _renderer_type(media_type: str) -> _MediaType:
    try:
        return _renderer_types[media_type]
    except KeyError:
        parsed = _MediaType(media_type)
        if len(_renderer_types) < 1024:
            _renderer_types[media_type] = parsed
        return parsed


# Accept tokens repeat across requests ("*/*", "application/json"); a parsed
# _MediaType is never mutated, so sharing one is safe. Bounded against floods.
# (Client values are otherwise parsed per request; see _get_parsed_accept_list.)
_client_types: dict[str, _MediaType] = {}


def _client_type(token: str) -> _MediaType:
    try:
        return _client_types[token]
    except KeyError:
        parsed = _MediaType(token)
        # Only parameter-free tokens are shared: those are what API clients
        # send, and a token with parameters is always parsed afresh.
        if ";" not in token and len(_client_types) < 512:
            _client_types[token] = parsed
        return parsed


# (Accept header, renderer media types) -> (renderer index, media type).
_choices: dict[tuple[str, tuple[str, ...]], tuple[int, str]] = {}


_media_type_of = attrgetter("media_type")


class DefaultContentNegotiation(BaseContentNegotiation):
    """Negotiate from ``Content-Type``, ``Accept``, ``?format=`` and format suffixes."""

    settings = api_settings

    max_accept_header_length = 8192
    max_accept_tokens = 64
    max_media_type_length = 256

    def select_parser(self, request: Any, parsers: Any) -> Any:
        """Return the first parser whose ``media_type`` matches the request's
        ``Content-Type``, or ``None`` (the view answers 415).
        """
        content_type = request.content_type
        if content_type and len(content_type) > self.max_media_type_length:
            return None
        for parser in parsers:
            if media_type_matches(parser.media_type, content_type):
                return parser
        return None

    def select_renderer(
        self, request: Any, renderers: Any, format_suffix: str | None = None
    ) -> Any:
        """Return ``(renderer, media_type)`` for the response.

        The media type is the client's own (with its parameters, such as
        ``indent``) when it is at least as specific as the renderer's; else the
        renderer's, plus the client's parameters. Raise ``NotAcceptable`` when
        no renderer fits, and ``Http404`` when a requested format is unknown.
        """
        format_query_param = self.settings.URL_FORMAT_OVERRIDE
        meta = request.META
        # Building request.GET (a QueryDict) costs more than the rest of
        # negotiation: it is read only when the raw query string could carry
        # the parameter ("%": keys may be percent-encoded).
        query = meta.get("QUERY_STRING", "") if format_query_param else ""
        format = format_suffix or (
            request.query_params.get(format_query_param)
            if query and (format_query_param in query or "%" in query)
            else None
        )
        if format:
            renderers = self.filter_renderers(renderers, format)

        # Fast path: the answer for a parameter-free Accept header (what API
        # clients send) depends only on that header and on the renderers'
        # media types, so it is remembered across requests. Subclasses that
        # change how the header is read take the full path.
        key = None
        if type(self).get_accept_list is DefaultContentNegotiation.get_accept_list:
            header = meta.get("HTTP_ACCEPT", "*/*")
            if ";" not in header and len(header) <= self.max_media_type_length:
                key = (header, tuple(map(_media_type_of, renderers)))
                hit = _choices.get(key)
                if hit is not None:
                    return renderers[hit[0]], hit[1]

        accepts = self._get_parsed_accept_list(request)
        for media_type_set in order_parsed_by_precedence(accepts):
            for index, renderer in enumerate(renderers):
                renderer_type = _renderer_type(renderer.media_type)
                for accepted in media_type_set:
                    if not renderer_type.match(accepted):
                        continue
                    if renderer_type.precedence > accepted.precedence:
                        # e.g. the client sent "*/*": answer with the renderer's type.
                        params = "".join(";%s=%s" % item for item in accepted.params.items())
                        media_type = renderer.media_type + params
                    else:
                        media_type = accepted.orig
                    if key is not None and len(_choices) < 1024:
                        _choices[key] = (index, media_type)
                    return renderer, media_type

        raise exceptions.NotAcceptable(available_renderers=renderers)

    def filter_renderers(self, renderers: Any, format: str) -> list[Any]:
        """Keep the renderers whose ``format`` is ``format``; raise ``Http404`` if none."""
        renderers = [renderer for renderer in renderers if renderer.format == format]
        if not renderers:
            raise Http404
        return renderers

    def get_accept_list(self, request: Any) -> list[str]:
        """Return the ``Accept`` header split into media type strings, bounded.

        Headers over ``max_accept_header_length`` are cut at the last comma
        before the limit; tokens over ``max_media_type_length`` are skipped;
        at most ``max_accept_tokens`` are kept.
        """
        # META, not request.headers: building HttpHeaders copies every header.
        header = request.META.get("HTTP_ACCEPT", "*/*")
        limit = self.max_accept_header_length
        if len(header) > limit:
            cut = header.rfind(",", 0, limit)
            header = header[: cut + 1] if cut != -1 else ""
        max_length = self.max_media_type_length
        max_tokens = self.max_accept_tokens
        tokens = []
        for token in header.split(","):
            token = token.strip()
            if not token or len(token) > max_length:
                continue
            tokens.append(token)
            if len(tokens) >= max_tokens:
                break
        return tokens

    def _get_parsed_accept_list(self, request: Any) -> list[_MediaType]:
        # Parsed once per request and kept on it: the error path negotiates a
        # second time (for the 406 body) without parsing the header again.
        parsed = request.__dict__.get("_parsed_accept_list")
        if parsed is None:
            parsed = [_client_type(token) for token in self.get_accept_list(request)]
            try:
                request._parsed_accept_list = parsed
            except Exception:
                pass
        return parsed
