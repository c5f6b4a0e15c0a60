"""Remove credentials from connection URLs and any text that may contain them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

_URL_PASSWORD = re.compile(r"(?P<scheme>postgres(?:ql)?://)(?P<user>[^:@/\s]*):(?P<pw>[^@/\s]*)@")
_KV_PASSWORD = re.compile(r"(password\s*=\s*)('[^']*'|\S+)", re.IGNORECASE)


def redact_url(url: str) -> str:
    """`postgresql://u:secret@h/db` -> `postgresql://u:***@h/db`; key=value DSNs too."""
    if "://" not in url:
        return _KV_PASSWORD.sub(r"\1***", url)
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        if ":" in userinfo:
            user, pw = userinfo.split(":", 1)
            userinfo = f"{user}:***" if pw else user
        netloc = f"{userinfo}@{host}"
    query = _KV_PASSWORD.sub(r"\1***", parts.query.replace("&", " ")).replace(" ", "&")
    out = urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    if not netloc and url.startswith(f"{parts.scheme}://"):  # postgresql:///app stays as written
        out = f"{parts.scheme}://" + out.removeprefix(f"{parts.scheme}:").removeprefix("//")
    return out


def redact_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Scrub URL passwords and any known secret strings from free text (errors, notices)."""
    text = _URL_PASSWORD.sub(lambda m: f"{m['scheme']}{m['user']}:***@", text)
    text = _KV_PASSWORD.sub(r"\1***", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
