"""Figures in lessons and guides: an image in a `::: figure` block, with alt text and a caption, from a file of the module's
figures/ folder that exists, is small, and (for SVG) can neither run script nor load anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolbox.content import CatalogCache, build_catalog
from toolbox.content.errors import ErrorLog
from toolbox.content.figures import MAX_BYTES, png_problems, svg_problems
from toolbox.content.markdown import render_document
from toolbox.content.models import BrokenFile, Topic

FIXTURES = Path(__file__).parent.parent / "fixtures" / "content"
REAL = Path(__file__).parent.parent.parent / "content"
TOPIC = "modules/demo/01-first-topic.md"
IMAGE = "![Two phases: before, then after.](figures/phases.svg)"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}</svg>'


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def test_a_figure_block_takes_its_image_and_keeps_its_text_version():
    cat = build_catalog(FIXTURES)
    (figure,) = cat.topic("demo", "first-topic").doc.blocks("figure")
    assert (figure.image.alt, figure.image.module, figure.image.name) == ("Two phases: before, then after.", "demo", "phases.svg")
    assert (figure.image.width, figure.image.height) == (400, 120)  # from the SVG's width and height
    assert "<img" not in figure.html and "<table>" in figure.html
    assert set(cat.figures) == {"demo/phases.svg", "demo/sheet.png"}
    assert cat.figures["demo/sheet.png"].media_type == "image/png" and cat.activity("demo", "1-vote").doc.figures == ["sheet.png"]


# (replacement for IMAGE, or (old, new) in the topic; the reported line's needle; message; does the page still show?)
MISTAKES = [
    ("![](figures/phases.svg)", "![](figures/phases.svg)", "has no alt text", False),
    ("![  ](figures/phases.svg)", "![  ](figures/phases.svg)", "has no alt text", False),
    (
        "![A picture](figures/nothere.svg)",
        "nothere",
        "'figures/nothere.svg' is not there: add the file content/modules/demo/figures/nothere.svg",
        True,
    ),
    ("![A picture](../index.md)", "../index.md", "must be a file of the module's figures folder", False),
    ("![A picture](figures/../../index.md)", "figures/../", "must be a file of the module's figures folder", False),
    ("![A picture](/etc/passwd)", "/etc/passwd", "must be a file of the module's figures folder", False),
    ("![A picture](https://example.org/x.svg)", "example.org", "must be a file of the module's figures folder", False),
    ("![A picture](figures/Phases.SVG)", "Phases.SVG", "must be a file of the module's figures folder", False),
    ("![A picture](figures/notes.txt)", "notes.txt", "must be a file of the module's figures folder", False),
    ('![A picture](figures/phases.svg "Caption")', "Caption", "takes no quoted title", False),
    ("See ![A picture](figures/phases.svg) here.", "See ![A picture]", "on a line of its own", False),
    (f"{IMAGE}\n\n![Again](figures/phases.svg)", "![Again]", "shows one image", False),
    (
        ('source="Our reconstruction"} Phases of the cycle', 'source="Our reconstruction"}'),
        "::: figure",
        "block 'figure' needs a title after its attributes (the figure's caption)",
        False,
    ),
    (("## 2. More", f"## 2. More\n\n{IMAGE}"), IMAGE, "an image goes in a '::: figure {#id} Caption' block", False),
    (("prompt: Where are", "prompt: Look at ![a map](figures/phases.svg). Where are"), "![a map]", "an image goes in a '::: figure", False),
]


@pytest.mark.parametrize(("change", "needle", "message", "shows"), MISTAKES, ids=lambda v: str(v)[:40])
def test_image_mistakes_are_reported_with_path_and_line(content_dir: Path, change, needle: str, message: str, shows: bool):
    path = content_dir / TOPIC
    old, new = change if isinstance(change, tuple) else (IMAGE, change)
    text = path.read_text().replace(old, new, 1)
    path.write_text(text)
    cat = build_catalog(content_dir)
    expected = f"content/{TOPIC}:{line_of(text, needle)}: "
    assert any(str(e).startswith(expected) and message in str(e) for e in cat.errors), [str(e) for e in cat.errors]
    topic = cat.topic("demo", "first-topic")
    assert isinstance(topic, Topic if shows else BrokenFile)
    if shows:  # a missing or unsafe file is checked like a link: the lesson shows its text version, without the picture
        assert topic.doc.blocks("figure")[0].image is None and "<table>" in topic.doc.blocks("figure")[0].html


def write_figure(content_dir: Path, data: bytes | str) -> None:
    (content_dir / "modules/demo/figures/phases.svg").write_bytes(data.encode() if isinstance(data, str) else data)


def figure_errors(content_dir: Path) -> list[str]:
    cat = build_catalog(content_dir)
    assert "demo/phases.svg" not in cat.figures  # never served
    line = line_of((content_dir / TOPIC).read_text(), IMAGE)
    errors = [str(e) for e in cat.errors]
    assert errors and all(e.startswith(f"content/{TOPIC}:{line}: figure 'figures/phases.svg' ") for e in errors), errors
    return errors


def test_a_file_over_the_size_limit_is_refused(content_dir: Path):
    write_figure(content_dir, SVG.format("<!--" + "x" * MAX_BYTES + "-->"))
    (error,) = figure_errors(content_dir)
    assert "is 200 KB, over the limit of 200 KB" in error


def test_an_svg_with_a_script_is_refused_and_the_lesson_still_shows(content_dir: Path):
    write_figure(content_dir, SVG.format('\n<script>alert(1)</script>\n<rect onload="alert(1)" width="5" height="5"/>'))
    errors = figure_errors(content_dir)
    assert any("line 2: <script> is not allowed" in e for e in errors)
    assert any('line 3: the event attribute onload="…" is not allowed' in e for e in errors)
    assert isinstance(build_catalog(content_dir).topic("demo", "first-topic"), Topic)


def test_a_link_to_a_file_outside_the_content_folder_is_refused(content_dir: Path, tmp_path: Path):
    outside = tmp_path / "outside.svg"
    outside.write_text(SVG.format(""))
    figure = content_dir / "modules/demo/figures/phases.svg"
    figure.unlink()
    figure.symlink_to(outside)
    (error,) = figure_errors(content_dir)
    assert "is a link to a file outside the content folder" in error


UNSAFE_SVG = [
    ("<script>alert(1)</script>", "<script> is not allowed"),
    ('<script xlink:href="x.js" xmlns:xlink="http://www.w3.org/1999/xlink"/>', "<script> is not allowed"),
    ('<rect onload="alert(1)"/>', 'the event attribute onload="…" is not allowed'),
    ('<rect ONCLICK="alert(1)"/>', 'the event attribute ONCLICK="…" is not allowed'),
    ('<a href="javascript:alert(1)"><text>x</text></a>', "a javascript: link in href"),
    ('<a href="java\nscript:alert(1)"><text>x</text></a>', "a javascript: link in href"),
    ('<a xlink:href="JavaScript:alert(1)" xmlns:xlink="http://www.w3.org/1999/xlink"/>', "a javascript: link in href"),
    ('<set attributeName="href" to="javascript:alert(1)"/>', "a javascript: link in to"),
    ("<foreignObject><p>html</p></foreignObject>", "<foreignObject> is not allowed"),
    ('<image href="https://example.org/track.png"/>', "<image> links to 'https://example.org/track.png'"),
    ('<use href="other.svg#shape"/>', "<use> links to 'other.svg#shape'"),
    ('<image href="data:image/png;base64,AAAA"/>', "<image> links to 'data:image/png;base64,AAAA'"),
    ('<rect style="fill: url(https://example.org/x)"/>', "CSS 'url(https://example.org/x)'"),
    ("<rect fill=\"url('other.svg#g')\"/>", "CSS 'url(other.svg#g)'"),
    ("<style>@import 'https://example.org/x.css';</style>", "CSS '@import'"),
    ("<style>rect { fill: url(http://x/y) }</style>", "CSS 'url(http://x/y)' (only url(#id) of the same file is allowed) in <style>"),
    ("<iframe/>", "<iframe> is not allowed"),
    ("<rect>", "not well-formed XML"),
]


@pytest.mark.parametrize(("inner", "message"), UNSAFE_SVG, ids=lambda v: v[:40])
def test_unsafe_svg_is_refused_with_its_line(inner: str, message: str):
    problems, _ = svg_problems(("\n" + SVG.format("\n" + inner)).encode())
    assert any(p.startswith("line ") and message in p for p in problems), problems


def test_doctype_entities_and_processing_instructions_are_refused_before_they_expand():
    laughs = '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n' + SVG.format(
        "&b;"
    )
    assert svg_problems(laughs.encode())[0] == ["line 2: a <!DOCTYPE> is not allowed (it can pull in outside content): remove it"]
    styled = '<?xml-stylesheet href="https://example.org/x.css"?>\n' + SVG.format("")
    assert "processing instruction <?xml-stylesheet …?>" in svg_problems(styled.encode())[0][0]


def test_a_safe_svg_passes_and_gives_its_size():
    inner = '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="stroke: url(#g)"/><use href="#g"/><title>T</title>'
    assert svg_problems(SVG.format(inner).encode()) == ([], (10, 10))
    sized = '<svg xmlns="http://www.w3.org/2000/svg" width="640px" height="480" viewBox="0 0 10 10"/>'
    assert svg_problems(sized.encode()) == ([], (640, 480))


def test_only_an_svg_root_and_a_real_png_pass():
    assert "root element is <html>" in svg_problems(b"<html><body/></html>")[0][0]
    assert "not an SVG <svg> element" in svg_problems(b"<svg><rect/></svg>")[0][0]  # no SVG namespace
    assert png_problems(b"GIF89a....")[0] == ["the file is not a PNG image (its first bytes are not a PNG signature)"]
    png = (FIXTURES / "modules/demo/figures/sheet.png").read_bytes()
    assert png_problems(png) == ([], (3, 2))


def test_how_an_image_is_written_is_checked_without_the_files():
    """The docs' examples are rendered without a content tree: the syntax is checked, the file is not looked for."""
    log = ErrorLog("docs/authoring.md")
    doc = render_document("::: figure {#cycle} The cycle\n![The four phases in a circle.](figures/cycle.svg)\n\nText.\n:::", 1, log)
    assert log.errors == []
    assert doc.parts[0].image.src == "figures/cycle.svg" and doc.figures == ["cycle.svg"]
    render_document("::: figure {#cycle} The cycle\n![](figures/cycle.svg)\n:::", 1, log)
    assert [str(e) for e in log.errors] == [
        "docs/authoring.md:2: the image 'figures/cycle.svg' has no alt text: say what the figure shows between the brackets, "
        "![…](figures/cycle.svg)"
    ]


