"""The state directory's secret: the key that signs sessions and CSRF tokens.

``ZOF_SECRET_KEY`` when set (several servers must share it); otherwise a random key created once in
``ZOF_STATE_DIR/secret_key`` (mode 0600), so sessions survive a restart.
"""

from __future__ import annotations

import os
import secrets

from ..settings import Settings


def secret_key(settings: Settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    path = settings.state_dir / "secret_key"
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32))
    return path.read_text().strip()
