"""Component ids, as constants (greppable in tests). A page's own container is
``Page.container_id`` (``page-<key>``)."""

URL = "url"
NOTICE = "notice"
NAV = "nav"
LANG_LINK = "lang-link"
LANG = "lang"
LANG_SINK = "lang-sink"
ROOT = "app-root"
CONFIG = "app-config"
#: the address bar's URL as the page opened (set in the browser), and where its page is rendered
OPENED = "app-opened"
PAGE = "app-page"
#: the page a link opens, built into the index HTML as JSON (dashboard/pagebuild.py: embedded)
PAGE_JSON = "app-page-json"
#: what CONFIG's data-config holds, beside PAGE_JSON in the index (app.py: PageDash)
CONFIG_JSON = "app-config-json"
#: the URL's search as the page was built for it (written to the address bar when it differs)
CANONICAL = "app-canonical"
CANONICAL_SINK = "app-canonical-sink"
#: the pages whose content is built (the others are built when they first show)
BUILT = "app-built"
CONTROLS = "controls"

# shared controls (the shell) and their wrappers ("control-<name>")
AREA = "area"
LINE = "line"
INDICATOR = "indicator"
YEAR = "year"
NAT_LEVEL = "nat-level"

# focus-area page
MAP = "focus-map"
MAP_STATUS = "focus-map-status"
MAP_TABLE = "focus-map-table"
MAP_SUMMARY = "focus-map-summary"
MAP_SINK = "focus-map-sink"
CARDS = "cards"
SERIES = "series"
SERIES_TABLE = "series-table"
INFO = "info-panel"
DOWNLOAD = "download-link"
TITLE = "focus-title"
SLIDESHOW = "slideshow"
SLIDESHOW_BUTTON = "slideshow-button"

# nationwide page
NAT_MAP = "nat-map"
NAT_MAP_STATUS = "nat-map-status"
NAT_MAP_SINK = "nat-map-sink"
NAT_RANKING = "nat-ranking"
NAT_SPARKS = "nat-sparks"
NAT_DOWNLOAD = "nat-download"
NAT_TABLE = "nat-table"

# data page
CATALOG_TABLE = "catalog-table"
FOCUS_TABLE = "focus-table"
SOURCES_TABLE = "sources-table"

# factsheet
FACTSHEET = "factsheet"
PRINT_BUTTON = "print-button"
PRINT_SINK = "print-sink"

#: pattern-matching ids of links that carry the current view to another page (and of the nav)
NAV_LINK = "nav-link"
VIEW_LINK = "view-link"


def control_wrapper(name: str) -> str:
    """Id of the element around a shared control (shown only on pages that use it)."""
    return f"control-{name}"


def nav_link(page: str) -> dict:
    return {"type": NAV_LINK, "page": page}


def view_link(page: str, *, present: bool = False) -> dict:
    """A link to ``page`` with the current selection, in or out of projector mode."""
    return {"type": VIEW_LINK, "page": page, "present": int(present)}
