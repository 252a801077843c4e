"""What an area adds to the app, and what the installed areas add up to.

An area (the notes, the groundwork, the workflow's stages, ...) describes itself in one ``Area`` value in its
own ``area.py``; ``workspace/areas.py`` lists them in order and ``create_app`` installs that list. The sum is an
``Installed`` value kept on the app (``app.extensions["mentorbrug"]``): the workflow asks it for the snapshot
contributors, the feed for its wording, the header for the tabs. Nothing is registered at import time and no
area changes another module's list, so what an app contains depends only on the list it was built from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from flask import Blueprint, Flask, current_app

EXTENSION_KEY = "mentorbrug"


@dataclass(frozen=True)
class Tab:
    """A tab in the workspace header; tabs are shown by ``order``."""

    order: int
    endpoint: str
    label: object  # a lazy string


@dataclass(frozen=True)
class StagePage:
    """A page where the content of ``stage`` is worked out, linked from the workspace overview."""

    stage: str
    endpoint: str
    label: object


@dataclass(frozen=True)
class Area:
    """Everything one area adds. Every field is optional; an area fills in what it has.

    - ``blueprints``: mounted at the site root; ``workspace_blueprints``: mounted under ``/w/<id>/`` behind the
      access choke point (endpoints ``ws.<blueprint>.*``); ``workspace_routes``: ``(rule, endpoint, view)``
      added to the workspace scope itself (``ws.<endpoint>``, e.g. the overview at ``/w/<id>/``).
    - ``snapshot``: ``fn(workspace) -> dict`` of ``workflows.WorkspaceSnapshot`` fields the guards read.
    - ``on_workspace_created``: ``fn(workspace)``; ``on_transition``: ``fn(workspace, transition)``, both in the
      same transaction as the change.
    - ``personal_data``: ``fn(user) -> dict``, this area's part of a person's own data download.
    - ``export``: ``fn(workspace, access) -> dict`` of sections of the workspace export document.
    - ``demo``: ``fn(workspace, *, index, users)`` filling a new demo workspace; areas run in list order.
    - ``feed_labels``: verb -> phrase for the activity feed, whose ``%(key)s`` placeholders name keys of the
      row's ``details`` (see activity.labels); ``feed_words``: detail key -> ``fn(value) -> str`` putting a
      code in the reader's language (``from``/``to`` -> a stage's name). One area owns each verb and each key.
    - ``cli``: a click command or group added to ``flask``; ``template_globals``: name -> function.
    """

    name: str
    blueprints: tuple[Blueprint, ...] = ()
    workspace_blueprints: tuple[Blueprint, ...] = ()
    workspace_routes: tuple[tuple[str, str, Callable], ...] = ()
    tabs: tuple[Tab, ...] = ()
    stage_pages: tuple[StagePage, ...] = ()
    snapshot: Callable | None = None
    on_workspace_created: Callable | None = None
    on_transition: Callable | None = None
    personal_data: Callable | None = None
    export: Callable | None = None
    demo: Callable | None = None
    feed_labels: Mapping[str, object] = field(default_factory=dict)
    feed_words: Mapping[str, Callable] = field(default_factory=dict)
    cli: object | None = None
    template_globals: Mapping[str, Callable] = field(default_factory=dict)


@dataclass(frozen=True)
class Installed:
    """The installed areas, and what they add up to (in list order). Read-only."""

    areas: tuple[Area, ...]
    tabs: tuple[tuple[str, object], ...]
    stage_pages: Mapping[str, tuple[tuple[str, object], ...]]
    snapshot_contributors: tuple[Callable, ...]
    on_workspace_created: tuple[Callable, ...]
    on_transition: tuple[Callable, ...]
    personal_data: tuple[Callable, ...]
    export_sections: tuple[Callable, ...]
    demo: tuple[Callable, ...]
    feed_labels: Mapping[str, object]
    feed_words: Mapping[str, Callable]

    @classmethod
    def of(cls, areas: tuple[Area, ...]) -> Installed:
        names = [a.name for a in areas]
        if len(set(names)) != len(names):
            raise ValueError(f"two areas share a name: {names}")
        tabs = sorted((tab for a in areas for tab in a.tabs), key=lambda t: t.order)
        stage_pages: dict[str, list] = {}
        for page in (p for a in areas for p in a.stage_pages):
            stage_pages.setdefault(page.stage, []).append((page.endpoint, page.label))
        labels: dict[str, object] = {}
        words: dict[str, Callable] = {}
        for area in areas:
            twice = (set(labels) & set(area.feed_labels)) | (set(words) & set(area.feed_words))
            if twice:
                raise ValueError(f"area {area.name!r} words verbs or keys another area words: {sorted(twice)}")
            labels.update(area.feed_labels)
            words.update(area.feed_words)

        def each(name: str) -> tuple[Callable, ...]:
            return tuple(getattr(a, name) for a in areas if getattr(a, name) is not None)

        return cls(
            areas=tuple(areas),
            tabs=tuple((t.endpoint, t.label) for t in tabs),
            stage_pages=MappingProxyType({stage: tuple(pages) for stage, pages in stage_pages.items()}),
            snapshot_contributors=each("snapshot"),
            on_workspace_created=each("on_workspace_created"),
            on_transition=each("on_transition"),
            personal_data=each("personal_data"),
            export_sections=each("export"),
            demo=each("demo"),
            feed_labels=MappingProxyType(labels),
            feed_words=MappingProxyType(words),
        )


def installed(app: Flask | None = None) -> Installed:
    """What the current app's areas add up to."""
    return (app or current_app).extensions[EXTENSION_KEY]
