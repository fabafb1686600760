"""The view state lives in the URL: encode and decode it (pure, no Dash).

Path: a page of the registry (``dashboard/pages``: ``/`` focus area, ``/landelijk``, ``/data``, …).
Query: ``gebied``, ``lijn``, ``indicator``, ``jaar``, ``taal``, ``niveau`` (nationwide map level),
``presentatie=1`` (projector mode, on pages that allow it). Unknown values fall back to a sensible
default with a short message, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, urlencode

from .i18n import DEFAULT_LANG, LANGS, quoted_value, t

LINES = ("2", "3", "4", "context")
DEFAULT_AREA = "UTR_OV"
DEFAULT_LINE = "4"
NAT_LEVELS = ("gemeente", "wijk", "buurt")


@dataclass(frozen=True)
class PageParam:
    """A URL parameter of one page (besides the shared ones), bound to a control of that page.

    ``parse(raw, meta)`` returns the value for the raw text (None when absent) and, for a bad
    value, the i18n key of a message (the value is then the default); ``component`` is the id of
    the control that shows it (its ``value``).
    """

    name: str
    component: str
    parse: Callable[[str | None, Meta], tuple[object, str | None]]


def choice_param(options: tuple[str, ...] | list[str], default: str):
    """A page parameter's parser for a fixed set of choices: absent → ``default``; unknown →
    ``default`` and a message.

    >>> parse = choice_param(("a", "b"), "a")
    >>> parse(None, None), parse("b", None), parse("x", None)
    (('a', None), ('b', None), ('a', 'vg_bad_value'))
    """

    def parse(raw, meta):
        if raw is None or raw == "":
            return default, None
        return (raw, None) if raw in options else (default, "vg_bad_value")

    return parse


@dataclass(frozen=True)
class Routes:
    """The pages as the URL knows them: route → page key, where projector mode applies, and the
    URL parameters of each page."""

    paths: Mapping[str, str]
    presentable: frozenset[str] = frozenset()
    default: str = "focus"
    params: Mapping[str, tuple[PageParam, ...]] = field(default_factory=dict)

    @property
    def by_key(self) -> dict[str, str]:
        return {key: path for path, key in self.paths.items()}

    @classmethod
    def of(cls, registry) -> Routes:
        return cls(
            registry.paths,
            frozenset(p.key for p in registry if p.presentable),
            params={p.key: tuple(p.params) for p in registry if p.params},
        )


def default_routes() -> Routes:
    """The routes of the app's registry (importing ``dashboard.pages`` registers the pages)."""
    from .pages import registry

    return Routes.of(registry())


@dataclass(frozen=True)
class Meta:
    """What the state decoder needs to know about the data (built once from the store)."""

    areas: tuple[str, ...]
    indicators_by_line: dict[str, tuple[str, ...]]  # available indicators per action line
    periods: dict[str, tuple[int, ...]]  # indicator -> years with values
    default_indicator: dict[str, str] = field(default_factory=dict)
    area_names: dict[str, str] = field(default_factory=dict)
    routes: Routes | None = None
    #: the kernindicatoren (also those without data) and the default 0-meting year
    core: tuple[str, ...] = ()
    baseline_year: int = 2022

    def page_routes(self) -> Routes:
        return self.routes or default_routes()

    def line_of(self, indicator: str) -> str | None:
        for line, ids in self.indicators_by_line.items():
            if indicator in ids:
                return line
        return None


@dataclass(frozen=True)
class ViewState:
    page: str = "focus"
    area: str = DEFAULT_AREA
    line: str = DEFAULT_LINE
    indicator: str = ""
    year: int | None = None
    lang: str = DEFAULT_LANG
    level: str = "gemeente"
    present: bool = False
    #: the current page's own URL parameters, as (name, value) pairs (see :class:`PageParam`)
    extra: tuple[tuple[str, object], ...] = ()

    def param(self, name: str, default: object = None) -> object:
        return dict(self.extra).get(name, default)

    @property
    def year_text(self) -> str:
        """The year as the year control (a native <select>) and the maps carry it; "" for none."""
        return str(self.year) if self.year is not None else ""