def test_a_redrawn_figure_is_checked_again_when_reloading(content_dir: Path):
    cache = CatalogCache(content_dir, reload=True, interval=0)
    assert "demo/phases.svg" in cache.get().figures
    svg = content_dir / "modules/demo/figures/phases.svg"
    svg.write_text(svg.read_text().replace("<title", "<script>alert(1)</script><title"))  # a new size: no wait for the clock
    assert "demo/phases.svg" not in cache.get().figures


def test_a_figure_no_page_shows_is_a_warning(content_dir: Path):
    (content_dir / "modules/demo/figures/spare.svg").write_text(SVG.format(""))
    cat = build_catalog(content_dir)
    assert cat.errors == [] and "demo/spare.svg" not in cat.figures
    expected = "content/modules/demo/figures/spare.svg:1: no page shows this figure: add '![alt text](figures/spare.svg)'"
    assert [str(w) for w in cat.warnings if "spare" in str(w)][0].startswith(expected)


@pytest.mark.parametrize("path", sorted(REAL.glob("modules/*/figures/*.svg")), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_the_toolbox_drawings_are_safe_titled_and_sized(path: Path):
    """Checked here too, so a drawing is safe before a lesson shows it."""
    data = path.read_bytes()
    problems, size = svg_problems(data)
    assert problems == [] and len(data) <= MAX_BYTES
    assert size is not None and size[0] <= 600  # about 560 wide: its text still reads when shrunk to a phone's column
    text = data.decode()
    assert "<title" in text and "<desc" in text and 'role="img"' in text
