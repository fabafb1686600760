"""Pure data logic for Zicht op Focuswijken: read, validate, harmonise and aggregate.

This package never imports Dash. It answers *what is true about these areas*.
"""

from __future__ import annotations

__all__ = ["RD_NEW", "WGS84", "CODE_VERSION"]

#: Dutch national grid (Rijksdriehoeksstelsel); all area and overlay computations use it.
RD_NEW = "EPSG:28992"
#: Longitude/latitude for the browser.
WGS84 = "EPSG:4326"
#: Bump when the store's content changes for the same inputs (forces a rebuild).
CODE_VERSION = "1"
