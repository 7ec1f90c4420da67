"""The catalogue: every module, topic and activity, loaded and cross-checked once."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .balance import QuizBalance, quiz_balance, quiz_warnings
from .errors import ContentError, ErrorLog
from .figures import FOLDER, MEDIA_TYPES, FigureFile, FigureStore
from .loader import TOPIC_FILE, load_activity, load_module, load_topic
from .models import Activity, BrokenFile, Document, Module, Topic


@dataclass
class Catalog:
    """Everything in `content/`, ready to serve."""

    root: Path
    modules: dict[str, Module] = field(default_factory=dict)
    topics: dict[str, Topic | BrokenFile] = field(default_factory=dict)
    activities: dict[str, Activity | BrokenFile] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)
    # Advice that does not stop a page or the checker (e.g. a quiz whose answers can be guessed from their form).
    warnings: list[ContentError] = field(default_factory=list)
    # The figure files that passed their checks, by module/name.
    figures: dict[str, FigureFile] = field(default_factory=dict)
    # What other layers derive from this version of the content and keep with it (e.g. rendered lessons):
    # a rebuilt catalogue starts empty, so nothing derived from an edited file outlives it.
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def module(self, slug: str) -> Module | None:
        return self.modules.get(slug)

    def topic(self, module: str, slug: str) -> Topic | BrokenFile | None:
        return self.topics.get(f"{module}/{slug}")

    def activity(self, module: str, slug: str) -> Activity | BrokenFile | None:
        return self.activities.get(f"{module}/{slug}")

    def published_modules(self) -> list[Module]:
        return [m for m in self.modules.values() if m.published and not _fatal(m.errors)]

    def visible_modules(self, drafts: bool = False) -> list[Module]:
        """The modules to list: published ones, or with `drafts` (authors) every module, drafts and broken ones too."""
        return list(self.modules.values()) if drafts else self.published_modules()

    def broken_files(self, module: str) -> list[BrokenFile]:
        """A module's topic and activity files that cannot be shown, for authors to find and fix."""
        files = [*self.topics.values(), *self.activities.values()]
        return [f for f in files if isinstance(f, BrokenFile) and f.module == module]

    def activities_for(self, topic: Topic, drafts: bool = False) -> list[Activity]:
        """Guides that name this topic, then those the lesson lists itself (drafts too with `drafts`)."""
        found = [a for a in self.activities.values() if isinstance(a, Activity) and a.module == topic.module and a.topic == topic.slug]
        for key in topic.related:
            a = self.activities.get(key)
            if isinstance(a, Activity) and a not in found:
                found.append(a)
        return [a for a in found if a.published or drafts]

    def neighbours(self, topic: Topic, drafts: bool = False) -> tuple[Topic | None, Topic | None]:
        """The previous and next published topics of the same module (drafts too with `drafts`)."""
        module = self.modules[topic.module]
        topics = [t for t in module.topics if t.published or drafts]
        i = topics.index(topic) if topic in topics else -1
        if i < 0:
            return None, None
        return (topics[i - 1] if i > 0 else None), (topics[i + 1] if i + 1 < len(topics) else None)

    def figure(self, module: str, name: str, drafts: bool = False) -> FigureFile | None:
        """A checked figure file of a module, if a page the reader may see shows it (drafts too with `drafts`)."""
        found = self.figures.get(f"{module}/{name}")
        owner = self.modules.get(module)
        if found is None or owner is None or not (owner.published or drafts):
            return None
        items: list[Module | Topic | Activity] = [owner, *owner.topics, *owner.activities]
        return found if any(name in item.doc.figures and (item.published or drafts) for item in items) else None

    def quiz_balance(self) -> dict[str, QuizBalance]:
        """Per topic with a quiz (`module/topic`, in module order): how far its answers can be guessed from their form."""
        return {t.key: quiz_balance(t.doc.quiz) for m in self.modules.values() for t in m.topics if t.doc.quiz is not None}

    def stats(self) -> dict[str, dict[str, int]]:
        """Per module: how many topics, reflections, questions, cases, key points, quizzes and activities."""
        out: dict[str, dict[str, int]] = {}
        for slug, module in self.modules.items():
            topics = module.topics
            reflections = [r for t in topics for r in t.doc.reflections]
            quizzes = [t.doc.quiz for t in topics if t.doc.quiz is not None]
            out[slug] = {
                "topics": len(topics),
                "reflections": len(reflections),
                "reflection_questions": sum(len(r.questions) for r in reflections),
                "cases": sum(len(t.doc.blocks("case")) for t in topics),
                "key_points": sum(len(t.doc.key_points) for t in topics),
                "quizzes": len(quizzes),
                "quiz_questions": sum(len(q.questions) for q in quizzes),
                "activities": len(module.activities),
            }
        return out


