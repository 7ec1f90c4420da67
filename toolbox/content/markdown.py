"""Safe Markdown for authors: our `:::` blocks, checked links, no raw HTML."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.container import container_plugin

from .errors import ErrorLog
from .figures import FIGURE_SRC, FigureFile
from .models import Box, Document, Heading, Html, Image, Question, Reference, Reflection
from .schema import SLUG

# Given a file name of the module's figures/ folder: the checked file (None if it cannot be shown) and why not.
FigureCheck = Callable[[str], tuple[FigureFile | None, list[str]]]

# kind: (id required, title required, allowed attributes, required attributes)
BLOCKS: dict[str, tuple[bool, bool, frozenset[str], frozenset[str]]] = {
    "reflection": (True, False, frozenset({"added"}), frozenset()),
    "case": (True, True, frozenset({"place"}), frozenset({"place"})),
    "key-points": (False, False, frozenset(), frozenset()),
    "go-further": (False, False, frozenset(), frozenset()),
    "figure": (True, True, frozenset({"adapted", "source"}), frozenset()),
    "note": (False, False, frozenset(), frozenset()),
    "editorial": (False, False, frozenset(), frozenset()),
    "handout": (True, True, frozenset(), frozenset()),
}
FLAGS = frozenset({"added", "adapted"})

HEADER = re.compile(r"^(?P<kind>[A-Za-z][\w-]*)\s*(?:\{(?P<attrs>[^}]*)\})?\s*(?P<title>.*)$")
ATTR = re.compile(r'\s*(?:#(?P<id>[^\s}]+)|(?P<key>[A-Za-z][\w-]*)(?:=(?:"(?P<q>[^"]*)"|(?P<v>[^\s"]+)))?)')
QUESTION_ID = re.compile(r"^\{#(?P<id>[^}\s]*)\}\s*")


def url_for_ref(target: str) -> str:
    """The site path an `@` reference points to."""
    path, _, anchor = target[1:].partition("#")
    parts = path.split("/")
    url = "/activities/" + "/".join(parts[1:]) if parts[0] == "activities" else "/modules/" + "/".join(parts)
    return url + (f"#{anchor}" if anchor else "")


def _lines_before(text: str, href: str) -> int:
    """How many lines of a paragraph come before its link to `href` (so a link is reported on its own line)."""
    at = text.find(f"]({href}")
    return text.count("\n", 0, at) if at > 0 else 0


def _rewrite_links(state) -> None:
    """Record `@` and `#` links for checking and turn `@` references into site paths."""
    env = state.env
    refs: list[Reference] = env.setdefault("refs", [])
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        line = env.get("line") or (env.get("offset", 1) + (token.map[0] if token.map else 0))
        for child in token.children:
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if href.startswith(("@", "#")):
                    refs.append(Reference(href, line + _lines_before(token.content, href)))
                if href.startswith("@"):
                    child.attrSet("href", url_for_ref(href))
            elif child.type == "image":
                src = str(child.attrGet("src") or "")
                env.setdefault("images", []).append((line + _lines_before(token.content, src), child))


def build_markdown() -> MarkdownIt:
    """The one Markdown parser every content file goes through."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(anchors_plugin, min_level=2, max_level=4)
    for kind in BLOCKS:
        container_plugin(md, kind)
    # any other `::: word` line still opens a container, so we can report its kind
    container_plugin(md, "unknown", validate=lambda params, *a: bool(params.strip()) and params.strip().split(" ", 1)[0] not in BLOCKS)
    md.core.ruler.push("toolbox_links", _rewrite_links)
    return md


MD = build_markdown()


def parse_header(info: str) -> tuple[str, str | None, dict[str, str], str, list[str]]:
    """Split `kind {#id key="v" flag} Title` into its parts and a list of problems."""
    problems: list[str] = []
    m = HEADER.match(info.strip())
    if not m:
        return "", None, {}, "", ["cannot read this block's opening line"]
    block_id, attrs = None, {}
    raw = m["attrs"] or ""
    pos = 0
    while pos < len(raw):
        if not raw[pos:].strip():
            break
        a = ATTR.match(raw, pos)
        if not a or a.end() == pos:
            problems.append(f"cannot read the attributes '{{{raw}}}'")
            break
        if a["id"] is not None:
            block_id = a["id"]
        else:
            attrs[a["key"]] = a["q"] if a["q"] is not None else (a["v"] if a["v"] is not None else "")
        pos = a.end()
    return m["kind"], block_id, attrs, m["title"].strip(), problems


@dataclass
class _Ctx:
    log: ErrorLog
    offset: int
    lines: list[str]
    env: dict = field(default_factory=dict)
    figures: FigureCheck | None = None
    doc: Document | None = None

    def line(self, token: Token) -> int:
        return self.offset + (token.map[0] if token.map else 0)


