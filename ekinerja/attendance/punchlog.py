"""Fingerprint-machine exports turned into plain punches (issue 5).

Two inputs are understood: the ZKTeco attendance log ("attlog": PIN, timestamp, status
columns separated by tabs or runs of spaces) and a two-column CSV ``nip_or_pin,timestamp``.
A bad line never stops an import: it becomes a ``LineProblem`` with its physical line number
and an Indonesian message, and every other line still parses ("reported, not lost").

Pure: bytes or text in, dataclasses out. Times stay naive device-local time until
``localise`` attaches the device's zone, because a machine knows nothing of time zones and
the zone is a property of the unit it hangs in, never of the server.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LogFormat = Literal["zkteco", "csv"]
FORMATS: Final[tuple[LogFormat, ...]] = ("zkteco", "csv")

# Long garbage lines (a binary file picked by mistake) would flood the problem list.
_MAX_TEXT = 120


@dataclass(frozen=True, slots=True)
class RawPunch:
    """One punch as the device recorded it; ``local_time`` is naive device-local time."""

    line: int
    key: str
    local_time: dt.datetime
    state: str | None = None


@dataclass(frozen=True, slots=True)
class LineProblem:
    """A line that could not be read; ``message`` is ready to show the operator."""

    line: int
    text: str
    message: str


@dataclass(frozen=True, slots=True)
class ParsedLog:
    punches: list[RawPunch] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)


# --- Decoding and lines ----------------------------------------------------------------------


def decode(data: bytes | str) -> str:
    """Bytes as text: UTF-8 (BOM tolerated), else latin-1, which never fails, so an odd
    byte in a name column costs one problem line rather than the whole import."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    # Some vendor tools save the log as UTF-16; read as latin-1 it would be NUL soup.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    # str.splitlines also breaks on \x0b, \x1c, \u2028 and friends, which would shift the
    # line numbers the operator uses to find the line in the file.
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if line.strip():
            yield number, line


def _clip(line: str) -> str:
    line = line.rstrip("\r\n")
    return line if len(line) <= _MAX_TEXT else line[: _MAX_TEXT - 1] + "…"


def _problem(number: int, line: str, message: str) -> LineProblem:
    return LineProblem(line=number, text=_clip(line), message=f"Baris {number}: {message}")


# --- Timestamps ------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_TIME = re.compile(r"(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?")


# The floor is where an unset ZKTeco clock starts counting. Earlier years, or years past
# the next one, are no real punch, and year 1 does not even convert to UTC.
EARLIEST_YEAR = 2000


def year_problem(moment: dt.datetime) -> str | None:
    """Why ``moment`` cannot be a real punch (without the line prefix), or None."""
    latest = dt.date.today().year + 1
    if EARLIEST_YEAR <= moment.year <= latest:
        return None
    return (
        f"tahun {moment.year} di luar rentang {EARLIEST_YEAR}–{latest}; "
        "periksa jam dan tanggal mesin."
    )


def _looks_like_date(token: str) -> bool:
    return bool(_ISO_DATE.fullmatch(token) or _DMY_DATE.fullmatch(token))


def _parse_timestamp(text: str, *, dmy: bool, need_seconds: bool) -> dt.datetime | str:
    """The datetime, or the Indonesian reason it is not one (without the line prefix)."""
    expected = "YYYY-MM-DD HH:MM:SS" if need_seconds else "YYYY-MM-DD HH:MM[:SS]"
    if dmy:
        expected += " atau DD/MM/YYYY HH:MM[:SS]"
    parts = text.split()
    if not parts:
        return f"waktu kosong (diharapkan {expected})."
    date_match = _ISO_DATE.fullmatch(parts[0])
    order = "ymd"
    if date_match is None and dmy:
        date_match = _DMY_DATE.fullmatch(parts[0])
        order = "dmy"
    if date_match is None:
        return f"waktu '{text}' tidak dikenali (diharapkan {expected})."
    if len(parts) == 1:
        return f"jam tidak ada pada waktu '{text}' (diharapkan {expected})."
    time_match = _TIME.fullmatch(parts[1])
    if len(parts) > 2 or time_match is None or (need_seconds and time_match[3] is None):
        return f"waktu '{text}' tidak dikenali (diharapkan {expected})."
    a, b, c = (int(g) for g in date_match.groups())
    year, month, day = (a, b, c) if order == "ymd" else (c, b, a)
    hour, minute = int(time_match[1]), int(time_match[2])
    second = int(time_match[3]) if time_match[3] is not None else 0
    try:
        moment = dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return f"waktu '{text}' tidak valid."
    problem = year_problem(moment)
    return moment if problem is None else f"waktu '{text}': {problem}"


# --- Format detection ------------------------------------------------------------------------


def detect_format(text: str) -> LogFormat:
    """ "csv" when most of the first non-blank lines carry a comma or semicolon; an attlog
    line never does. Anything undecidable (empty text) is treated as ZKTeco."""
    sample = [line for _, line in islice(_lines(text), 20)]
    delimited = sum(1 for line in sample if "," in line or ";" in line)
    return "csv" if sample and delimited * 2 > len(sample) else "zkteco"


# --- ZKTeco attlog ---------------------------------------------------------------------------