def _fatal(errors: list[ContentError]) -> bool:
    return any(not e.reference for e in errors)


def _md_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".md")


def build_catalog(root: Path | str) -> Catalog:
    """Load and cross-check the content tree under `root` (the `content/` folder)."""
    root = Path(root)
    cat = Catalog(root)
    modules_dir, activities_dir = root / "modules", root / "activities"
    if not modules_dir.is_dir():
        cat.errors.append(ContentError(f"{root.name}/modules", 1, "the content folder has no 'modules' folder"))
        return cat
    figures = FigureStore(root)
    for folder in sorted(p for p in modules_dir.iterdir() if p.is_dir()):
        _load_module_folder(cat, folder, root, figures)
    cat.modules = dict(sorted(cat.modules.items(), key=lambda kv: (kv[1].order, kv[0])))
    if activities_dir.is_dir():
        for folder in sorted(p for p in activities_dir.iterdir() if p.is_dir()):
            _load_activity_folder(cat, folder, root, figures)
    _check_references(cat)
    cat.figures = figures.files()
    cat.warnings += _unshown_figures(modules_dir, root, figures)
    for topic in (t for t in cat.topics.values() if isinstance(t, Topic) and t.doc.quiz is not None):
        cat.warnings += quiz_warnings(topic.doc.quiz, topic.path)
    cat.errors.sort()
    cat.warnings.sort()
    return cat


def _unshown_figures(modules_dir: Path, root: Path, figures: FigureStore) -> list[ContentError]:
    """Figure files no page shows: never served, probably forgotten (or a typo in the name that shows it)."""
    out = []
    for path in sorted(modules_dir.glob(f"*/{FOLDER}/*")):
        if path.suffix in MEDIA_TYPES and not figures.seen(path.parent.parent.name, path.name):
            message = f"no page shows this figure: add '![alt text]({FOLDER}/{path.name})' to a '::: figure' block, or remove the file"
            out.append(ContentError(ErrorLog(path, root).path, 1, message))
    return out


def _load_module_folder(cat: Catalog, folder: Path, root: Path, figures: FigureStore) -> None:
    log = ErrorLog(folder, root)
    if not (folder / "index.md").is_file():
        log.add(1, f"module folder '{folder.name}' has no index.md")
        cat.errors += log.errors
        return
    module = load_module(folder, root, figures)
    cat.errors += module.errors
    cat.modules[module.slug] = module
    orders: dict[int, str] = {}
    for path in _md_files(folder):
        if path.name == "index.md":
            continue
        if not TOPIC_FILE.match(path.name):
            cat.errors.append(
                ContentError(ErrorLog(path, root).path, 1, "a topic file is named NN-topic-slug.md (e.g. 01-gender-approach.md)")
            )
            continue
        topic = load_topic(path, module.slug, root, figures)
        cat.errors += topic.errors
        key = f"{module.slug}/{topic.slug}"
        if key in cat.topics:
            cat.errors.append(ContentError(topic.path, 1, f"duplicate topic slug '{topic.slug}' (also {cat.topics[key].path})"))
            continue
        cat.topics[key] = topic
        if isinstance(topic, Topic):
            if topic.order in orders:
                cat.errors.append(ContentError(topic.path, 2, f"order {topic.order} is also used by {orders[topic.order]}"))
            orders[topic.order] = topic.path
            module.topics.append(topic)
    module.topics.sort(key=lambda t: (t.order, t.slug))