def _render(tokens: list[Token], ctx: _Ctx) -> str:
    return MD.renderer.render(tokens, MD.options, ctx.env)


def _matching_close(tokens: list[Token], i: int) -> int:
    opener = tokens[i]
    close = opener.type.replace("_open", "_close")
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].type == opener.type:
            depth += 1
        elif tokens[j].type == close:
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def _top_items(tokens: list[Token], level: int) -> list[tuple[int, int]]:
    """(open, close) index pairs of the list items of lists that sit at `level`."""
    items = []
    for i, t in enumerate(tokens):
        if t.type == "list_item_open" and t.level == level + 1:
            items.append((i, _matching_close(tokens, i)))
    return items


def _lists_at(tokens: list[Token], level: int) -> list[tuple[int, int]]:
    return [
        (i, _matching_close(tokens, i))
        for i, t in enumerate(tokens)
        if t.type in ("bullet_list_open", "ordered_list_open") and t.level == level
    ]


def _reflection(inner: list[Token], level: int, ctx: _Ctx, header_line: int, rid: str, title: str | None, attrs: dict) -> Reflection:
    """Questions are the list items that start with `{#id}`; everything else is the box's text."""
    questions: list[Question] = []
    seen: set[str] = set()
    taken: set[int] = set()
    for a, b in _top_items(inner, level):
        item = inner[a + 1 : b]
        inline = next((t for t in item if t.type == "inline"), None)
        if inline is None or not inline.content.startswith("{#"):
            continue
        taken.update(range(a, b + 1))
        line = ctx.line(inner[a])
        m = QUESTION_ID.match(inline.content)
        if m is None:
            ctx.log.add(line, f"reflection '{rid}': cannot read the question id; write '- {{#my-question}} text'")
            continue
        qid = m["id"]
        if not SLUG.match(qid):
            ctx.log.add(line, f"reflection '{rid}': question id '{qid}' must be a slug (lowercase letters, digits, hyphens)")
        if qid in seen:
            ctx.log.add(line, f"reflection '{rid}': duplicate question id '{qid}'")
        seen.add(qid)
        text = inline.content[m.end() :].strip()
        if not text:
            ctx.log.add(line, f"reflection '{rid}': question '{qid}' has no text")
        inline.content = text
        if inline.children and inline.children[0].type == "text":
            inline.children[0].content = QUESTION_ID.sub("", inline.children[0].content, count=1)
        questions.append(Question(qid, _render(item, ctx).strip(), text))
    if not questions:
        ctx.log.add(header_line, f"reflection '{rid}' has no question: add list items that start with '{{#question-id}}'")
    _forgotten_ids(inner, level, ctx, rid, taken)
    intro = [t for i, t in enumerate(inner) if i not in taken]
    return Reflection(rid, title or None, _render(_drop_empty_lists(intro), ctx), tuple(questions), "added" in attrs, header_line)


def _forgotten_ids(inner: list[Token], level: int, ctx: _Ctx, rid: str, taken: set[int]) -> None:
    """A question without '{#id}' beside questions with one is almost always a forgotten id: it would get no answer box.

    Only items that end with a question mark count: a list may also hold the box's own text (Markdown joins
    lists that a blank line separates).
    """
    for start, end in _lists_at(inner, level):
        items = [(start + a, start + b) for a, b in _top_items(inner[start : end + 1], level)]
        if not any(a in taken for a, _ in items):
            continue
        for a, b in items:
            inline = next((t for t in inner[a:b] if t.type == "inline"), None)
            if a not in taken and inline is not None and inline.content.rstrip().endswith("?"):
                ctx.log.add(
                    ctx.line(inner[a]),
                    f"reflection '{rid}': this question has no '{{#question-id}}', so learners get no answer box for it: "
                    "start it with '{#my-question}'",
                    reference=True,
                )


def _drop_empty_lists(tokens: list[Token]) -> list[Token]:
    """Remove list open/close pairs left with no items once the questions are taken out."""
    drop: set[int] = set()
    for i, t in enumerate(tokens):
        if t.type in ("bullet_list_open", "ordered_list_open"):
            close = _matching_close(tokens, i)
            if not any(x.type == "list_item_open" for x in tokens[i:close]):
                drop.update((i, close))
    return [t for i, t in enumerate(tokens) if i not in drop]


