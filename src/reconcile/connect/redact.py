"""Remove credentials from connection URLs and any text that may contain them.

URLs are read the way libpq reads them (its URI grammar: the userinfo ends at the `@` before the
first `/`, the password after the first `:` in it; query parameter names are percent-decoded), so
whatever libpq would send as a password is what gets removed. An unencoded `@` in a user name or
password (several `@`) hides everything up to the last one; `connect` refuses such a URL. The result
is the URL as written, minus the password: `postgresql:///app` stays `postgresql:///app`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

# any scheme, not only postgres(ql)://: a mistyped one (mysql://, postgress://) is echoed in the error
_SCHEME = re.compile(r"(?i)^\s*([a-z][a-z0-9+.-]*://)")
_URL_PASSWORD = re.compile(r"(?i)(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:@/\s]*):(?P<pw>[^@/]*)@")
# the value runs to the next `keyword=` (or the end): an unquoted `password=two words` is hidden whole
_KV_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S.*?)(?=\s+\w+\s*=|\s*$)", re.IGNORECASE)
HIDDEN = "***"
LIBPQ_ENVIRONMENT_SHOWN = "libpq environment (PG* variables, pg_service.conf)"


def redact_url(url: str) -> str:
    """`postgresql://u:secret@h/db` -> `postgresql://u:***@h/db`; key=value DSNs too.

    The empty conninfo (libpq resolves PG*, pg_service.conf, ~/.pgpass itself) is named as such."""
    return _redact(url, []) if url.strip() else LIBPQ_ENVIRONMENT_SHOWN


def url_secrets(url: str) -> tuple[str, ...]:
    """The password(s) as written in the URL (raw and decoded), to scrub from error text."""
    found: list[str] = []
    _redact(url, found)
    password = url_password(url)
    return tuple(s for s in {*found, *(unquote(f) for f in found), password or ""} if s)


def _redact(url: str, found: list[str]) -> str:
    m = _SCHEME.match(url)
    if not m:
        for _, value in _KV_PASSWORD.findall(url):
            found.extend([value.strip("'"), *value.strip("'").split()])  # libpq may quote one word of it
        return _KV_PASSWORD.sub(rf"\1{HIDDEN}", url)
    scheme, rest = url[: m.end()], url[m.end() :]
    slash = rest.find("/")
    authority, tail = (rest, "") if slash < 0 else (rest[:slash], rest[slash:])
    question = authority.find("?")
    if question >= 0 and "@" not in authority[:question]:  # postgresql://host?password=... (no path)
        authority, tail = authority[:question], authority[question:] + tail
    if "@" in authority:  # up to the last `@`: with an unencoded one in the password, libpq would not connect
        userinfo, host = authority.rsplit("@", 1)
        if ":" in userinfo:
            user, pw = userinfo.split(":", 1)
            found.append(pw)
            userinfo = f"{user}:{HIDDEN}" if pw else user
        authority = f"{userinfo}@{host}"
    path, sep, query = tail.partition("?")
    if sep:
        query = "&".join(_redact_param(p, found) for p in query.split("&"))
    return f"{scheme}{authority}{path}{sep}{query}"


def _redact_param(param: str, found: list[str]) -> str:
    name, eq, value = param.partition("=")
    if eq and unquote(name).strip().lower() == "password":
        found.append(value)
        return f"{name}={HIDDEN}"
    return param


def url_password(url: str) -> str | None:
    """The password libpq would take from this URL or DSN, if it can parse it."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        value = conninfo_to_dict(url).get("password")
    except Exception:  # noqa: BLE001 - any parse failure: nothing known
        return None
    return str(value) if value else None


def redact_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Scrub URL passwords and any known secret strings from free text (errors, notices)."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, HIDDEN)
    text = _URL_PASSWORD.sub(lambda m: f"{m['scheme']}{m['user']}:{HIDDEN}@", text)
    return _KV_PASSWORD.sub(rf"\1{HIDDEN}", text)


def unencoded_at(url: str) -> bool:
    """A URL with more than one `@` before its path: libpq would take the rest of the password (or of
    `user@server`) for the host name, and print it in its error."""
    m = _SCHEME.match(url)
    if not m:
        return False
    rest = url[m.end() :]
    authority = rest.split("/", 1)[0].split("?", 1)[0]
    return authority.count("@") > 1