def _parse_zkteco_line(number: int, line: str) -> RawPunch | LineProblem:
    # Tabs and space runs are both field separators; the timestamp's own space therefore
    # splits it into date and time tokens, which keeps one rule for both export styles.
    tokens = line.split()
    if _looks_like_date(tokens[0]):
        return _problem(number, line, "PIN kosong.")
    if len(tokens) < 2:
        return _problem(number, line, "waktu tidak ada (diharapkan PIN, YYYY-MM-DD HH:MM:SS).")
    if not _looks_like_date(tokens[1]):
        return _problem(
            number, line, "format tidak dikenali (diharapkan PIN, YYYY-MM-DD HH:MM:SS, status)."
        )
    has_time = len(tokens) > 2 and _TIME.fullmatch(tokens[2]) is not None
    stamp_text = " ".join(tokens[1:3]) if has_time else tokens[1]
    stamp = _parse_timestamp(stamp_text, dmy=False, need_seconds=True)
    if isinstance(stamp, str):
        return _problem(number, line, stamp)
    first_status = 3 if has_time else 2
    state = tokens[first_status] if len(tokens) > first_status else None
    return RawPunch(line=number, key=tokens[0], local_time=stamp, state=state)


def _parse_zkteco(text: str) -> ParsedLog:
    result = ParsedLog()
    for number, line in _lines(text):
        item = _parse_zkteco_line(number, line)
        if isinstance(item, RawPunch):
            result.punches.append(item)
        else:
            result.problems.append(item)
    return result


# --- CSV -------------------------------------------------------------------------------------

# Excel turns an 18-digit NIP typed into a number cell into 1.98501E+17; the digits are gone.
_SCIENTIFIC = re.compile(r"\d(?:[.,]\d+)?[eE]\+?\d+")


def _delimiter(first_line: str) -> str:
    # Indonesian-locale Excel writes ';' because ',' is the decimal mark there.
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _is_header(cells: list[str]) -> bool:
    return len(cells) >= 2 and not any(ch.isdigit() for cell in cells for ch in cell)


def _cells(line: str, delimiter: str) -> list[str] | None:
    """The stripped cells of one line, or None when the csv module refuses it (a field
    longer than its size limit, which only a wrong or damaged file has)."""
    try:
        return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), [])]
    except csv.Error:
        return None


def _parse_csv_line(number: int, line: str, delimiter: str) -> RawPunch | LineProblem:
    cells = _cells(line, delimiter)
    if cells is None:
        return _problem(
            number, line, "baris tidak dapat dibaca sebagai CSV (kolom terlalu panjang)."
        )
    # Spreadsheet exports often pad rows with empty trailing columns.
    while len(cells) > 2 and not cells[-1]:
        cells.pop()
    if len(cells) != 2:
        return _problem(
            number,
            line,
            f"diharapkan 2 kolom (NIP/PIN{delimiter}waktu), ditemukan {len(cells)}.",
        )
    # A NIP is often printed in groups ("19850101 201001 1 001"); no key contains spaces.
    key = "".join(cells[0].split())
    if not key:
        return _problem(number, line, "NIP/PIN kosong.")
    if _SCIENTIFIC.fullmatch(key):
        return _problem(
            number,
            line,
            f"NIP/PIN '{cells[0]}' rusak oleh Excel (notasi ilmiah); "
            "format kolom sebagai teks lalu ekspor ulang.",
        )
    stamp = _parse_timestamp(cells[1], dmy=True, need_seconds=False)
    if isinstance(stamp, str):
        return _problem(number, line, stamp)
    return RawPunch(line=number, key=key, local_time=stamp, state=None)


def _parse_csv(text: str) -> ParsedLog:
    result = ParsedLog()
    delimiter: str | None = None
    for number, line in _lines(text):
        if delimiter is None:
            delimiter = _delimiter(line)
            first_cells = _cells(line, delimiter)
            if first_cells is not None and _is_header(first_cells):
                continue
        item = _parse_csv_line(number, line, delimiter)
        if isinstance(item, RawPunch):
            result.punches.append(item)
        else:
            result.problems.append(item)
    return result


# --- Entry point -----------------------------------------------------------------------------


def parse_log(data: bytes | str, *, fmt: str | None = None) -> ParsedLog:
    """Every punch in ``data`` plus every line that could not be read, in file order.

    Duplicates are kept: deciding that two punches are the same is the storage layer's job,
    through ``dedupe_key``, so that re-importing a file is idempotent across imports too.
    ``fmt`` overrides detection; an unknown value is a programming error and raises.
    """
    text = decode(data)
    chosen = detect_format(text) if fmt is None else fmt
    if chosen == "zkteco":
        return _parse_zkteco(text)
    if chosen == "csv":
        return _parse_csv(text)
    raise ValueError(f"format log '{fmt}' tidak dikenal; pilih salah satu: {', '.join(FORMATS)}.")


# --- Zones and identity ----------------------------------------------------------------------


def localise(raw: RawPunch, zone: str) -> dt.datetime:
    """The punch as an aware datetime in the device's IANA zone.

    Indonesia has had no daylight saving since 1964 and WIB/WITA/WIT are fixed offsets, so a
    wall-clock time there is never skipped or repeated. ``fold=0`` is still set explicitly so
    that a device configured with a DST zone by mistake resolves the same way every time
    instead of depending on whatever fold the parsed value happened to carry.
    """
    if raw.local_time.tzinfo is not None:
        raise ValueError(f"Baris {raw.line}: waktu punch sudah memiliki zona waktu.")
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"zona waktu '{zone}' tidak dikenal.") from exc
    return raw.local_time.replace(tzinfo=tz, fold=0)


def dedupe_key(key: str, aware_dt: dt.datetime) -> tuple[str, dt.datetime]:
    """Identity of a punch across imports: the key without whitespace and the UTC instant,
    to the second.

    UTC makes the same punch compare equal whichever zone object carried it; microseconds are
    dropped because devices record whole seconds and a CSV round trip must not split a punch
    in two. Seconds are kept: two punches in the same minute are two punches.
    """
    if aware_dt.tzinfo is None or aware_dt.utcoffset() is None:
        raise ValueError("dedupe_key membutuhkan datetime dengan zona waktu.")
    return "".join(key.split()), aware_dt.astimezone(dt.UTC).replace(microsecond=0)
