"""Maturity levels 1 to 6 of an OPD's use of E-Kinerja (docs/maturity.md).

Levels are cumulative: an OPD stands at level N when the checks of levels 1..N all pass, and at
0 ("belum L1") when level 1 fails. Every level is still assessed past the first failure, so an
OPD sees what the next step asks of it.

Each check compares a measured share (numerator over denominator, counted by
`selectors_maturity`) with a threshold in percent. The defaults below are ours [I]; a region
overrides them per key in `MonitoringPolicy.ambang_kematangan`. A share with nothing to count
(no employee, no activity) fails: a level cannot be shown by the absence of data.

Pure: dataclasses in and out, no ORM.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

HUNDRED = Decimal(100)
JSON_VERSION = 1


@dataclass(frozen=True)
class Thresholds:
    """Percentages, 0 to 100. Field names are the keys of `ambang_kematangan`."""

    # L1: an employee "has the habit" when filled days reach this share of working days...
    hari_terisi_pegawai: Decimal = Decimal(80)
    # ...and the level asks this share of the OPD's counted employees to have it.
    pegawai_terbiasa: Decimal = Decimal(75)
    # L2: approved activities of the month that serve an SKP indikator.
    aktivitas_terkait_skp: Decimal = Decimal(70)
    # L3: approved SKPs whose every indikator has all its monthly/quarterly targets.
    skp_target_periodik: Decimal = Decimal(80)
    # L4: RHK utama of approved SKPs linked upward (RHK atasan, or a sasaran strategis).
    rhk_terhubung: Decimal = Decimal(80)
    # L5: filled positions with a workload analysis (catalogue items with a yearly volume)...
    jabatan_ber_abk: Decimal = Decimal(80)
    # ...and RHK utama of JPT SKPs taken from a sasaran strategis of the Renstra/PK.
    rhk_jpt_renstra: Decimal = Decimal(80)
    # L6: counted employees whose evaluation of the latest ended period is set.
    pegawai_dievaluasi: Decimal = Decimal(80)


THRESHOLD_KEYS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Thresholds))


def _as_percent(value: object) -> Decimal | None:
    """A JSON number (or numeric text) from 0 to 100; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float | str):
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            return None
    else:
        return None
    if not number.is_finite() or not Decimal(0) <= number <= HUNDRED:
        return None
    return number


def validate_thresholds(raw: object) -> tuple[Thresholds, list[str]]:
    """The thresholds of an `ambang_kematangan` JSON value, over the defaults, and the errors
    (Indonesian, naming the key). Invalid entries keep their default, so a bad stored value
    never stops the computation; forms refuse to save when the list is not empty."""
    if raw is None or raw == "":
        return Thresholds(), []
    if not isinstance(raw, Mapping):
        return Thresholds(), [
            'Ambang kematangan harus berupa objek JSON, misalnya {"pegawai_terbiasa": 75}.'
        ]
    values: dict[str, Decimal] = {}
    errors: list[str] = []
    for key, value in raw.items():
        if key not in THRESHOLD_KEYS:
            errors.append(
                f"Kunci '{key}' tidak dikenal pada ambang kematangan; kunci yang dikenal: "
                f"{', '.join(THRESHOLD_KEYS)}."
            )
            continue
        number = _as_percent(value)
        if number is None:
            errors.append(
                f"Nilai '{key}' harus berupa angka persen dari 0 sampai 100 (diterima: {value!r})."
            )
            continue
        values[key] = number
    return Thresholds(**values), errors


