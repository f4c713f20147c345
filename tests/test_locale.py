"""The message catalogues in restwell/locale: completeness and what users see."""

from __future__ import annotations

import gettext
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from restwell import exceptions, serializers
from restwell.decorators import api_view
from restwell.response import Response

LOCALE_DIR = Path(__file__).resolve().parent.parent / "restwell" / "locale"
LANGUAGES = ["fr", "de", "es", "pt_BR", "it", "nl"]

# What a user sees, per language: (required, max_length=3, max_value=5,
# throttled 1 s, throttled 3 s, non-dict serializer input, not found, POST not allowed).
EXPECTED: dict[str, dict[str, str]] = {
    "fr": {
        "required": "Ce champ est obligatoire.",
        "max_length": "Assurez-vous que ce champ ne contient pas plus de 3 caractères.",
        "max_value": "Assurez-vous que cette valeur est inférieure ou égale à 5.",
        "throttled_1": "La requête a été limitée. Disponible à nouveau dans 1 seconde.",
        "throttled_3": "La requête a été limitée. Disponible à nouveau dans 3 secondes.",
        "not_a_dict": "Données invalides. Un dictionnaire était attendu, mais le type reçu est list.",
        "not_found": "Introuvable.",
        "method": "Méthode « POST » non autorisée.",
        "server_error": "Une erreur du serveur est survenue.",
    },
    "de": {
        "required": "Dieses Feld ist erforderlich.",
        "max_length": "Dieses Feld darf höchstens 3 Zeichen enthalten.",
        "max_value": "Dieser Wert muss kleiner oder gleich 5 sein.",
        "throttled_1": "Die Anfrage wurde gedrosselt. Wieder verfügbar in 1 Sekunde.",
        "throttled_3": "Die Anfrage wurde gedrosselt. Wieder verfügbar in 3 Sekunden.",
        "not_a_dict": "Ungültige Daten. Erwartet wurde ein Dictionary, erhalten wurde aber list.",
        "not_found": "Nicht gefunden.",
        "method": "Methode „POST“ nicht erlaubt.",
        "server_error": "Ein Serverfehler ist aufgetreten.",
    },
    "es": {
        "required": "Este campo es obligatorio.",
        "max_length": "Asegúrese de que este campo no tenga más de 3 caracteres.",
        "max_value": "Asegúrese de que este valor sea menor o igual que 5.",
        "throttled_1": "La solicitud fue limitada. Disponible de nuevo en 1 segundo.",
        "throttled_3": "La solicitud fue limitada. Disponible de nuevo en 3 segundos.",
        "not_a_dict": "Datos no válidos. Se esperaba un diccionario, pero se recibió list.",
        "not_found": "No encontrado.",
        "method": 'Método "POST" no permitido.',
        "server_error": "Se ha producido un error en el servidor.",
    },
    "pt_BR": {
        "required": "Este campo é obrigatório.",
        "max_length": "Certifique-se de que este campo não tenha mais de 3 caracteres.",
        "max_value": "Certifique-se de que este valor seja menor ou igual a 5.",
        "throttled_1": "A requisição foi limitada. Disponível novamente em 1 segundo.",
        "throttled_3": "A requisição foi limitada. Disponível novamente em 3 segundos.",
        "not_a_dict": "Dados inválidos. Era esperado um dicionário, mas foi recebido list.",
        "not_found": "Não encontrado.",
        "method": 'Método "POST" não permitido.',
        "server_error": "Ocorreu um erro no servidor.",
    },
    "it": {
        "required": "Questo campo è obbligatorio.",
        "max_length": "Assicurati che questo campo non contenga più di 3 caratteri.",
        "max_value": "Assicurati che questo valore sia minore o uguale a 5.",
        "throttled_1": "La richiesta è stata limitata. Di nuovo disponibile tra 1 secondo.",
        "throttled_3": "La richiesta è stata limitata. Di nuovo disponibile tra 3 secondi.",
        "not_a_dict": "Dati non validi. Era atteso un dizionario, ma è stato ricevuto list.",
        "not_found": "Non trovato.",
        "method": 'Metodo "POST" non consentito.',
        "server_error": "Si è verificato un errore del server.",
    },
    "nl": {
        "required": "Dit veld is verplicht.",
        "max_length": "Zorg ervoor dat dit veld niet meer dan 3 tekens bevat.",
        "max_value": "Zorg ervoor dat deze waarde kleiner dan of gelijk aan 5 is.",
        "throttled_1": "Het verzoek is afgeremd. Weer beschikbaar over 1 seconde.",
        "throttled_3": "Het verzoek is afgeremd. Weer beschikbaar over 3 seconden.",
        "not_a_dict": "Ongeldige gegevens. Een dictionary werd verwacht, maar list werd ontvangen.",
        "not_found": "Niet gevonden.",
        "method": 'Methode "POST" niet toegestaan.',
        "server_error": "Er is een serverfout opgetreden.",
    },
}


class LocaleSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=3)
    count = serializers.IntegerField(max_value=5)


@pytest.fixture(autouse=True)
def _restore_language() -> Any:
    # LocaleMiddleware activates the request's language and leaves it active in
    # the test thread; put the previous one back so later tests are unaffected.
    with translation.override(translation.get_language()):
        yield


def _errors(data: Any) -> dict[str, list[str]]:
    serializer = LocaleSerializer(data=data)
    assert not serializer.is_valid()
    return {key: [str(message) for message in value] for key, value in serializer.errors.items()}


def _django_code(language: str) -> str:
    return translation.to_language(language)


# The catalogues -----------------------------------------------------------


def _entries(po: Path) -> list[dict[str, Any]]:
    """Parse a .po file into entries (msgid, msgstr, flags); enough for our files."""
    entries = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        entry: dict[str, Any] = {"flags": set(), "msgid": "", "msgstr": "", "obsolete": False}
        field = None
        for line in block.strip().splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith(("msgid ", "msgstr ", "msgid_plural ", "msgctxt ")):
                field, _sep, rest = line.partition(" ")
                entry[field] = _unquote(rest)
            elif line.startswith('"') and field:
                entry[field] += _unquote(line)
        entries.append(entry)
    return entries


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(
        r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body
    )


_PLACEHOLDER = re.compile(r"\{[A-Za-z_]*(?::[^}]*)?\}|%\([a-z_]+\)[sd]")


