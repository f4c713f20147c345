"""Read a page of ``docs/`` and run its examples.

A page is read from top to bottom:

- A ```` ```python ```` block whose first line is a comment naming a file
  (``# notes/models.py``) becomes that module, so later blocks can
  ``from notes.models import Note``. Blocks without such a comment run in one
  module of the page. Each module really lives under ``tests.docs.examples``,
  which puts its models in the ``tests`` app: model names must be unique in the
  test suite.
- A block for a file ending in ``settings.py`` is not a module: its
  ``REST_FRAMEWORK`` and ``RESTWELL`` dicts are applied with
  ``override_settings`` while the page's commands run, and so is
  ``ROOT_URLCONF`` (by default the last module that defines ``urlpatterns``).
- A ```` ```console ```` block lists ``$ `` commands, each followed by the
  output a reader sees. ``curl`` is replayed through Django's test client,
  and links in the responses are read as if the test server ran at the
  address the command names (http://127.0.0.1:8000). ``python manage.py X``
  runs through ``call_command``, except the commands that build or edit a
  project (``startproject``, ``migrate``, ``runserver``, ``pip``, …), whose
  work the test database and the page's modules do. Any other command fails
  the test, so a page cannot show a command that nothing checks.

A reader cannot know a token the server generates, so a 40-character hex
string in expected JSON matches any such string; the page's own value is then
replaced by the real one in the commands that follow.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import re
import shlex
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.management import call_command

DOCS = Path(__file__).resolve().parents[2] / "docs"
PACKAGE = "tests.docs.examples"

# Commands that build or edit the reader's project, or start a server; the
# test database, the page's modules and the test client stand in for them.
SETUP_COMMANDS = {"pip", "python -m", "django-admin", "cd", "source", ".", "grep"}
SETUP_MANAGE_COMMANDS = {"startapp", "makemigrations", "migrate", "runserver"}

FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```\s*$", re.S | re.M)
FILE_COMMENT = re.compile(r"^#\s*([\w/.-]+\.py)\b")
TOKEN = re.compile(r"^[0-9a-f]{40}$")


@dataclass
class Block:
    lang: str
    text: str
    line: int  # line of the page where the code starts


@dataclass
class Command:
    argv: list[str]
    env: dict[str, str]
    expected: str
    line: int


@dataclass
class Page:
    name: str
    blocks: list[Block]
    rest_framework: dict[str, Any] | None = None
    restwell: dict[str, Any] | None = None
    root_urlconf: str | None = None
    modules: dict[str, types.ModuleType] = field(default_factory=dict)

    @classmethod
    def read(cls, name: str) -> Page:
        text = (DOCS / f"{name}.md").read_text()
        blocks = []
        for match in FENCE.finditer(text):
            line = text.count("\n", 0, match.start(2)) + 1
            blocks.append(Block(match.group(1), match.group(2), line))
        return cls(name, blocks)

    def python_blocks(self) -> list[Block]:
        return [block for block in self.blocks if block.lang == "python"]

    def compile_all(self) -> None:
        """Compile every Python block (a syntax error names the page and line)."""
        for block in self.python_blocks():
            compile(_padded(block), f"docs/{self.name}.md", "exec")

    # -- Python blocks -------------------------------------------------------

    def load(self) -> Page:
        """Run the page's Python blocks, once per process."""
        if self.modules:
            return self
        page_module = self._module(f"{PACKAGE}.{self.name}", short=None)
        last_urlconf = None
        for block in self.python_blocks():
            match = FILE_COMMENT.match(block.text)
            filename = match.group(1) if match else None
            if filename and filename.endswith("settings.py"):
                self._apply_settings(block)
                continue
            if filename:
                short = filename[: -len(".py")].replace("/", ".")
                module = self._module(f"{PACKAGE}.{self.name}.{short}", short=short)
            else:
                module = page_module
            exec(compile(_padded(block), f"docs/{self.name}.md", "exec"), module.__dict__)
            if "urlpatterns" in module.__dict__:
                last_urlconf = module.__name__
        self.root_urlconf = self.root_urlconf or last_urlconf
        return self

    def _module(self, real_name: str, short: str | None) -> types.ModuleType:
        if real_name in self.modules:
            return self.modules[real_name]
        module = types.ModuleType(real_name)
        module.__file__ = str(DOCS / f"{self.name}.md")
        sys.modules[real_name] = module
        self.modules[real_name] = module
        if short:
            existing = sys.modules.get(short)
            if existing is not None and existing is not module:
                raise RuntimeError(f"docs/{self.name}.md: module {short!r} already exists")
            sys.modules[short] = module
            parent, _, child = short.rpartition(".")
            if parent:
                package = sys.modules.get(parent) or self._module(
                    f"{PACKAGE}.{self.name}.{parent}", short=parent
                )
                package.__path__ = []  # a namespace for the page's submodules
                setattr(package, child, module)
        return module

    def _apply_settings(self, block: Block) -> None:
        namespace: dict[str, Any] = {"__name__": "settings"}
        exec(compile(_padded(block), f"docs/{self.name}.md", "exec"), namespace)
        if "REST_FRAMEWORK" in namespace:
            self.rest_framework = namespace["REST_FRAMEWORK"]
        if "RESTWELL" in namespace:
            self.restwell = namespace["RESTWELL"]
        if "ROOT_URLCONF" in namespace:
            short = namespace["ROOT_URLCONF"]
            self.root_urlconf = f"{PACKAGE}.{self.name}.{short}"

    def settings(self) -> dict[str, Any]:
        """The settings the page's commands run under."""
        overrides: dict[str, Any] = {
            "REST_FRAMEWORK": self.rest_framework or {},
            "RESTWELL": self.restwell or {},
        }
        if self.root_urlconf:
            overrides["ROOT_URLCONF"] = self.root_urlconf
        return overrides

    # -- console blocks ------------------------------------------------------

    def commands(self) -> Iterator[Command]:
        for block in self.blocks:
            if block.lang != "console":
                continue
            yield from _parse_console(block)