@dataclass(frozen=True)
class OpdMeasures:
    """What the data of one OPD shows for one month. Counts, not ratios, so every sentence can
    say "x dari y"."""

    # L1: (filled days, working days) of each counted employee.
    isian_pegawai: tuple[tuple[int, int], ...] = ()
    # L2
    aktivitas_disetujui: int = 0
    aktivitas_terkait: int = 0
    # L3
    skp_disetujui: int = 0
    skp_target_lengkap: int = 0
    siklus: str = "bulanan"  # the year's evaluation cycle: "bulanan" or "triwulanan"
    # L4
    tahun: int = 0
    ada_perjanjian_kinerja: bool = False
    rhk_utama: int = 0
    rhk_terhubung: int = 0
    # L5
    jabatan_terisi: int = 0
    jabatan_ber_abk: int = 0
    rhk_jpt: int = 0
    rhk_jpt_renstra: int = 0
    # L6: employees counted for the evaluation (the L1 population) and those set; the label of
    # the period looked at ("" when no period has ended).
    pegawai_wajib_evaluasi: int = 0
    pegawai_dievaluasi: int = 0
    periode_evaluasi: str = ""
    # The month (label) of the final official TPP run covering the OPD, "" when none; and the
    # months that were looked for, for the sentence.
    tpp_final: str = ""
    tpp_dicari: str = ""


@dataclass(frozen=True)
class Check:
    kode: str
    nama: str
    lulus: bool
    alasan: str
    nilai: Decimal | None = None  # measured percent; None for a yes/no check or no data
    ambang: Decimal | None = None  # threshold percent; None for a yes/no check


@dataclass(frozen=True)
class LevelResult:
    tingkat: int
    nama: str
    checks: tuple[Check, ...]
    tercapai: bool = False  # this level and every one below it pass

    @property
    def lulus(self) -> bool:
        return all(check.lulus for check in self.checks)


LEVEL_NAMES: dict[int, str] = {
    0: "Belum L1",
    1: "Aktivitas harian menjadi kebiasaan",
    2: "Aktivitas terhubung ke target SKP",
    3: "Target tahunan dirinci per periode",
    4: "Cascading kinerja lengkap",
    5: "Jabatan berbasis ABK dan SKP dari Renstra",
    6: "Evaluasi tercatat dan dipakai untuk TPP",
}
TOP_LEVEL = 6

# Every check in display order, for column headers (Excel) and for reading stored JSON.
CHECK_NAMES: dict[str, str] = {
    "pegawai_terbiasa": "Pegawai rutin mengisi aktivitas",
    "aktivitas_terkait_skp": "Aktivitas terhubung ke indikator SKP",
    "skp_target_periodik": "SKP dengan target periodik lengkap",
    "perjanjian_kinerja": "Perjanjian Kinerja tersedia",
    "rhk_terhubung": "RHK terhubung ke atasan/sasaran strategis",
    "jabatan_ber_abk": "Jabatan terisi dengan ABK",
    "rhk_jpt_renstra": "RHK JPT dari sasaran strategis Renstra",
    "pegawai_dievaluasi": "Pegawai dengan evaluasi ditetapkan",
    "tpp_final": "TPP resmi final",
}


def level_label(tingkat: int) -> str:
    return "Belum L1" if tingkat == 0 else f"L{tingkat}"


def format_percent(value: Decimal) -> str:
    """62.5 -> '62,5%'; 80 -> '80%' (one decimal at most, Indonesian comma)."""
    rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}".removesuffix(".0").replace(".", ",")
    return f"{text}%"


def _share(numerator: int, denominator: int) -> Decimal | None:
    if denominator <= 0:
        return None
    return Decimal(numerator) * HUNDRED / Decimal(denominator)


def _ratio_check(
    kode: str,
    numerator: int,
    denominator: int,
    threshold: Decimal,
    *,
    sentence: str,
    empty: str,
) -> Check:
    """`sentence` is formatted with x (numerator), y (denominator) and p (the share)."""
    share = _share(numerator, denominator)
    if share is None:
        return Check(kode, CHECK_NAMES[kode], False, empty, None, threshold)
    # Compared on the exact counts, so a rounded 79,99...% never passes an 80% threshold.
    passed = Decimal(numerator) * HUNDRED >= threshold * Decimal(denominator)
    # Kept at the precision shown, so the stored JSON reads back to the same text.
    shown = share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = sentence.format(x=numerator, y=denominator, p=format_percent(shown))
    reason = f"{text}; ambang {format_percent(threshold)}."
    return Check(kode, CHECK_NAMES[kode], passed, reason, shown, threshold)