def _load_activity_folder(cat: Catalog, folder: Path, root: Path, figures: FigureStore) -> None:
    module = cat.modules.get(folder.name)
    if module is None:
        cat.errors.append(
            ContentError(ErrorLog(folder, root).path, 1, f"activities folder '{folder.name}' matches no module in content/modules")
        )
        return
    numbers: dict[str, str] = {}
    for path in _md_files(folder):
        activity = load_activity(path, module.slug, root, figures)
        cat.errors += activity.errors
        cat.activities[f"{module.slug}/{activity.slug}"] = activity
        if isinstance(activity, Activity):
            if activity.number in numbers:
                cat.errors.append(
                    ContentError(activity.path, 2, f"activity number '{activity.number}' is also used by {numbers[activity.number]}")
                )
            numbers[activity.number] = activity.path
            if activity.topic is not None and cat.topic(module.slug, activity.topic) is None:
                cat.errors.append(
                    ContentError(
                        activity.path, 2, f"'topic' names '{activity.topic}', which is not a topic of module '{module.slug}'", True
                    )
                )
            module.activities.append(activity)
    module.activities.sort(key=lambda a: _number_key(a.number))


def _number_key(number: str) -> tuple:
    import re

    return tuple(int(p) if p.isdigit() else p for p in re.findall(r"\d+|[a-z]+", number.lower()))


def _resolve(cat: Catalog, target: str, own: Document) -> str | None:
    """None when a link target exists, else the reason it does not."""
    if target.startswith("#"):
        return None if target[1:] in own.anchors else f"no heading or block with id '{target[1:]}' in this file"
    path, _, anchor = target[1:].partition("#")
    parts = path.split("/")
    if parts[0] == "activities":
        if len(parts) != 3:
            return "activity links are written @activities/<module>/<activity>"
        found = cat.activities.get(f"{parts[1]}/{parts[2]}")
        if found is None:
            return f"no activity '{parts[2]}' in module '{parts[1]}'"
    elif len(parts) == 1:
        if parts[0] not in cat.modules:
            return f"no module '{parts[0]}'"
        return None if not anchor or anchor in cat.modules[parts[0]].doc.anchors else f"no id '{anchor}' in module '{parts[0]}'"
    elif len(parts) == 2:
        found = cat.topics.get(path)
        if found is None:
            return f"no topic '{parts[1]}' in module '{parts[0]}'"
    else:
        return "links are written @module, @module/topic or @activities/module/activity"
    if anchor and isinstance(found, (Topic, Activity)) and anchor not in found.doc.anchors:
        return f"no heading or block with id '{anchor}' in {found.path}"
    return None


def _check_references(cat: Catalog) -> None:
    items: list[Module | Topic | Activity] = [*cat.modules.values()]
    items += [t for t in cat.topics.values() if isinstance(t, Topic)]
    items += [a for a in cat.activities.values() if isinstance(a, Activity)]
    for item in items:
        for ref in item.doc.references:
            problem = _resolve(cat, ref.target, item.doc)
            if problem:
                err = ContentError(item.path, ref.line, f"broken link '{ref.target}': {problem}", True)
                cat.errors.append(err)
                item.errors.append(err)
    for topic in (t for t in cat.topics.values() if isinstance(t, Topic)):
        for key in topic.related:
            if key not in cat.activities:
                line = topic.related_lines.get(key, 2)
                cat.errors.append(ContentError(topic.path, line, f"'activities' names '{key}', which is not an activity guide", True))


class CatalogCache:
    """Builds the catalogue once; with `reload`, rebuilds when a file under content/ changes."""

    def __init__(self, root: Path | str, reload: bool = False, interval: float = 1.0) -> None:
        self.root = Path(root)
        self.reload = reload
        self.interval = interval
        self._lock = threading.Lock()
        self._catalog: Catalog | None = None
        self._stamp: tuple = ()
        self._checked = 0.0

    def _fingerprint(self) -> tuple:
        stamp = []
        for dirpath, _, files in os.walk(self.root):
            for name in files:
                # Figures count too: a redrawn SVG is checked again and shown on the next page load.
                if name.endswith((".md", ".svg", ".png")):
                    st = os.stat(os.path.join(dirpath, name))
                    stamp.append((dirpath, name, st.st_mtime_ns, st.st_size))
        return tuple(sorted(stamp))

    def get(self) -> Catalog:
        """The current catalogue (no file is read unless reloading is on and something changed)."""
        if self._catalog is not None and not self.reload:
            return self._catalog
        with self._lock:
            now = time.monotonic()
            if self._catalog is None or (now - self._checked >= self.interval):
                self._checked = now
                stamp = self._fingerprint()
                if self._catalog is None or stamp != self._stamp:
                    self._catalog = build_catalog(self.root)
                    self._stamp = stamp
            return self._catalog
