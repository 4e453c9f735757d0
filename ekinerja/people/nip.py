"""NIP (PNS) and NI PPPK: structure and validation (domain.md 6.1 and 6.2). Pure, no ORM.

NIP:     YYYYMMDD (lahir) + YYYYMM (TMT CPNS) + G (1 laki-laki, 2 perempuan) + NNN
NI PPPK: YYYYMMDD (lahir) + YYYY (tahun pengangkatan) + 2 + K + G + NNN
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MIN_AGE_AT_APPOINTMENT = 18
NIP_LENGTH = 18


class NipError(ValueError):
    """A NIP that cannot belong to a real person; the message is for the user, in Indonesian."""


@dataclass(frozen=True)
class NipParts:
    tanggal_lahir: dt.date
    tahun_pengangkatan: int
    bulan_pengangkatan: int | None
    jenis_kelamin: str  # "L" or "P"
    nomor_urut: int
    is_pppk: bool


def normalize_nip(raw: str) -> str:
    """Strip the spaces and dots people type or paste ("19850101 201001 1 001")."""
    return "".join(ch for ch in str(raw) if not ch.isspace() and ch not in ".-")


def format_nip(nip: str) -> str:
    """The printed form: 19850101 201001 1 001."""
    if len(nip) != NIP_LENGTH:
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def _birth_date(nip: str) -> dt.date:
    try:
        return dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError as error:
        day = f"{nip[6:8]}-{nip[4:6]}-{nip[0:4]}"
        raise NipError(f"Tanggal lahir {day} pada NIP tidak ada.") from error


def _gender(digit: str) -> str:
    if digit == "1":
        return "L"
    if digit == "2":
        return "P"
    raise NipError(f"Digit jenis kelamin harus 1 (laki-laki) atau 2 (perempuan), bukan {digit}.")


def _check_shape(nip: str) -> None:
    if not nip.isdigit():
        raise NipError("NIP hanya boleh berisi angka.")
    if len(nip) != NIP_LENGTH:
        raise NipError(f"NIP harus {NIP_LENGTH} digit, bukan {len(nip)}.")


def _check_appointment_age(birth: dt.date, year: int, month: int, today: dt.date) -> None:
    if (year, month) > (today.year, today.month):
        raise NipError("Tanggal pengangkatan pada NIP berada di masa depan.")
    age_years = year - birth.year - ((month, 31) < (birth.month, birth.day))
    if age_years < MIN_AGE_AT_APPOINTMENT:
        raise NipError(
            f"Pengangkatan pada NIP terjadi sebelum usia {MIN_AGE_AT_APPOINTMENT} tahun."
        )
    if birth.year < 1930:
        raise NipError("Tahun lahir pada NIP tidak masuk akal.")


def parse_nip(raw: str, *, today: dt.date | None = None) -> NipParts:
    """Parse and validate a PNS NIP; raises NipError with the first problem found."""
    nip = normalize_nip(raw)
    today = today or dt.date.today()
    _check_shape(nip)
    birth = _birth_date(nip)
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise NipError(f"Bulan TMT CPNS pada NIP ({nip[12:14]}) harus 01 sampai 12.")
    _check_appointment_age(birth, year, month, today)
    return NipParts(birth, year, month, _gender(nip[14]), int(nip[15:]), is_pppk=False)


def parse_ni_pppk(raw: str, *, today: dt.date | None = None) -> NipParts:
    """Parse and validate an NI PPPK; raises NipError with the first problem found."""
    nip = normalize_nip(raw)
    today = today or dt.date.today()
    _check_shape(nip)
    birth = _birth_date(nip)
    year = int(nip[8:12])
    if nip[12] != "2":
        raise NipError("Digit ke-13 NI PPPK harus 2 (penanda PPPK).")
    # The appointment month is not in an NI PPPK: check the age against December of that year.
    _check_appointment_age(birth, year, 12 if year < today.year else today.month, today)
    return NipParts(birth, year, None, _gender(nip[14]), int(nip[15:]), is_pppk=True)


def parse_identifier(raw: str, *, pppk: bool, today: dt.date | None = None) -> NipParts:
    return parse_ni_pppk(raw, today=today) if pppk else parse_nip(raw, today=today)