def _block(tokens: list[Token], i: int, j: int, ctx: _Ctx, doc: Document):
    opener = tokens[i]
    kind, bid, attrs, title, problems = parse_header(opener.info)
    line = ctx.line(opener)
    for p in problems:
        ctx.log.add(line, p)
    if opener.type == "container_unknown_open":
        ctx.log.add(line, f"unknown block '::: {kind}': use one of {', '.join(BLOCKS)}")
        return None
    end_line = opener.map[1] if opener.map else 0
    if end_line >= len(ctx.lines) or not ctx.lines[end_line].strip().startswith(":::"):
        ctx.log.add(line, f"block '::: {kind}' is not closed: add a line with ':::' after it")
    need_id, need_title, allowed, required = BLOCKS[kind]
    if need_id and not bid:
        ctx.log.add(line, f"block '{kind}' needs an id: '::: {kind} {{#my-id}}'")
    if bid is not None and not SLUG.match(bid):
        ctx.log.add(line, f"block id '{bid}' must be a slug (lowercase letters, digits, hyphens)")
    if need_title and not title:
        ctx.log.add(line, f"block '{kind}' needs a title after its attributes" + (" (the figure's caption)" if kind == "figure" else ""))
    for key in attrs:
        if key not in allowed:
            ctx.log.add(
                line, f"block '{kind}' has an unknown attribute '{key}'" + (f" (allowed: {', '.join(sorted(allowed))})" if allowed else "")
            )
        elif key in FLAGS and attrs[key] not in ("", "true"):
            ctx.log.add(line, f"attribute '{key}' is a flag: write it without a value")
        elif key not in FLAGS and not attrs[key].strip():
            ctx.log.add(line, f"attribute '{key}' must not be empty")
    for key in required - attrs.keys():
        ctx.log.add(line, f"block '{kind}' needs the attribute {key}=\"...\"")
    inner = tokens[i + 1 : j]
    for t in inner:
        if t.type.startswith("container_") and t.type.endswith("_open"):
            inner_kind = parse_header(t.info)[0] or "?"
            ctx.log.add(
                ctx.line(t),
                f"'::: {inner_kind}' starts inside the '::: {kind}' block opened on line {line}: "
                "add the missing ':::' line that closes it (blocks cannot be nested)",
            )
    if bid:
        if bid in doc.anchors:
            ctx.log.add(line, f"duplicate id '{bid}' (ids must be unique in a file, headings included)")
        doc.anchors.add(bid)
    if kind == "reflection":
        return _reflection(inner, opener.level + 1, ctx, line, bid or "", title, attrs)
    items: tuple[str, ...] = ()
    if kind == "key-points":
        lists = _lists_at(inner, opener.level + 1)
        others = [
            t for t in inner if t.level == opener.level + 1 and t.nesting != -1 and t.type not in ("bullet_list_open", "ordered_list_open")
        ]
        if len(lists) != 1 or others:
            ctx.log.add(line, "a key-points block holds exactly one list and nothing else")
        items = tuple(_render(inner[a + 1 : b], ctx).strip() for a, b in _top_items(inner, opener.level + 1))
    if not any(t.type == "inline" and t.content.strip() for t in inner):
        ctx.log.add(line, f"block '{kind}' is empty")
    image = _figure_image(inner, opener.level + 1, ctx, line) if kind == "figure" else None
    return Box(kind, bid, title or None, _render(inner, ctx), attrs, items, line, image)


def _image_line(ctx: _Ctx, image: Token) -> int:
    return next((n for n, tok in ctx.env.get("images", []) if tok is image), 0)


def _figure_image(inner: list[Token], level: int, ctx: _Ctx, block_line: int) -> Image | None:
    """Take a figure block's picture out of its text: one image, on a line of its own; the block's title is its caption."""
    found: list[tuple[int, Token]] = []
    for i, t in enumerate(inner):
        for child in t.children or []:
            if child.type == "image":
                found.append((i, child))
    if not found:
        return None
    for _, extra in found:
        ctx.env.setdefault("placed", set()).add(id(extra))
    for _, extra in found[1:]:
        ctx.log.add(_image_line(ctx, extra), "a figure block shows one image: give each image its own '::: figure' block")
    i, image = found[0]
    line = _image_line(ctx, image) or block_line
    alone = [c for c in inner[i].children or [] if not (c.type in ("softbreak", "text") and not c.content.strip())]
    standalone = alone == [image] and 0 < i < len(inner) - 1 and inner[i - 1].type == "paragraph_open" and inner[i - 1].level == level
    if not standalone:
        ctx.log.add(line, "put the image on a line of its own, with an empty line before and after it")
        return None
    del inner[i - 1 : i + 2]  # the paragraph that held only the image
    src = str(image.attrGet("src") or "")
    alt = MD.renderer.renderInlineAsText(image.children or [], MD.options, ctx.env).strip()
    ok = True
    if not alt:
        ctx.log.add(line, f"the image '{src}' has no alt text: say what the figure shows between the brackets, ![…]({src})")
        ok = False
    if image.attrGet("title"):
        ctx.log.add(line, "an image takes no quoted title: its caption is the figure block's title")
        ok = False
    m = FIGURE_SRC.match(src)
    if m is None:
        ctx.log.add(
            line,
            f"the image '{src}' must be a file of the module's figures folder, written figures/<name>.svg or figures/<name>.png "
            "(lowercase letters, digits and hyphens)",
        )
        return None
    if ctx.doc is not None:
        ctx.doc.figures.append(m["name"])
    if ctx.figures is None:
        return Image(src, alt, name=m["name"]) if ok else None
    file, problems = ctx.figures(m["name"])
    for problem in problems:
        # The lesson still shows, with its text version: a figure file is checked like a link, not like the page.
        ctx.log.add(line, f"figure '{src}' {problem}", reference=True)
    if file is None or not ok:
        return None
    return Image(src, alt, file.module, file.name, file.width, file.height)