def decode(pathname: str | None, search: str | None, meta: Meta) -> tuple[ViewState, list[str]]:
    """URL → (state, messages). Every bad value is replaced and named in a message.

    >>> m = Meta(("A", "B"), {"4": ("x",), "2": ("y",)}, {"x": (2020, 2024), "y": (2024,)})
    >>> s, msgs = decode("/", "?gebied=Q&indicator=x&jaar=1999", m)
    >>> (s.area, s.line, s.indicator, s.year), len(msgs)
    (('A', '4', 'x', 2024), 2)
    """
    query = _Query.of(search)
    routes = meta.page_routes()
    # one parser per parameter, in the order of their messages; the indicator decides the line, and
    # the years there are depend on the indicator
    page = _page(query, pathname, routes)
    area = _area(query, meta)
    line, indicator = _line_and_indicator(query, meta)
    year = _year(query, meta.periods.get(indicator, ()))
    level = _level(query)
    present = page in routes.presentable and query.get("presentatie", "") in ("1", "ja", "true")
    extra = tuple(_page_param(query, spec, meta) for spec in routes.params.get(page, ()))
    return ViewState(page, area, line, indicator, year, query.lang, level, present, extra), query.messages


@dataclass
class _Query:
    """The query of the URL being decoded, the language it asks for, and what was wrong with it."""

    params: dict[str, str]
    lang: str
    messages: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, search: str | None) -> _Query:
        params = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?"), keep_blank_values=True).items()}
        lang = params.get("taal", DEFAULT_LANG)
        return cls(params, lang if lang in LANGS else DEFAULT_LANG)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.params.get(name, default)

    def refuse(self, key: str, raw: object = None, **shown: object) -> None:
        """Say that ``raw`` was not understood (message ``key``) and what is ``shown`` instead."""
        self.messages.append(t(key, self.lang, value=_short(raw), **shown))


def _page(query: _Query, pathname: str | None, routes: Routes) -> str:
    path = (pathname or "/").rstrip("/") or "/"
    if path in routes.paths:
        return routes.paths[path]
    query.refuse("unknown_page")
    return routes.default


def _area(query: _Query, meta: Meta) -> str:
    default = DEFAULT_AREA if DEFAULT_AREA in meta.areas else meta.areas[0]
    area = query.get("gebied", default)
    if area in meta.areas:
        return area
    query.refuse("unknown_area", area, default=meta.area_names.get(default, default))
    return default


def _line_and_indicator(query: _Query, meta: Meta) -> tuple[str, str]:
    """A known indicator decides the line; otherwise the line's default indicator is shown."""
    indicator = query.get("indicator", "")
    line = query.get("lijn")
    if line is not None and line not in LINES:
        query.refuse("unknown_line", line, default=DEFAULT_LINE)
        line = None
    if indicator and (own_line := meta.line_of(indicator)) is not None:
        return own_line, indicator
    line = line or DEFAULT_LINE
    fallback = _default_indicator(meta, line)
    if indicator:
        query.refuse("unknown_indicator", indicator, default=fallback)
    return line, fallback


def _year(query: _Query, periods: tuple[int, ...]) -> int | None:
    """The year asked for where the indicator has figures for it, else its latest (None: none)."""
    if not periods:
        return None
    raw = query.get("jaar")
    if raw is None:
        return periods[-1]
    try:
        wanted = int(raw)
    except ValueError:
        wanted = None
    if wanted in periods:
        return wanted
    query.refuse("unknown_year", raw, default=periods[-1])
    return periods[-1]


def _level(query: _Query) -> str:
    level = query.get("niveau", "gemeente")
    if level in NAT_LEVELS:
        return level
    query.refuse("unknown_level", level, default=t("nat_level_gemeente", query.lang).lower())
    return "gemeente"


