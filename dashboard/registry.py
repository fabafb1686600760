"""The page registry: one table from which routes, navigation, URL state, page visibility and the
browser's page table are derived.

A page is one module in ``dashboard/pages/`` that creates a :class:`Page` and adds it to
:data:`REGISTRY`; its callbacks are plain module-level functions that take the app context first
and are attached with ``@page.callback(...)`` (registered, with one error path, by
:func:`dashboard.callbacks.register_callbacks`). Adding a page touches nothing else.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

#: the shared controls a page can show (dashboard/shell.py builds them)
CONTROLS = ("area", "line", "indicator", "year", "level")


@dataclass
class CallbackSpec:
    """A callback to register: ``fn(context, *values)`` and its Dash dependencies. ``clientside``
    names a function of ``window.dash_clientside.zof`` (assets/app.js) instead of ``fn``."""

    fn: Callable[..., Any] | None
    dependencies: tuple
    options: dict = field(default_factory=dict)
    clientside: str | None = None

    @property
    def name(self) -> str:
        return self.clientside or self.fn.__name__  # type: ignore[union-attr]


class CallbackGroup:
    """Callbacks gathered by decorator, registered later (so each stays a testable function)."""

    def __init__(self) -> None:
        self.callbacks: list[CallbackSpec] = []

    def callback(self, *dependencies, **options) -> Callable:
        """Decorator: ``fn(context, *values)`` becomes a server callback; ``fn`` is returned as is."""

        def add(fn: Callable) -> Callable:
            self.callbacks.append(CallbackSpec(fn, dependencies, options))
            return fn

        return add

    def clientside(self, function_name: str, *dependencies, **options) -> None:
        """A clientside callback: ``window.dash_clientside.zof[function_name]``."""
        self.callbacks.append(CallbackSpec(None, dependencies, options, clientside=function_name))


@dataclass(eq=False)
class Page(CallbackGroup):
    """One page: its route, its nav label (an i18n key), the builder of its content, the shared
    controls it shows, the URL parameters it reads, and whether projector mode applies.

    ``layout(ctx)`` gets a :class:`dashboard.shell.LayoutContext` and returns the page's children.
    """

    key: str
    path: str
    label: str
    layout: Callable[..., Any]
    controls: tuple[str, ...] = ()
    nav: bool = True
    order: int = 100
    presentable: bool = False
    #: the page's own URL parameters (dashboard.state.PageParam), each bound to a control of the page
    params: tuple = ()
    #: ``warm(context)``: compute ahead, in the background at start, what the page's first visitor
    #: would otherwise wait for (e.g. the default progress matrix)
    warm: Callable[..., None] | None = None

    def __post_init__(self) -> None:
        CallbackGroup.__init__(self)
        #: the page's own Flask routes (downloads): rule → ``fn(context, args) -> Response``
        self.routes: dict[str, Callable[..., Any]] = {}
        unknown = set(self.controls) - set(CONTROLS)
        if unknown:
            raise ValueError(f"page {self.key!r}: unknown control(s) {sorted(unknown)}; choose from {CONTROLS}")
        if not self.path.startswith("/"):
            raise ValueError(f"page {self.key!r}: path {self.path!r} must start with '/'")

    def route(self, rule: str) -> Callable:
        """Decorator: ``fn(context, args)`` answers GET ``rule`` (e.g. an export of the page);
        ``args`` are the query parameters. ``fn`` is returned as is, so a test can call it."""
        if not rule.startswith("/"):
            raise ValueError(f"page {self.key!r}: route {rule!r} must start with '/'")

        def add(fn: Callable) -> Callable:
            self.routes[rule] = fn
            return fn

        return add

    @property
    def container_id(self) -> str:
        """Id of the element that holds the page (hidden while another page shows)."""
        return f"page-{self.key}"

    @property
    def search_id(self) -> str:
        """Id of the store, inside the page, through which its URL parameters reach the URL: the
        callback that writes it has no output, and does not run, while the page is not built."""
        return f"page-{self.key}-search"


class Registry:
    """The pages of the app, in navigation order."""

    def __init__(self) -> None:
        self._pages: dict[str, Page] = {}

    def add(self, page: Page) -> Page:
        if page.key in self._pages:
            raise ValueError(f"a page with key {page.key!r} is registered already")
        if any(p.path == page.path for p in self._pages.values()):
            raise ValueError(f"path {page.path!r} of page {page.key!r} is taken")
        self._pages[page.key] = page
        return page

    def __iter__(self) -> Iterator[Page]:
        return iter(sorted(self._pages.values(), key=lambda p: (p.order, p.key)))

    def __getitem__(self, key: str) -> Page:
        return self._pages[key]

    def __contains__(self, key: object) -> bool:
        return key in self._pages

    def __len__(self) -> int:
        return len(self._pages)

    def copy(self) -> Registry:
        """An independent registry with copies of the pages (for tests and the benchmark app)."""
        out = Registry()
        for page in self:
            clone = copy.copy(page)
            clone.callbacks = list(page.callbacks)
            clone.routes = dict(page.routes)
            out.add(clone)
        return out

    @property
    def paths(self) -> dict[str, str]:
        """Route → page key."""
        return {p.path: p.key for p in self}

    @property
    def page_routes(self) -> dict[str, Callable[..., Any]]:
        """Every page's own routes; two pages claiming one rule is an error."""
        out: dict[str, Callable[..., Any]] = {}
        for page in self:
            for rule, fn in page.routes.items():
                if rule in out or rule in self.paths:
                    raise ValueError(f"route {rule!r} of page {page.key!r} is taken")
                out[rule] = fn
        return out

    @property
    def nav(self) -> list[Page]:
        return [p for p in self if p.nav]

    def browser_table(self) -> dict:
        """What assets/app.js needs to follow the URL: the pages in order, their paths, which
        are in the navigation, which controls each shows, which allow projector mode."""
        return {
            "pages": [p.key for p in self],
            "paths": {p.key: p.path for p in self},
            "nav": [p.key for p in self.nav],
            "controls": {p.key: list(p.controls) for p in self},
            "all_controls": list(CONTROLS),
            "presentable": [p.key for p in self if p.presentable],
            # each page's own URL parameters: a link to another page leaves them out
            "params": {p.key: [param.name for param in p.params] for p in self if p.params},
        }


#: the app's pages; the modules of ``dashboard.pages`` add themselves on import
REGISTRY = Registry()
