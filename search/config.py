"""Where the index and the seeds are: option > environment variable > config file > default."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from search.backends.postgres import is_location
from search.errors import ConfigError

INDEX_ENV = "NEWS_SEARCH_INDEX"
SEEDS_ENV = "NEWS_SEARCH_SEEDS"
CONFIG_NAME = Path("news-search") / "config.toml"
SETTINGS = {"index": (INDEX_ENV, "index"), "seeds": (SEEDS_ENV, "seeds")}
"""Each setting of the config file: its environment variable and its default folder."""


@dataclass(frozen=True)
class Setting:
    """One setting's value and where it came from."""

    name: str
    value: Path
    origin: str
    """"option", "environment", "config" or "default"."""
    where: str
    """The option, the variable or the config file that gave the value ("" for the default)."""


def config_path() -> Path:
    """``$XDG_CONFIG_HOME/news-search/config.toml``, ``~/.config/...`` when that is unset or relative
    (as the XDG spec says)."""
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / CONFIG_NAME


def read_config(path: Path | None = None) -> dict[str, Path]:
    """The settings in the config file (none when it does not exist); relative paths are taken from
    the file's folder, ``~`` is expanded."""
    path = path or config_path()
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"is not valid TOML ({error})") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ConfigError(path, f"cannot be read ({reason})") from None
    settings = {}
    for name, value in data.items():
        if name not in SETTINGS:
            raise ConfigError(path, f"has an unknown setting '{name}': the settings are {', '.join(SETTINGS)}",
                              setting=name)
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(path, f"setting '{name}' must be a folder path in quotes "
                              f'(e.g. {name} = "~/news-{name}")', setting=name)
        settings[name] = value if is_location(value) else path.parent / Path(value).expanduser()
    return settings


def _value(text: str | os.PathLike[str]) -> Path | str:
    """A folder as a Path; a database URL as typed (a Path would fold its ``//``)."""
    return os.fspath(text) if is_location(text) else Path(text)


def setting(name: str, option: str | os.PathLike[str] | None = None, option_name: str = "") -> Setting:
    """The value of ``name`` ("index" or "seeds") and where it comes from; ``option`` (as typed on a
    command line) wins over everything."""
    variable, default = SETTINGS[name]
    if option is not None:
        return Setting(name, _value(option), "option", option_name or f"--{name}")
    if os.environ.get(variable):
        return Setting(name, _value(os.environ[variable]), "environment", f"${variable}")
    configured = read_config()
    if name in configured:
        return Setting(name, configured[name], "config", str(config_path()))
    return Setting(name, Path(default), "default", "")


def default_index_dir() -> Path:
    """``$NEWS_SEARCH_INDEX``, else the config file's ``index``, else ``./index``."""
    return setting("index").value


def default_seeds_dir() -> Path:
    """``$NEWS_SEARCH_SEEDS``, else the config file's ``seeds``, else ``./seeds``."""
    return setting("seeds").value
