"""Settings are data: declared once with a default and a line of help, read once, passed down.

`load_settings(path)` reads `config/settings.toml` (or the file given by `--config` /
`KABARCHY_CONFIG`), applies `KABARCHY_<SECTION>_<KEY>` overrides, validates every value and
returns a frozen `Settings`. Relative paths are relative to the settings file. No other module
reads configuration or the environment.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from pipeline.revisits.schedule import parse_offsets


class SettingsError(ValueError):
    """A settings file or override is wrong; the message names the file, key and problem."""


@dataclass(frozen=True)
class Setting:
    key: str  # "section.name" or "name" for top-level keys
    default: Any
    help: str
    kind: type  # str, int, float, bool, Path
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None  # beyond it a value is a typo, not a choice (a week, a gigabyte)
    env_only: bool = False  # a secret: only from KABARCHY_<SECTION>_<KEY>, refused in the file
    check: Callable[[str], object] | None = None  # text with a shape of its own: raises ValueError saying why


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", Path("../data"), "Folder for the store, the WARC archive and the embedded index.", Path),
    Setting("sources", Path("sources.yaml"), "The outlets and state bodies to follow (YAML).", Path),
    Setting("entities", Path("entities.yaml"), "The entity registry: parties, officials, bodies (YAML).", Path),
    Setting("index.backend", "sqlite", "Search index: embedded SQLite FTS5 or Elasticsearch.", str,
            choices=("sqlite", "elasticsearch")),
    Setting("fetch.allow_private_addresses", False,
            "Fetch from private, loopback and link-local addresses (only for local fixtures).", bool),
    Setting("fetch.user_agent", "Kabarchy/0.1 (+https://github.com/kabarchy; news monitor)",
            "User-Agent sent with every request.", str),
    Setting("fetch.timeout_s", 20.0, "Timeout for one network operation (connect, each read, write), seconds.",
            float, minimum=0.1, maximum=3600),
    Setting("fetch.deadline_s", 120.0, "Time budget of one URL across all its attempts and redirects, seconds; "
            "an overrun is not retried and leaves its host alone until the next run.",
            float, minimum=0.1, maximum=3600),
    Setting("fetch.max_bytes", 5_000_000, "Largest response body accepted (after decompression), bytes.", int,
            minimum=1024, maximum=1_000_000_000),
    Setting("fetch.max_redirects", 5, "Most redirects followed for one request.", int, minimum=0, maximum=30),
    Setting("fetch.retries", 3, "Retries for 429, 5xx and network errors within one fetch.", int, minimum=0,
            maximum=20),
    Setting("fetch.backoff_s", 1.0, "First retry delay, doubled each time (Retry-After wins).", float, minimum=0,
            maximum=3600),
    Setting("fetch.max_retry_after_s", 120.0, "Longest Retry-After honoured inside a run; longer defers to the next run.",
            float, minimum=0, maximum=86_400),
    Setting("fetch.host_delay_s", 1.0, "Least time between two requests to the same host, seconds.", float, minimum=0,
            maximum=3600),
    Setting("fetch.host_concurrency", 2, "Most requests in flight to one host.", int, minimum=1, maximum=64),
    Setting("fetch.concurrency", 16, "Most requests in flight overall.", int, minimum=1, maximum=1024),
    Setting("fetch.respect_robots", True, "Obey robots.txt.", bool),
    Setting("run.workers", 2, "Processes for extraction and analysis (the machine's cores).", int, minimum=1,
            maximum=256),
    Setting("run.min_interval_minutes", 5.0, "Shortest adaptive interval between two polls of a source.", float,
            minimum=0, maximum=10_080),
    Setting("run.max_interval_minutes", 240.0, "Longest adaptive interval between two polls of a source.", float,
            minimum=0, maximum=10_080),
    Setting("run.max_articles_per_source", 500, "Most new article pages fetched per source in one cycle.", int,
            minimum=1, maximum=100_000),
    Setting("run.max_leads_per_poll", 1000, "Most new links one poll of one feed, sitemap or listing may queue "
            "(newest first; the rest are dropped and the count recorded).", int, minimum=1, maximum=1_000_000),
    # revisits: edits and takedowns after publication (pipeline/revisits)
    Setting("revisit.enabled", True, "Fetch stored articles again on a schedule to record edits and takedowns.", bool),
    Setting("revisit.schedule_hours", "1,6,24,72,336",
            "Hours after publication (or first fetch, if later) at which an article is fetched again.", str,
            check=parse_offsets),
    Setting("revisit.confirm", 3, "Failed revisits in a row before a removal, redirect or outage is concluded.", int,
            minimum=1, maximum=100),
    Setting("revisit.retry_hours", 2.0, "How soon a failed revisit is tried again, hours.", float, minimum=0.01,
            maximum=720),
    Setting("revisit.max_per_cycle", 200, "Most revisits in one cycle; new articles are always fetched first.", int,
            minimum=0, maximum=100_000),
    Setting("elasticsearch.url", "http://127.0.0.1:9200", "Elasticsearch URL.", str),
    Setting("elasticsearch.api_key", "", "Elasticsearch API key (empty: none).", str),
    Setting("elasticsearch.username", "", "Elasticsearch basic-auth user (empty: none).", str),
    Setting("elasticsearch.password", "", "Elasticsearch basic-auth password.", str),
    Setting("elasticsearch.verify_certs", True, "Verify the server's TLS certificate.", bool),
    Setting("elasticsearch.ca_file", "", "CA bundle for the server's certificate (empty: system CAs).", str),
    Setting("elasticsearch.index_prefix", "kabarchy", "Prefix of index names and aliases.", str),
    Setting("elasticsearch.number_of_replicas", 0, "Replicas per shard (0 on a single node).", int, minimum=0,
            maximum=10),
    Setting("elasticsearch.number_of_shards", 1, "Primary shards per index.", int, minimum=1, maximum=128),
    Setting("elasticsearch.request_timeout_s", 30.0, "Timeout for one Elasticsearch request, seconds.", float,
            minimum=0.1, maximum=3600),
    # web UI and JSON API (`kabarchy serve`)
    Setting("web.host", "127.0.0.1", "Address `kabarchy serve` listens on.", str),
    Setting("web.port", 8000, "Port `kabarchy serve` listens on.", int, minimum=1, maximum=65535),
    Setting("web.workers", 2, "Server processes `kabarchy serve` runs (the machine's cores); each has its own "
            "index connections and a share of the rate limit.", int, minimum=1, maximum=64),
    Setting("web.rate_limit_per_minute", 600, "API requests one client may make per minute (0: no limit).", int,
            minimum=0),
    Setting("web.admin_token", "", "Bearer token for actions that change state (start a run, reanalyse); "
            "empty: those actions are off.", str),
    Setting("web.trust_proxy", False, "Take the client address from X-Forwarded-For (only behind your own proxy).",
            bool),
    Setting("web.max_concurrent_requests", 8, "Requests `kabarchy serve` works on at once; the rest queue.", int,
            minimum=1, maximum=1000),
    Setting("web.queue_timeout_s", 10.0, "A request that waits longer than this for its turn gets 503 with "
            "Retry-After, seconds.", float, minimum=0.1, maximum=3600),
    # --- digest and alerts (issue 12) ---
    Setting("digest.subscriptions", Path("subscriptions.yaml"),
            "Digest recipients and watchlists (YAML; see config/subscriptions.example.yaml). Missing file: none.",
            Path),
    Setting("digest.hour", 7, "Bishkek hour (0-23) from which `run --forever` sends the previous day's digest.", int,
            minimum=0, maximum=23),
    Setting("digest.base_url", "", "Web UI address for links in digests (empty: no links into the UI).", str),
    Setting("digest.from_address", "Kabarchy <digest@localhost>", "From: address of digests and alerts.", str),
    Setting("digest.unsubscribe_secret", "", "Key that signs unsubscribe links (environment only: "
            "KABARCHY_DIGEST_UNSUBSCRIBE_SECRET).", str, env_only=True),
    Setting("digest.retry_minutes", 5.0, "First retry delay after a temporary send failure, doubled each run.",
            float, minimum=0),
    Setting("digest.max_attempts", 8, "Temporary failures before a send is given up and recorded as failed.", int,
            minimum=1),
    Setting("smtp.host", "", "SMTP server (empty: digests are written to data/outbox/ as .eml and .html).", str),
    Setting("smtp.port", 587, "SMTP port (587 STARTTLS, 465 SSL, 25 plain).", int, minimum=1, maximum=65535),
    Setting("smtp.security", "starttls", "SMTP transport security.", str, choices=("starttls", "ssl", "none")),
    Setting("smtp.username", "", "SMTP login (empty: no authentication).", str),
    Setting("smtp.password", "", "SMTP password (environment only: KABARCHY_SMTP_PASSWORD).", str, env_only=True),
    Setting("smtp.timeout_s", 30.0, "Timeout for one SMTP command, seconds.", float, minimum=0.1),
    # stories (issue 9)
    Setting("stories.window_days", 3.0,
            "How many days before (and after) an article its story is looked for.", float, minimum=0.5,
            maximum=60),
)

_BY_KEY = {s.key: s for s in SETTINGS}


def _attr(key: str) -> str:
    return key.replace(".", "_")


@dataclass(frozen=True)
class Settings:
    """Every setting, flattened: `index.backend` is `settings.index_backend`."""

    config_file: Path
    data_dir: Path
    sources: Path
    entities: Path
    index_backend: str
    fetch_allow_private_addresses: bool
    fetch_user_agent: str
    fetch_timeout_s: float
    fetch_deadline_s: float
    fetch_max_bytes: int
    fetch_max_redirects: int
    fetch_retries: int
    fetch_backoff_s: float
    fetch_max_retry_after_s: float
    fetch_host_delay_s: float
    fetch_host_concurrency: int
    fetch_concurrency: int
    fetch_respect_robots: bool
    run_workers: int
    run_min_interval_minutes: float
    run_max_interval_minutes: float
    run_max_articles_per_source: int
    run_max_leads_per_poll: int
    revisit_enabled: bool
    revisit_schedule_hours: str
    revisit_confirm: int
    revisit_retry_hours: float
    revisit_max_per_cycle: int
    elasticsearch_url: str
    elasticsearch_api_key: str
    elasticsearch_username: str
    elasticsearch_password: str
    elasticsearch_verify_certs: bool
    elasticsearch_ca_file: str
    elasticsearch_index_prefix: str
    elasticsearch_number_of_replicas: int
    elasticsearch_number_of_shards: int
    elasticsearch_request_timeout_s: float
    web_host: str
    web_port: int
    web_workers: int
    web_rate_limit_per_minute: int
    web_admin_token: str
    web_trust_proxy: bool
    web_max_concurrent_requests: int
    web_queue_timeout_s: float
    digest_subscriptions: Path
    digest_hour: int
    digest_base_url: str
    digest_from_address: str
    digest_unsubscribe_secret: str
    digest_retry_minutes: float
    digest_max_attempts: int
    smtp_host: str
    smtp_port: int
    smtp_security: str
    smtp_username: str
    smtp_password: str
    smtp_timeout_s: float
    stories_window_days: float

    @property
    def store_path(self) -> Path:
        return self.data_dir / "kabarchy.sqlite"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "warc"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def _coerce(setting: Setting, value: Any, where: str, base: Path) -> Any:
    kind = setting.kind
    if kind is bool:
        if isinstance(value, str) and value.lower() in ("true", "1", "yes", "false", "0", "no"):
            value = value.lower() in ("true", "1", "yes")
        if not isinstance(value, bool):
            raise SettingsError(f"{where}: {setting.key} must be true or false, not {value!r}")
        return value
    if kind in (int, float):
        if isinstance(value, bool):
            raise SettingsError(f"{where}: {setting.key} must be a number, not {value!r}")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise SettingsError(f"{where}: {setting.key} must be a number, not {value!r}") from None
        if not math.isfinite(number):  # nan slips past every comparison; inf past every minimum
            raise SettingsError(f"{where}: {setting.key} must be a finite number, not {value!r}")
        try:
            number = kind(value)
        except (TypeError, ValueError):  # int("2.5")
            raise SettingsError(f"{where}: {setting.key} must be a whole number, not {value!r}") from None
        if kind is int and isinstance(value, float) and not value.is_integer():
            raise SettingsError(f"{where}: {setting.key} must be a whole number, not {value!r}")
        if setting.minimum is not None and number < setting.minimum:
            raise SettingsError(f"{where}: {setting.key} must be at least {setting.minimum:g}, not {value!r}")
        if setting.maximum is not None and number > setting.maximum:
            raise SettingsError(f"{where}: {setting.key} must be at most {setting.maximum:g}, not {value!r}")
        return number
    if kind is Path:
        if not isinstance(value, (str, Path)) or not str(value):
            raise SettingsError(f"{where}: {setting.key} must be a path, not {value!r}")
        path = Path(value).expanduser()
        return (path if path.is_absolute() else base / path).resolve()
    if not isinstance(value, str):
        raise SettingsError(f"{where}: {setting.key} must be text, not {value!r}")
    if setting.choices and value not in setting.choices:
        raise SettingsError(f"{where}: {setting.key} must be one of {', '.join(setting.choices)}, not {value!r}")
    if setting.check is not None:
        try:
            setting.check(value)
        except ValueError as exc:
            raise SettingsError(f"{where}: {exc}") from None
    return value


def _flatten(data: Mapping[str, Any], where: str) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            for sub, subvalue in value.items():
                flat[f"{key}.{sub}"] = subvalue
        else:
            flat[key] = value
    unknown = sorted(set(flat) - set(_BY_KEY))
    if unknown:
        raise SettingsError(f"{where}: unknown setting {unknown[0]!r} (known: see README, 'Settings')")
    return flat


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read settings from `path` (default: KABARCHY_CONFIG, else config/settings.toml)."""
    env = os.environ if env is None else env
    if path is None:
        path = Path(env["KABARCHY_CONFIG"]) if env.get("KABARCHY_CONFIG") else default_config_path()
    path = path.resolve()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"{path}: settings file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    values = _flatten(raw, str(path))
    secrets = sorted(s.key for s in SETTINGS if s.env_only and s.key in values)
    if secrets:
        raise SettingsError(f"{path}: {secrets[0]} is a secret and must not be in the file; "
                            f"set KABARCHY_{_attr(secrets[0]).upper()} in the environment")
    from_env = set()
    for key in _BY_KEY:
        env_key = "KABARCHY_" + _attr(key).upper()
        if env_key in env and env_key != "KABARCHY_CONFIG":
            values[key] = env[env_key]
            from_env.add(key)
    resolved: dict[str, Any] = {"config_file": path}
    for setting in SETTINGS:
        value = values.get(setting.key, setting.default)
        # A path in the file is relative to the file; one typed in the environment, to where
        # the user stands.
        if setting.key in from_env:
            where, base = f"KABARCHY_{_attr(setting.key).upper()}", Path.cwd()
        else:
            where, base = str(path), path.parent
        resolved[_attr(setting.key)] = _coerce(setting, value, where, base)
    names = {f.name for f in fields(Settings)}
    assert names == set(resolved), names ^ set(resolved)
    if resolved["run_min_interval_minutes"] > resolved["run_max_interval_minutes"]:
        raise SettingsError(f"{path}: run.min_interval_minutes ({resolved['run_min_interval_minutes']:g}) is above "
                            f"run.max_interval_minutes ({resolved['run_max_interval_minutes']:g})")
    return Settings(**resolved)


def default_config_path() -> Path:
    """config/settings.toml of the checkout (or the current folder's config/)."""
    here = Path.cwd() / "config" / "settings.toml"
    if here.exists():
        return here
    return Path(__file__).resolve().parent.parent / "config" / "settings.toml"
