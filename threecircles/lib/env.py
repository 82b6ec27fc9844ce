"""Small typed readers for settings that come from the environment.

Every secret may also come from a file: `NAME_FILE=/run/secrets/name` wins over `NAME`.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def env_str(name: str, default: str = "") -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = env_str(name, "")
    if not raw:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = env_str(name, "")
    return int(raw) if raw else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def read_env_file(path: Path) -> dict[str, str]:
    """Parse a KEY=value file (the generated local secrets file)."""
    values: dict[str, str] = {}
    if not path.exists():
        return values
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def next_redis_database(url: str) -> str:
    """The same Redis server's next database: redis://h:6379/0 → redis://h:6379/1."""
    parts = urlsplit(url)
    number = parts.path.strip("/") or "0"
    following = int(number) + 1 if number.isdigit() else 1
    return urlunsplit(parts._replace(path=f"/{following}"))
