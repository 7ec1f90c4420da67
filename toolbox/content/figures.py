"""Figure files (SVG or PNG) beside a module's lessons: found, size-checked and, for SVG, proved inert before any page shows them."""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

# The one way to name a figure from Markdown: a file of the module's own figures/ folder. No folder, no "..",
# no address of another site can be written, so a reference cannot leave the content tree.
FIGURE_SRC = re.compile(r"^figures/(?P<name>[a-z0-9]+(?:-[a-z0-9]+)*\.(?:svg|png))$")
FOLDER = "figures"
MAX_BYTES = 200 * 1024
MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
SVG_NS = "http://www.w3.org/2000/svg"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Elements that run script, embed another document or play media: none has a place in a drawing.
FORBIDDEN = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video", "handler", "listener"}
URL_IN_CSS = re.compile(r"url\(\s*['\"]?\s*(?P<target>[^'\")\s]*)", re.IGNORECASE)
NUMBER = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?:px)?\s*$")


@dataclass(frozen=True)
class FigureFile:
    """A figure file that passed every check, ready to serve."""

    module: str
    name: str
    path: Path
    media_type: str
    width: int | None = None
    height: int | None = None
    # The checked bytes' SHA-256: a file edited since its check is not served until it has been checked again.
    digest: str = ""

    def read(self) -> bytes | None:
        """The file's bytes if they are still those that were checked, else None."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == self.digest else None


class _Stop(Exception):
    """Raised inside the XML parser to stop reading a file at its first declaration that could pull in outside text."""


def _external(value: str) -> bool:
    """True for a link that is not a fragment of the same file (`#id`)."""
    return not value.strip().startswith("#")


def _css_problems(css: str) -> list[str]:
    problems = []
    if "@import" in css.lower():
        problems.append("CSS '@import' (it loads another file)")
    for m in URL_IN_CSS.finditer(css):
        if _external(m["target"]):
            problems.append(f"CSS 'url({m['target']})' (only url(#id) of the same file is allowed)")
    return problems


def svg_problems(data: bytes) -> tuple[list[str], tuple[int, int] | None]:
    """What makes an SVG unsafe or unusable as a figure (each 'line N: …'), and its size from width/height or viewBox."""
    problems: list[str] = []
    size: list[tuple[int, int]] = []
    depth = 0
    style_text: list[tuple[int, list[str]]] = []
    parser = expat.ParserCreate(namespace_separator=" ")

    def at(message: str) -> None:
        problems.append(f"line {parser.CurrentLineNumber}: {message}")

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        ns, _, local = name.rpartition(" ")
        if depth == 0:
            if local != "svg" or ns != SVG_NS:
                at(f'the file\'s root element is <{local}>, not an SVG <svg> element (xmlns="{SVG_NS}")')
            else:
                found = _svg_size(attrs)
                if found:
                    size.append(found)
        depth += 1
        if local.lower() in FORBIDDEN:
            at(f"<{local}> is not allowed in a figure (it can run script or load other content)")
        if local == "style":
            style_text.append((parser.CurrentLineNumber, []))
        for key, value in attrs.items():
            attr = key.rpartition(" ")[2]
            compact = "".join(value.split()).lower()
            if attr.lower().startswith("on"):
                at(f'the event attribute {attr}="…" is not allowed (it runs script)')
            elif "javascript:" in compact:
                at(f'a javascript: link in {attr}="…" is not allowed')
            elif attr == "href" and _external(value):
                at(f"<{local}> links to '{value.strip()[:60]}': a figure may only refer to its own parts (href=\"#id\")")
            elif attr == "style" or "url(" in compact:
                for problem in _css_problems(value):
                    at(f'{problem} in {attr}="…"')

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1
        if name.rpartition(" ")[2] == "style" and style_text:
            line, chunks = style_text.pop()
            for problem in _css_problems("".join(chunks)):
                problems.append(f"line {line}: {problem} in <style>")

    def text(data: str) -> None:
        if style_text:
            style_text[-1][1].append(data)

    def doctype(*_args: object) -> None:
        # A DOCTYPE can declare entities that expand into other files or into huge text: stop before reading it.
        at("a <!DOCTYPE> is not allowed (it can pull in outside content): remove it")
        raise _Stop

    def instruction(target: str, _data: str) -> None:
        at(f"the processing instruction <?{target} …?> is not allowed (e.g. an outside stylesheet): remove it")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _Stop:
        pass
    except expat.ExpatError as exc:
        problems.append(f"line {exc.lineno}: the file is not well-formed XML ({expat.ErrorString(exc.code)})")
    return problems, (size[0] if size else None)


def _svg_size(attrs: dict[str, str]) -> tuple[int, int] | None:
    """The drawing's size in CSS pixels: width and height if both are plain numbers, else the viewBox's."""
    w, h = NUMBER.match(attrs.get("width", "")), NUMBER.match(attrs.get("height", ""))
    if w and h:
        return round(float(w["n"])), round(float(h["n"]))
    parts = attrs.get("viewBox", "").replace(",", " ").split()
    if len(parts) == 4:
        try:
            width, height = float(parts[2]), float(parts[3])
        except ValueError:
            return None
        if width > 0 and height > 0:
            return round(width), round(height)
    return None


def png_problems(data: bytes) -> tuple[list[str], tuple[int, int] | None]:
    """Whether the file really is a PNG, and its size in pixels."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR" or len(data) < 24:
        return ["the file is not a PNG image (its first bytes are not a PNG signature)"], None
    width, height = struct.unpack(">II", data[16:24])
    return [], (width, height)


class FigureStore:
    """The figure files of one content tree, each read and checked once however many pages show it."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._checked: dict[tuple[str, str], tuple[FigureFile | None, list[str]]] = {}

    def path_of(self, module: str, name: str) -> Path:
        """Where a module's figure lives: content/modules/<module>/figures/<name>."""
        return self.root / "modules" / module / FOLDER / name

    def check(self, module: str, name: str) -> tuple[FigureFile | None, list[str]]:
        """The checked file (None when it must not be shown) and the reasons it cannot be."""
        key = (module, name)
        if key not in self._checked:
            self._checked[key] = self._check(module, name)
        return self._checked[key]

    def _check(self, module: str, name: str) -> tuple[FigureFile | None, list[str]]:
        path = self.path_of(module, name)
        shown = f"{self.root.name}/modules/{module}/{FOLDER}/{name}"
        if not path.is_file():
            return None, [f"is not there: add the file {shown}"]
        try:
            path.resolve().relative_to(self.root.resolve())
        except ValueError:
            return None, [f"({shown}) is a link to a file outside the content folder: copy the file itself there"]
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [f"is {size / 1024:.0f} KB, over the limit of {MAX_BYTES // 1024} KB: simplify or compress it"]
        data = path.read_bytes()
        suffix = path.suffix
        problems, dims = svg_problems(data) if suffix == ".svg" else png_problems(data)
        if problems:
            return None, problems
        width, height = dims if dims else (None, None)
        digest = hashlib.sha256(data).hexdigest()
        return FigureFile(module, name, path.resolve(), MEDIA_TYPES[suffix], width, height, digest), []

    def seen(self, module: str, name: str) -> bool:
        """True when a page asked for this figure (whether or not it passed)."""
        return (module, name) in self._checked

    def files(self) -> dict[str, FigureFile]:
        """Every figure that passed its checks, by `module/name`."""
        return {f"{m}/{n}": f for (m, n), (f, _) in self._checked.items() if f is not None}