def _page_param(query: _Query, spec: PageParam, meta: Meta) -> tuple[str, object]:
    raw = query.get(spec.name)
    value, problem = spec.parse(raw, meta)
    if problem:
        query.refuse(problem, raw)
    return spec.name, value


def resolve_view(meta: Meta, line: str | None, indicator: str | None, year: object) -> tuple[str, int | None]:
    """(indicator, year) that the controls will settle on — what :func:`decode` makes of them —
    so the panels can draw at once, without waiting for the controls to be corrected first.

    >>> m = Meta(("A",), {"4": ("x", "z"), "2": ("y",)}, {"x": (2020, 2024), "y": (2024,), "z": ()})
    >>> resolve_view(m, "4", "x", "2020"), resolve_view(m, "2", "x", "2024"), resolve_view(m, "4", "x", "1999")
    (('x', 2020), ('y', 2024), ('x', 2024))
    """
    indicator = indicator or ""
    ind_line = meta.line_of(indicator)
    try:
        wanted = int(year)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        wanted = None
    if line in LINES and ind_line != line:
        indicator, wanted = _default_indicator(meta, line), None  # a new line starts afresh
    elif ind_line is None:
        indicator = _default_indicator(meta, DEFAULT_LINE)
    periods = meta.periods.get(indicator, ())
    if not periods:
        return indicator, None
    return indicator, wanted if wanted in periods else periods[-1]


def resolve_table(meta: Meta) -> dict:
    """What the browser needs to predict :func:`resolve_view` (assets/app.js starts a map's fetch
    on the control change itself, before Dash has settled the controls; Dash's own call follows
    and corrects any difference): the line of each indicator, each line's default, the years."""
    return {
        "line_of": {i: line for line, ids in meta.indicators_by_line.items() for i in ids},
        "defaults": {line: _default_indicator(meta, line) for line in LINES},
        "periods": {i: list(p) for i, p in meta.periods.items()},
    }


def encode(state: ViewState, routes: Routes | None = None) -> tuple[str, str]:
    """State → (pathname, search). Defaults are written too, so a copied URL is explicit.

    >>> encode(ViewState("national", "UTR_OV", "4", "x", 2020, "en", "wijk"))
    ('/landelijk', '?gebied=UTR_OV&lijn=4&indicator=x&jaar=2020&taal=en&niveau=wijk')
    """
    routes = routes or default_routes()
    params = {"gebied": state.area, "lijn": state.line, "indicator": state.indicator}
    if state.year is not None:
        params["jaar"] = str(state.year)
    if state.lang != DEFAULT_LANG:
        params["taal"] = state.lang
    if state.level != "gemeente":
        params["niveau"] = state.level
    if state.present and state.page in routes.presentable:
        params["presentatie"] = "1"
    own = {spec.name for spec in routes.params.get(state.page, ())}
    params.update({name: str(value) for name, value in state.extra if name in own and value not in (None, "")})
    return routes.by_key[state.page], "?" + urlencode(params)


def with_changes(state: ViewState, **changes: object) -> ViewState:
    """``state`` with ``changes``; on another page without the page's own parameters (they mean
    something else there, or nothing).

    >>> s = ViewState("national", extra=(("weergave", "verandering"),))
    >>> with_changes(s, page="voortgang").extra, with_changes(s, lang="en").extra
    ((), (('weergave', 'verandering'),))
    """
    if changes.get("page", state.page) != state.page and "extra" not in changes:
        changes["extra"] = ()
    return replace(state, **changes)


def _default_indicator(meta: Meta, line: str) -> str:
    if line in meta.default_indicator:
        return meta.default_indicator[line]
    ids = meta.indicators_by_line.get(line) or next(iter(meta.indicators_by_line.values()))
    return ids[0]


def _short(value: object) -> str:
    return quoted_value(value)