def render_document(
    body: str, offset: int, log: ErrorLog, quiz_parser=None, extract_list: bool = False, figures: FigureCheck | None = None
) -> Document:
    """Render a Markdown body (whose first line is `offset` of the file) into parts.

    With `extract_list`, the top-level numbered list becomes `doc.list_items` (an activity's steps). `figures` checks the
    files that figure blocks show; without it only how an image is written is checked (its path is kept as written).
    """
    doc = Document()
    ctx = _Ctx(log, offset, body.split("\n") + [""], figures=figures, doc=doc)
    ctx.env = {"offset": offset}
    tokens = MD.parse(body, ctx.env)
    pending: list[Token] = []
    quiz_refs: list[Reference] = []

    def flush() -> None:
        if pending:
            html = _render(pending, ctx)
            if html.strip():
                doc.parts.append(Html(html))
            pending.clear()

    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "heading_open" and t.level == 0:
            inline = tokens[i + 1]
            if t.tag == "h1":
                log.add(ctx.line(t), "do not use '#' headings in the body: the title comes from the front matter; start sections with '##'")
            elif t.tag in ("h2", "h3", "h4"):
                hid = str(t.attrGet("id") or "")
                if hid in doc.anchors:
                    log.add(ctx.line(t), f"the heading id '{hid}' is already used by a block")
                doc.anchors.add(hid)
                if t.tag != "h4":
                    doc.headings.append(Heading(int(t.tag[1]), hid, inline.content))
        if t.type.startswith("container_") and t.type.endswith("_open") and t.level == 0:
            flush()
            j = _matching_close(tokens, i)
            part = _block(tokens, i, j, ctx, doc)
            if part is not None:
                doc.parts.append(part)
            i = j + 1
            continue
        if extract_list and t.type == "ordered_list_open" and t.level == 0:
            j = _matching_close(tokens, i)
            if doc.list_items:
                log.add(ctx.line(t), "write the steps as one numbered list (this is a second one)")
            doc.list_items = [_render(tokens[i:j][a + 1 : b], ctx).strip() for a, b in _top_items(tokens[i:j], 0)]
            doc.list_line = ctx.line(t)
            i = j + 1
            continue
        if t.type == "fence" and t.info.strip() == "quiz" and t.level == 0:
            flush()
            if quiz_parser is None:
                log.add(ctx.line(t), "a quiz belongs in a topic lesson")
            else:
                quiz = quiz_parser(t.content, ctx.line(t) + 1, ctx.line(t), log, quiz_refs)
                if quiz is not None:
                    if doc.quiz is not None:
                        log.add(ctx.line(t), "a topic has at most one quiz")
                    doc.parts.append(quiz)
            i += 1
            continue
        pending.append(t)
        i += 1
    flush()
    for stray in (n for n, text in enumerate(ctx.lines[:-1]) if text.strip() == ":::"):
        # a lone closing marker outside any block means an opening line was mistyped
        if not any(tok.map and tok.type.endswith("_open") and tok.type.startswith("container_") and tok.map[1] == stray for tok in tokens):
            log.add(offset + stray, "':::' closes nothing: check the opening line of the block above")
    placed = ctx.env.get("placed", set())
    for line, image in ctx.env.get("images", []):
        if id(image) not in placed:
            log.add(line, IMAGE_OUTSIDE)
    doc.references = list(ctx.env.get("refs", [])) + quiz_refs
    return doc


IMAGE_OUTSIDE = "an image goes in a '::: figure {#id} Caption' block, on a line of its own: the block's title is its caption"


def render_inline(text: str, line: int, refs: list[Reference], log: ErrorLog | None = None) -> str:
    """Render one line of inline Markdown (quiz prompts, feedback), collecting its links; an image there is an error."""
    env: dict = {"line": line}
    html = MD.renderInline(text, env)
    refs.extend(env.get("refs", []))
    if log is not None:
        for image_line, _ in env.get("images", []):
            log.add(image_line, IMAGE_OUTSIDE)
    return html