def _padded(block: Block) -> str:
    # Leading newlines make tracebacks point at the page's own line numbers.
    return "\n" * (block.line - 1) + block.text


def _parse_console(block: Block) -> Iterator[Command]:
    lines = block.text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.startswith("$ "):
            raise ValueError(f"line {block.line + index}: expected a '$ ' command, got {line!r}")
        start = block.line + index
        command = line[2:]
        while command.endswith("\\"):
            index += 1
            command = command[:-1] + " " + lines[index].strip()
        index += 1
        output = []
        while index < len(lines) and not lines[index].startswith("$ "):
            output.append(lines[index])
            index += 1
        argv = shlex.split(command)
        env = {}
        while argv and re.match(r"^[A-Z_][A-Z0-9_]*=", argv[0]):
            key, _, value = argv.pop(0).partition("=")
            env[key] = value
        yield Command(argv, env, "\n".join(output).strip("\n"), start)


# -- running commands ---------------------------------------------------------


@dataclass
class Replay:
    """Run a page's commands in order against one test client."""

    page: Page
    client: Any
    captured: dict[str, str] = field(default_factory=dict)

    def run_all(self) -> int:
        count = 0
        for command in self.page.commands():
            if self.run(command):
                count += 1
        return count

    def run(self, command: Command) -> bool:
        argv = [self._substitute(arg) for arg in command.argv]
        where = f"docs/{self.page.name}.md:{command.line}: {' '.join(argv)}"
        if argv[0] == "curl":
            self._curl(argv[1:], command.expected, where)
            return True
        if argv[:2] == ["python", "manage.py"]:
            if argv[2] in SETUP_MANAGE_COMMANDS:
                return False
            self._manage(argv[2:], command, where)
            return True
        if argv[0] in SETUP_COMMANDS or " ".join(argv[:2]) in SETUP_COMMANDS:
            return False
        raise AssertionError(f"{where}: the docs tests cannot replay this command")

    def _substitute(self, text: str) -> str:
        for written, real in self.captured.items():
            text = text.replace(written, real)
        return text

    def _manage(self, args: list[str], command: Command, where: str) -> None:
        out = io.StringIO()
        saved = {key: os.environ.get(key) for key in command.env}
        os.environ.update(command.env)
        try:
            # `shell -c` prints to sys.stdout, other commands to their stdout.
            with contextlib.redirect_stdout(out):
                call_command(*args, stdout=out, stderr=io.StringIO())
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        assert out.getvalue().strip() == command.expected, f"{where}\nprinted: {out.getvalue()}"

    def _curl(self, args: list[str], expected: str, where: str) -> None:
        request = _parse_curl(args)
        response = self.client.generic(
            request.method,
            request.path,
            data=request.body,
            content_type=request.content_type,
            headers=request.headers,
        )
        # The test client's host is "testserver" (the ASGI test client cannot
        # send another Host header): links name it where the page's server is.
        body = response.content.decode().replace("http://testserver", request.origin)
        if request.include_headers:
            head, _, expected_body = expected.partition("\n\n")
            status_line, *header_lines = head.splitlines()
            actual_status = f"HTTP/1.1 {response.status_code} {response.reason_phrase}"
            assert actual_status == status_line, f"{where}\n{body}"
            for header_line in header_lines:
                name, _, value = header_line.partition(": ")
                actual = (response.get(name) or "").replace("http://testserver", request.origin)
                assert actual == value, f"{where}: header {name} is {actual!r}"
        else:
            expected_body = expected
        if request.discard_body:
            assert expected_body.strip() == "", f"{where}: the body goes to /dev/null"
            return
        self._compare_body(body, expected_body.strip(), where)

    def _compare_body(self, body: str, expected: str, where: str) -> None:
        try:
            wanted = json.loads(expected, object_pairs_hook=list)
        except ValueError:
            assert body.strip() == expected, where
            return
        actual = json.loads(body, object_pairs_hook=list)
        assert self._match(actual, wanted), f"{where}\nserver sent: {body}"

    def _match(self, actual: Any, wanted: Any) -> bool:
        if isinstance(wanted, str) and isinstance(actual, str):
            wanted = self._substitute(wanted)
            if TOKEN.match(wanted) and TOKEN.match(actual) and wanted != actual:
                if wanted in self.captured:
                    return self.captured[wanted] == actual
                self.captured[wanted] = actual
                return True
            return wanted == actual
        if isinstance(wanted, list) and isinstance(actual, list):
            return len(wanted) == len(actual) and all(
                self._match(a, w) for a, w in zip(actual, wanted, strict=True)
            )
        if isinstance(wanted, tuple) and isinstance(actual, tuple):
            return wanted[0] == actual[0] and self._match(actual[1], wanted[1])
        return type(actual) is type(wanted) and actual == wanted