def _level1(m: OpdMeasures, t: Thresholds) -> tuple[Check, ...]:
    counted = [(filled, days) for filled, days in m.isian_pegawai if days > 0]
    habitual = sum(
        1 for filled, days in counted if Decimal(filled) * HUNDRED >= t.hari_terisi_pegawai * days
    )
    habit = format_percent(t.hari_terisi_pegawai)
    return (
        _ratio_check(
            "pegawai_terbiasa", habitual, len(counted), t.pegawai_terbiasa,
            sentence="{x} dari {y} pegawai ({p}) mengisi aktivitas pada ≥" + habit
            + " hari kerja",
            empty="Tidak ada pegawai yang dihitung dengan hari kerja pada bulan ini.",
        ),
    )  # fmt: skip


def _level2(m: OpdMeasures, t: Thresholds) -> tuple[Check, ...]:
    return (
        _ratio_check(
            "aktivitas_terkait_skp", m.aktivitas_terkait, m.aktivitas_disetujui,
            t.aktivitas_terkait_skp,
            sentence="{x} dari {y} aktivitas disetujui ({p}) terhubung ke indikator SKP",
            empty="Belum ada aktivitas disetujui pada bulan ini.",
        ),
    )  # fmt: skip


def _level3(m: OpdMeasures, t: Thresholds) -> tuple[Check, ...]:
    cadence = "triwulanan" if m.siklus == "triwulanan" else "bulanan"
    return (
        _ratio_check(
            "skp_target_periodik", m.skp_target_lengkap, m.skp_disetujui, t.skp_target_periodik,
            sentence="{x} dari {y} SKP disetujui ({p}) memiliki target " + cadence
            + " untuk setiap indikator",
            empty="Belum ada SKP disetujui pada periode tahun ini.",
        ),
    )  # fmt: skip


def _level4(m: OpdMeasures, t: Thresholds) -> tuple[Check, ...]:
    year = f" {m.tahun}" if m.tahun else ""
    pk = Check(
        "perjanjian_kinerja",
        CHECK_NAMES["perjanjian_kinerja"],
        m.ada_perjanjian_kinerja,
        f"Perjanjian Kinerja{year} sudah tercatat."
        if m.ada_perjanjian_kinerja
        else f"Belum ada Perjanjian Kinerja{year} untuk OPD ini.",
    )
    linked = _ratio_check(
        "rhk_terhubung", m.rhk_terhubung, m.rhk_utama, t.rhk_terhubung,
        sentence="{x} dari {y} RHK utama ({p}) terhubung ke RHK atasan atau sasaran strategis",
        empty="Belum ada RHK utama pada SKP yang disetujui.",
    )  # fmt: skip
    return (pk, linked)


def _level5(m: OpdMeasures, t: Thresholds) -> tuple[Check, ...]:
    return (
        _ratio_check(
            "jabatan_ber_abk", m.jabatan_ber_abk, m.jabatan_terisi, t.jabatan_ber_abk,
            sentence="{x} dari {y} jabatan terisi ({p}) memiliki analisis beban kerja",
            empty="Tidak ada jabatan aktif yang terisi.",
        ),
        _ratio_check(
            "rhk_jpt_renstra", m.rhk_jpt_renstra, m.rhk_jpt, t.rhk_jpt_renstra,
            sentence="{x} dari {y} RHK utama JPT ({p}) diturunkan dari sasaran strategis Renstra",
            empty="Belum ada SKP JPT disetujui dengan RHK utama.",
        ),
    )  # fmt: skip


def _level6(m: OpdMeasures, t: Thresholds) -> tuple[Check, ...]:
    if m.periode_evaluasi:
        evaluated = _ratio_check(
            "pegawai_dievaluasi", m.pegawai_dievaluasi, m.pegawai_wajib_evaluasi,
            t.pegawai_dievaluasi,
            sentence="{x} dari {y} pegawai ({p}) sudah ditetapkan evaluasinya untuk "
            + m.periode_evaluasi,
            empty="Tidak ada pegawai yang dihitung pada bulan ini.",
        )  # fmt: skip
    else:
        evaluated = Check(
            "pegawai_dievaluasi",
            CHECK_NAMES["pegawai_dievaluasi"],
            False,
            "Belum ada periode evaluasi yang berakhir.",
            None,
            t.pegawai_dievaluasi,
        )
    sought = f" {m.tpp_dicari}" if m.tpp_dicari else ""
    tpp = Check(
        "tpp_final",
        CHECK_NAMES["tpp_final"],
        bool(m.tpp_final),
        f"TPP resmi {m.tpp_final} sudah final dan mencakup OPD ini."
        if m.tpp_final
        else f"Belum ada TPP resmi final{sought} yang mencakup OPD ini.",
    )
    return (evaluated, tpp)