def test_every_language_has_a_catalogue_and_compiled_file() -> None:
    for language in LANGUAGES:
        assert (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").is_file(), language
        assert (LOCALE_DIR / language / "LC_MESSAGES" / "django.mo").is_file(), language


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language: str) -> None:
    entries = _entries(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert "Language: %s\n" % language in header["msgstr"]
    assert len(messages) > 100
    untranslated = [e["msgid"] for e in messages if not e["msgstr"]]
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    obsolete = [e["msgid"] for e in messages if e["obsolete"]]
    assert untranslated == []
    assert fuzzy == []
    assert obsolete == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_keeps_placeholders(language: str) -> None:
    for entry in _entries(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")[1:]:
        assert sorted(_PLACEHOLDER.findall(entry["msgstr"])) == sorted(
            _PLACEHOLDER.findall(entry["msgid"])
        ), entry


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogues_share_the_same_messages(language: str) -> None:
    reference = {e["msgid"] for e in _entries(LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po")[1:]}
    assert {
        e["msgid"] for e in _entries(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")[1:]
    } == reference


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_file_matches_catalogue(language: str) -> None:
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in _entries(folder / "django.po")[1:]:
        assert compiled.gettext(entry["msgid"]) == entry["msgstr"], "stale .mo: run `make messages`"


# What users see -----------------------------------------------------------


def test_drf_translation_fact_for_french() -> None:
    with translation.override("fr"):
        assert _("A server error occurred.") == "Une erreur du serveur est survenue."
        assert str(exceptions.APIException()) == "Une erreur du serveur est survenue."


@pytest.mark.parametrize("language", LANGUAGES)
def test_field_errors(language: str) -> None:
    expected = EXPECTED[language]
    with translation.override(_django_code(language)):
        assert _errors({}) == {"name": [expected["required"]], "count": [expected["required"]]}
        assert _errors({"name": "abcd", "count": 9}) == {
            "name": [expected["max_length"]],
            "count": [expected["max_value"]],
        }


@pytest.mark.parametrize("language", LANGUAGES)
def test_serializer_validation_error(language: str) -> None:
    with translation.override(_django_code(language)):
        serializer = LocaleSerializer(data=[])
        assert not serializer.is_valid()
        assert serializer.errors == {"non_field_errors": [EXPECTED[language]["not_a_dict"]]}
        assert serializer.errors["non_field_errors"][0].code == "invalid"


@pytest.mark.parametrize("language", LANGUAGES)
def test_exceptions(language: str) -> None:
    expected = EXPECTED[language]
    with translation.override(_django_code(language)):
        assert str(exceptions.Throttled(wait=1)) == expected["throttled_1"]
        assert str(exceptions.Throttled(wait=2.2)) == expected["throttled_3"]
        assert str(exceptions.NotFound()) == expected["not_found"]
        assert str(exceptions.MethodNotAllowed("POST")) == expected["method"]
        assert str(exceptions.APIException()) == expected["server_error"]


def test_shared_field_answers_in_each_requests_language() -> None:
    # Fields are built once per serializer class; a message formatted for the
    # first request must not stick for requests in other languages.
    with translation.override("de"):
        assert _errors({"name": "abcd", "count": 1}) == {"name": [EXPECTED["de"]["max_length"]]}
    with translation.override("fr"):
        assert _errors({"name": "abcd", "count": 1}) == {"name": [EXPECTED["fr"]["max_length"]]}
    assert _errors({"name": "abcd", "count": 1}) == {
        "name": ["Ensure this field has no more than 3 characters."]
    }


def test_untranslated_language_falls_back_to_english() -> None:
    with translation.override("fi"):
        assert str(exceptions.NotFound()) == "Not found."
    with translation.override("en"):
        assert (
            str(exceptions.Throttled(wait=3))
            == "Request was throttled. Expected available in 3 seconds."
        )


# Over HTTP, with Django's LocaleMiddleware --------------------------------


@api_view(["POST"])
def locale_create(request: Any) -> Response:
    serializer = LocaleSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return Response(serializer.data, status=201)


@api_view(["GET"])
def locale_throttled(request: Any) -> Response:
    raise exceptions.Throttled(wait=3)


urlpatterns = [
    path("locale/create/", locale_create),
    path("locale/throttled/", locale_throttled),
]

LOCALE_MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]


@override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=LOCALE_MIDDLEWARE)
@pytest.mark.parametrize(
    ("accept_language", "language"), [("de-DE,de;q=0.9", "de"), ("pt-BR", "pt_BR"), ("it", "it")]
)
def test_http_errors_follow_accept_language(
    api_client: Any, accept_language: str, language: str
) -> None:
    expected = EXPECTED[language]
    # headers=, not HTTP_ACCEPT_LANGUAGE=: AsyncClient puts extra keywords in the scope.
    headers = {"accept-language": accept_language}
    response = api_client.post(
        "/locale/create/", {"name": "abcd"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 400
    assert response.json() == {"name": [expected["max_length"]], "count": [expected["required"]]}
    assert response["Content-Language"] == translation.to_language(language)

    response = api_client.get("/locale/throttled/", headers=headers)
    assert response.status_code == 429
    assert response.json() == {"detail": expected["throttled_3"]}
    assert response["Retry-After"] == "3"

    response = api_client.get("/locale/create/", headers=headers)
    assert response.status_code == 405
    assert response.json() == {"detail": expected["method"].replace("POST", "GET")}