@dataclass
class CurlRequest:
    method: str = "GET"
    path: str = "/"
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    content_type: str = ""
    include_headers: bool = False
    discard_body: bool = False
    origin: str = ""


def _parse_curl(args: list[str]) -> CurlRequest:
    request = CurlRequest()
    data: list[str] = []
    method = None
    url = None
    # "-si" is "-s -i": expand bundles of the flags that take no value.
    expanded = []
    for arg in args:
        if re.fullmatch(r"-[si]{2,}", arg):
            expanded.extend(f"-{letter}" for letter in arg[1:])
        else:
            expanded.append(arg)
    items = iter(expanded)
    for arg in items:
        if arg in ("-s", "--silent"):
            continue
        if arg in ("-i", "--include"):
            request.include_headers = True
        elif arg in ("-D", "--dump-header"):
            assert next(items) == "-", "only '-D -' (headers to the terminal) is supported"
            request.include_headers = True
        elif arg in ("-o", "--output"):
            assert next(items) == "/dev/null", "only '-o /dev/null' is supported"
            request.discard_body = True
        elif arg in ("-X", "--request"):
            method = next(items)
        elif arg in ("-H", "--header"):
            name, _, value = next(items).partition(":")
            request.headers[name.strip()] = value.strip()
        elif arg in ("-d", "--data"):
            data.append(next(items))
        elif arg == "--json":
            data.append(next(items))
            request.headers.setdefault("Content-Type", "application/json")
            request.headers.setdefault("Accept", "application/json")
        elif arg in ("-u", "--user"):
            credentials = base64.b64encode(next(items).encode()).decode()
            request.headers["Authorization"] = f"Basic {credentials}"
        elif arg.startswith("-"):
            raise AssertionError(f"curl option {arg} is not supported by the docs tests")
        else:
            url = arg
    assert url is not None, "curl without a URL"
    parts = urlsplit(url)
    request.path = parts.path + (f"?{parts.query}" if parts.query else "")
    request.origin = f"{parts.scheme}://{parts.netloc}"
    if data:
        request.body = "&".join(data)
        request.content_type = request.headers.pop(
            "Content-Type", "application/x-www-form-urlencoded"
        )
        request.method = method or "POST"
    else:
        request.content_type = request.headers.pop("Content-Type", "")
        request.method = method or "GET"
    return request
