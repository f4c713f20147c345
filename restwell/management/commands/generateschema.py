"""``manage.py generateschema``: write the API's OpenAPI schema as YAML or JSON."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

__all__ = ["Command"]


class Command(BaseCommand):
    """Generate the OpenAPI schema of the project's API (all endpoints, as public)."""

    help = "Generates configured API schema for project."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--title", dest="title", default="", type=str)
        parser.add_argument("--url", dest="url", default=None, type=str)
        parser.add_argument("--description", dest="description", default=None, type=str)
        parser.add_argument(
            "--format",
            dest="format",
            choices=["openapi", "openapi-json"],
            default="openapi",
            type=str,
            help="openapi (YAML, the default) or openapi-json.",
        )
        parser.add_argument("--urlconf", dest="urlconf", default=None, type=str)
        parser.add_argument("--generator_class", dest="generator_class", default=None, type=str)
        parser.add_argument("--file", dest="file", default=None, type=str)
        parser.add_argument("--api_version", dest="api_version", default="", type=str)

    def handle(self, *args: Any, **options: Any) -> None:
        from restwell.schemas.openapi import SchemaGenerator

        if options["generator_class"]:
            try:
                generator_class = import_string(options["generator_class"])
            except ImportError as exc:
                raise CommandError(
                    "Could not import --generator_class %r: %s" % (options["generator_class"], exc)
                )
        else:
            generator_class = SchemaGenerator
        generator = generator_class(
            url=options["url"],
            title=options["title"],
            description=options["description"],
            urlconf=options["urlconf"],
            version=options["api_version"],
        )
        schema = generator.get_schema(request=None, public=True)
        output = self.get_renderer(options["format"]).render(schema, renderer_context={})
        if options["file"]:
            with open(options["file"], "wb") as fh:
                fh.write(output)
        else:
            self.stdout.write(output.decode())

    def get_renderer(self, format: str) -> Any:
        """Return the renderer for ``--format``."""
        from restwell import renderers

        renderer_cls = {
            "openapi": renderers.OpenAPIRenderer,
            "openapi-json": renderers.JSONOpenAPIRenderer,
        }[format]
        return renderer_cls()
