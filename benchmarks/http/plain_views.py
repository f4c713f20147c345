"""The baseline: plain Django views doing the API's work by hand.

Same queries, same JSON (compact, UTF-8) and the same checks on a create
payload as the API's serializers make (required fields, lengths, a unique
code, an existing country and parent), with ``JsonResponse`` and the
standard library's ``json``, as a hand-written Django view would.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponseNotAllowed, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from geodata.models import Country, Subdivision

JSON_OPTIONS = {"ensure_ascii": False, "separators": (",", ":")}
LIST_LENGTH = 50


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params=JSON_OPTIONS)


def hello(request: HttpRequest) -> JsonResponse:
    """S0: the smallest JSON endpoint."""
    return _json({"hello": "world"})


async def ahello(request: HttpRequest) -> JsonResponse:
    """S0 under ASGI: the same, as an ``async def`` view."""
    return _json({"hello": "world"})


def _subdivision(sub: Subdivision) -> dict[str, Any]:
    country = sub.country
    return {
        "code": sub.code,
        "name": sub.name,
        "type": sub.type,
        "parent": sub.parent_id,
        "country": {
            "alpha_2": country.alpha_2,
            "alpha_3": country.alpha_3,
            "name": country.name,
            "flag": country.flag,
        },
    }


@csrf_exempt
def subdivisions(request: HttpRequest) -> Any:
    """S3 list (GET: the first 50 subdivisions, country nested) and create (POST)."""
    if request.method == "GET":
        rows = Subdivision.objects.select_related("country").order_by("code")[:LIST_LENGTH]
        return _json([_subdivision(sub) for sub in rows])
    if request.method == "POST":
        return _create(request)
    return HttpResponseNotAllowed(["GET", "POST"])


def subdivision_detail(request: HttpRequest, code: str) -> JsonResponse:
    """S3 detail: one subdivision, country nested."""
    sub = Subdivision.objects.select_related("country").filter(code=code).first()
    if sub is None:
        return _json({"detail": "No Subdivision matches the given query."}, status=404)
    return _json(_subdivision(sub))


def _text(payload: dict[str, Any], name: str, max_length: int, errors: dict[str, list[str]]) -> str:
    value = payload.get(name)
    if value is None:
        errors[name] = ["This field is required."]
    elif not isinstance(value, str) or not value.strip():
        errors[name] = ["Not a valid string."]
    elif len(value) > max_length:
        errors[name] = ["Ensure this field has no more than %d characters." % max_length]
    else:
        return value.strip()
    return ""


def _create(request: HttpRequest) -> JsonResponse:
    try:
        payload = json.loads(request.body)
    except ValueError:
        return _json({"detail": "JSON parse error"}, status=400)
    if not isinstance(payload, dict):
        return _json({"non_field_errors": ["Invalid data."]}, status=400)
    errors: dict[str, list[str]] = {}
    code = _text(payload, "code", 10, errors)
    name = _text(payload, "name", 150, errors)
    kind = _text(payload, "type", 100, errors)
    if code and Subdivision.objects.filter(code=code).exists():
        errors["code"] = ["subdivision with this code already exists."]
    country = Country.objects.filter(pk=payload.get("country")).first()
    if country is None:
        errors["country"] = ["Invalid pk - object does not exist."]
    parent = None
    if payload.get("parent") is not None:
        parent = Subdivision.objects.filter(pk=payload["parent"]).first()
        if parent is None:
            errors["parent"] = ["Invalid pk - object does not exist."]
    if errors:
        return _json(errors, status=400)
    sub = Subdivision.objects.create(code=code, name=name, type=kind, country=country, parent=parent)
    return _json(
        {"code": sub.code, "name": sub.name, "type": sub.type, "country": country.pk, "parent": sub.parent_id},
        status=201,
    )