_LEVELS = (_level1, _level2, _level3, _level4, _level5, _level6)


@dataclass(frozen=True)
class Assessment:
    tingkat: int
    levels: tuple[LevelResult, ...] = field(default=())

    @property
    def level(self) -> int:
        return self.tingkat

    @property
    def label(self) -> str:
        return level_label(self.tingkat)

    @property
    def nama(self) -> str:
        return LEVEL_NAMES[self.tingkat]

    def check(self, kode: str) -> Check | None:
        for level in self.levels:
            for item in level.checks:
                if item.kode == kode:
                    return item
        return None

    def as_json(self) -> dict[str, Any]:
        """What `OpdMonth.kematangan` stores: plain JSON, with the display text ready so a
        template can show it without this module."""
        return {
            "versi": JSON_VERSION,
            "tingkat": self.tingkat,
            "label": self.label,
            "nama": self.nama,
            "levels": [
                {
                    "tingkat": level.tingkat,
                    "label": level_label(level.tingkat),
                    "nama": level.nama,
                    "lulus": level.lulus,
                    "tercapai": level.tercapai,
                    "checks": [_check_json(item) for item in level.checks],
                }
                for level in self.levels
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Assessment:
        """The inverse of `as_json`; an empty or foreign value reads as level 0, no checks."""
        levels = []
        for raw_level in data.get("levels") or ():
            checks = tuple(
                Check(
                    kode=str(raw.get("kode", "")),
                    nama=str(raw.get("nama", "")),
                    lulus=bool(raw.get("lulus")),
                    alasan=str(raw.get("alasan", "")),
                    nilai=_decimal_or_none(raw.get("nilai")),
                    ambang=_decimal_or_none(raw.get("ambang")),
                )
                for raw in raw_level.get("checks") or ()
            )
            levels.append(
                LevelResult(
                    tingkat=int(raw_level.get("tingkat", 0)),
                    nama=str(raw_level.get("nama", "")),
                    checks=checks,
                    tercapai=bool(raw_level.get("tercapai")),
                )
            )
        tingkat = int(data.get("tingkat", 0) or 0)
        return cls(tingkat=tingkat if 0 <= tingkat <= TOP_LEVEL else 0, levels=tuple(levels))


def _check_json(item: Check) -> dict[str, Any]:
    return {
        "kode": item.kode,
        "nama": item.nama,
        "lulus": item.lulus,
        "alasan": item.alasan,
        "nilai": None if item.nilai is None else str(item.nilai),
        "ambang": None if item.ambang is None else str(item.ambang),
        "nilai_teks": "—" if item.nilai is None else format_percent(item.nilai),
        "ambang_teks": "ada" if item.ambang is None else "≥ " + format_percent(item.ambang),
    }


def _decimal_or_none(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def assess(measures: OpdMeasures, thresholds: Thresholds | None = None) -> Assessment:
    """The OPD's level and every level's checks."""
    chosen = thresholds or Thresholds()
    levels: list[LevelResult] = []
    reached = 0
    still_climbing = True
    for number, checks_of in enumerate(_LEVELS, start=1):
        checks = checks_of(measures, chosen)
        passed = all(item.lulus for item in checks)
        still_climbing = still_climbing and passed
        if still_climbing:
            reached = number
        levels.append(LevelResult(number, LEVEL_NAMES[number], checks, tercapai=still_climbing))
    return Assessment(tingkat=reached, levels=tuple(levels))


def level_counts(levels: list[int]) -> list[int]:
    """How many OPDs stand at each level 0..6."""
    counts = [0] * (TOP_LEVEL + 1)
    for level in levels:
        if 0 <= level <= TOP_LEVEL:
            counts[level] += 1
    return counts
