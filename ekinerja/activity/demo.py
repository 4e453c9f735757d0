"""Daily activities for the demo Kabupaten Sukamaju: an activity catalogue per position, a few
approved leave days, and a month of activities for every employee with a seat.

Called by `manage.py seed_demo` after planning (the command looks for `extend_demo` in every
app's `demo` module). The month is the 30 days before the real date, so the day and month pages
look alive whenever the demo is loaded; the choices are drawn from `random.Random(seed + 3)`.
Older activities are mostly approved by the pejabat penilai, with a few rejected or returned
with a reason; the last days are mostly still waiting, so every atasan has a queue.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ekinerja.attendance.calendar import holidays_between
from ekinerja.attendance.selectors import attendance_records, leave_days
from ekinerja.core.bulk import insert_rows
from ekinerja.core.services import record_audit_event
from ekinerja.org.choices import JENIS_JPT, JenisJabatan
from ekinerja.people.demo import DemoResult
from ekinerja.people.hierarchy import RANK, penilai_map
from ekinerja.people.models import Assignment
from ekinerja.planning.choices import Aspek, StatusSkp
from ekinerja.planning.models import Indikator

from .choices import StatusAktivitas
from .models import Activity, CatalogItem
from .rules import normalise_uraian

DAYS_BACK = 30
PENDING_DAYS = 3  # activities of the last days mostly still wait for the penilai
WORKDAY_START = 7 * 60 + 30
LUNCH = (12 * 60, 13 * 60)
WORKDAY_END = 16 * 60

# (uraian tugas, norma waktu in minutes, satuan hasil) by the kind of position.
CATALOGUE: dict[str, list[tuple[str, int, str]]] = {
    "pimpinan": [
        ("Memimpin rapat koordinasi", 90, "rapat"),
        ("Memeriksa dan menandatangani naskah dinas", 30, "naskah"),
        ("Mendisposisikan surat masuk", 20, "surat"),
        ("Memantau pelaksanaan program dan kegiatan", 60, "laporan"),
        ("Membina dan mengarahkan pegawai", 45, "kegiatan"),
        ("Menerima konsultasi dan audiensi", 60, "kegiatan"),
    ],
    "fungsional": [
        ("Menyusun kajian teknis", 120, "dokumen"),
        ("Melaksanakan pelayanan sesuai bidang keahlian", 60, "layanan"),
        ("Melakukan verifikasi dan analisis data", 90, "laporan"),
        ("Menyusun laporan hasil kegiatan", 60, "laporan"),
        ("Memberikan bimbingan teknis", 90, "kegiatan"),
        ("Melakukan pemantauan lapangan", 120, "laporan"),
    ],
    "pelaksana": [
        ("Mengagendakan surat masuk dan keluar", 30, "berkas"),
        ("Menginput data ke aplikasi", 60, "dokumen"),
        ("Menyusun rekapitulasi data bulanan", 90, "laporan"),
        ("Mengarsipkan dokumen", 45, "berkas"),
        ("Melayani permohonan dan pengaduan masyarakat", 30, "layanan"),
        ("Menyiapkan bahan rapat", 60, "paket"),
        ("Memverifikasi kelengkapan berkas", 45, "berkas"),
    ],
}
DETAILS = [
    "untuk bidang terkait", "sesuai disposisi pimpinan", "periode minggu ini",
    "tindak lanjut rapat", "permintaan unit kerja", "sesuai jadwal", "dari kecamatan",
    "data triwulan berjalan", "berkas tertunda", "laporan ke pimpinan",
]  # fmt: skip
REASONS_REJECT = [
    "Uraian tidak sesuai dengan tugas jabatan.",
    "Aktivitas yang sama sudah dilaporkan pada hari sebelumnya.",
    "Tidak ada bukti hasil kerja.",
]
REASONS_RETURN = [
    "Lengkapi tautan bukti hasil kerja.",
    "Perjelas output yang dihasilkan.",
    "Jam kerja tidak sesuai dengan presensi; mohon diperbaiki.",
]


@dataclass
class _Seat:
    employee_id: int
    position_id: int
    kind: str


def _kind(jenis_jabatan: str) -> str:
    if jenis_jabatan in JENIS_JPT or jenis_jabatan in (
        JenisJabatan.ADMINISTRATOR, JenisJabatan.PENGAWAS,
    ):  # fmt: skip
        return "pimpinan"
    if jenis_jabatan.startswith("fungsional"):
        return "fungsional"
    return "pelaksana"


def _seats(instansi_id: int, day: dt.date) -> list[_Seat]:
    rows = (
        Assignment.objects.active_on(day)
        .filter(position__instansi_id=instansi_id)
        .exclude(position__jenis_jabatan=JenisJabatan.KEPALA_DAERAH)
        .values_list("employee_id", "position_id", "position__jenis_jabatan", "jenis", "mulai")
    )
    seat_of: dict[int, _Seat] = {}
    for employee_id, position_id, jenis_jabatan, _jenis, _mulai in sorted(
        rows, key=lambda row: (RANK[row[3]], row[4])
    ):
        seat_of.setdefault(employee_id, _Seat(employee_id, position_id, _kind(jenis_jabatan)))
    return [seat_of[e] for e in sorted(seat_of)]


def _create_catalogue(
    instansi_id: int, seats: list[_Seat], rng: random.Random, seed: int
) -> dict[int, list]:
    """Four or five uraian tugas for every occupied position; returns position -> items."""
    kinds = {seat.position_id: seat.kind for seat in seats}
    items = []
    for position_id in sorted(kinds):
        bank = CATALOGUE[kinds[position_id]]
        for uraian, norma, satuan in rng.sample(bank, rng.randint(4, 5)):
            items.append(CatalogItem(
                instansi_id=instansi_id, position_id=position_id, uraian=uraian,
                norma_waktu=norma, satuan_hasil=satuan,
            ))  # fmt: skip
    by_position: dict[int, list[CatalogItem]] = defaultdict(list)
    for item in items:
        by_position[item.position_id].append(item)
    _give_volumes(by_position, Counter(seat.position_id for seat in seats), seed)
    CatalogItem.objects.bulk_create(items, batch_size=2000)
    return by_position


# People's worth of work per holder a position's ABK asks for: mostly about right, some short of
# staff, some with more staff than work, so the ABK pages show both.
ABK_LOAD = [0.4, 0.6, 0.8, 0.9, 1.0, 1.0, 1.0, 1.1, 1.3, 1.6, 2.0]
NO_ABK_SHARE = 0.1  # positions whose job analysis is not done yet
JKE_DEMO = 75_000


def _give_volumes(by_position: dict[int, list], holders: Counter, seed: int) -> None:
    """A yearly volume for every task of most positions, split so that the position's workload
    is its holders times a load from ABK_LOAD. Each position draws from its own generator, so
    the main one, and with it every other demo row, is unchanged."""
    for position_id in sorted(by_position):
        pick = random.Random(f"abk-{seed}-{position_id}")
        if pick.random() < NO_ABK_SHARE:
            continue
        items = by_position[position_id]
        beban = holders[position_id] * pick.choice(ABK_LOAD) * JKE_DEMO
        weights = [pick.randint(1, 4) for _ in items]
        for item, weight in zip(items, weights, strict=True):
            share = beban * weight / sum(weights)
            item.volume_tahunan = max(1, round(share / item.norma_waktu))


def _working_days(instansi_id: int, end: dt.date) -> list[dt.date]:
    """The weekdays of the last 30 days that are not holidays (the attendance calendar)."""
    first = end - dt.timedelta(days=DAYS_BACK)
    holidays = holidays_between(instansi_id, first, end)
    days = [end - dt.timedelta(days=n) for n in range(DAYS_BACK, 0, -1)]
    return [day for day in days if day.weekday() < 5 and day not in holidays]


def _days_away(
    instansi_id: int, seats: list[_Seat], days: list[dt.date]
) -> dict[int, set[dt.date]]:
    """Days each employee was not at work (leave, absence), from the attendance demo, so that
    nobody reports activities on a day they were away."""
    if not days:
        return {}
    ids = [seat.employee_id for seat in seats]
    away: dict[int, set[dt.date]] = defaultdict(set)
    for employee_id, by_day in leave_days(ids, days[0], days[-1]).items():
        away[employee_id].update(by_day)
    for (employee_id, day), record in attendance_records(ids, days[0], days[-1]).items():
        if not record.at_work:
            away[employee_id].add(day)
    return away


def _indicators(instansi_id: int, year: int) -> dict[int, list[tuple[int, str]]]:
    """Employee -> the quantity indicators of their live SKP of the year."""
    rows = (
        Indikator.objects.filter(
            rhk__skp__instansi_id=instansi_id, rhk__skp__period__tahun=year, aspek=Aspek.KUANTITAS
        )
        .exclude(rhk__skp__status=StatusSkp.DIGANTI)
        .values_list("rhk__skp__employee_id", "pk", "satuan")
    )
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for employee_id, pk, satuan in rows:
        found[employee_id].append((pk, satuan))
    return found


def _day_slots(rng: random.Random, norms: list[int]) -> list[tuple[int, int, int]]:
    """(start, end, index of the catalogue item) for one working day, around the lunch break."""
    slots = []
    clock = WORKDAY_START + rng.choice([0, 0, 5, 10, 15, 20, 30])
    for _ in range(rng.randint(3, 5)):
        index = rng.randrange(len(norms))
        length = max(30, min(180, int(norms[index] * rng.choice([1, 1, 1.5, 2]))))
        length -= length % 5
        if clock < LUNCH[1] and clock + length > LUNCH[0]:
            clock = LUNCH[1]
        if clock + length > WORKDAY_END:
            break
        slots.append((clock, clock + length, index))
        clock += length + rng.choice([0, 0, 5, 10, 15])
    return slots


def _status(rng: random.Random, age: int) -> tuple[str, str]:
    draw = rng.random()
    if age <= PENDING_DAYS:
        return (StatusAktivitas.DIAJUKAN, "") if draw < 0.85 else (StatusAktivitas.DISETUJUI, "")
    if draw < 0.04:
        return StatusAktivitas.DITOLAK, rng.choice(REASONS_REJECT)
    if draw < 0.07:
        return StatusAktivitas.DIKEMBALIKAN, rng.choice(REASONS_RETURN)
    return StatusAktivitas.DISETUJUI, ""


ACTIVITY_COLUMNS = (
    "instansi_id", "employee_id", "tanggal", "mulai", "selesai", "menit", "indikator_id",
    "catalog_item_id", "uraian", "uraian_norm", "jumlah_output", "satuan", "bukti_tautan",
    "status", "alasan",
    "validated_by_id", "validated_at", "diajukan_at", "created_at", "updated_at",
)  # fmt: skip


def _at(day: dt.date, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(minute // 60, minute % 60)))


def _activity_rows(
    instansi_id: int, seats: list[_Seat], days: list[dt.date], end: dt.date,
    catalogue: dict[int, list[CatalogItem]], leave: dict[int, set[dt.date]],
    indicators: dict[int, list[tuple[int, str]]], penilai: dict[int, int], rng: random.Random,
) -> list[tuple[Any, ...]]:  # fmt: skip
    ops = connection.ops
    rows: list[tuple[Any, ...]] = []
    for seat in seats:
        items = catalogue[seat.position_id]
        norms = [item.norma_waktu for item in items]
        targets = indicators.get(seat.employee_id, [])
        off = leave.get(seat.employee_id, set())
        for day in days:
            if day in off or rng.random() < 0.04:  # on leave, or simply did not fill the day
                continue
            age = (end - day).days
            for start, finish, index in _day_slots(rng, norms):
                item = items[index]
                status, alasan = _status(rng, age)
                target = rng.choice(targets) if targets and rng.random() < 0.8 else None
                submitted = _at(day, finish) + dt.timedelta(minutes=rng.randint(5, 600))
                validated = status != StatusAktivitas.DIAJUKAN
                validated_at = submitted + dt.timedelta(hours=rng.randint(2, 72))
                text = f"{item.uraian} {rng.choice(DETAILS)}"
                rows.append((
                    instansi_id, seat.employee_id, ops.adapt_datefield_value(day),
                    ops.adapt_timefield_value(dt.time(start // 60, start % 60)),
                    ops.adapt_timefield_value(dt.time(finish // 60, finish % 60)),
                    finish - start, target[0] if target else None, item.pk,
                    text, normalise_uraian(text),
                    Decimal(rng.randint(1, 5)), target[1] if target else item.satuan_hasil,
                    "", status, alasan,
                    penilai.get(seat.employee_id) if validated else None,
                    ops.adapt_datetimefield_value(validated_at) if validated else None,
                    ops.adapt_datetimefield_value(submitted),
                    ops.adapt_datetimefield_value(submitted),
                    ops.adapt_datetimefield_value(validated_at if validated else submitted),
                ))  # fmt: skip
    return rows


@transaction.atomic
def extend_demo(result: DemoResult, *, seed: int, today: dt.date) -> str:
    """Add a catalogue and a month of activities (none on days away) to a fresh demo region."""
    rng = random.Random(seed + 3)
    instansi_id = result.instansi.pk
    end = timezone.localdate()
    days = _working_days(instansi_id, end)
    seats = _seats(instansi_id, today)
    catalogue = _create_catalogue(instansi_id, seats, rng, seed)
    leave = _days_away(instansi_id, seats, days)
    indicators = _indicators(instansi_id, today.year)
    penilai = penilai_map(instansi_id, today)
    rows = _activity_rows(instansi_id, seats, days, end, catalogue, leave, indicators, penilai, rng)
    insert_rows(Activity, ACTIVITY_COLUMNS, rows)
    statuses = Counter(row[ACTIVITY_COLUMNS.index("status")] for row in rows)
    record_audit_event(
        actor=None, action="seed_demo_activity", obj=result.instansi, instansi_id=instansi_id,
        summary=f"Data demo aktivitas: {len(rows)} aktivitas, seed {seed}",
        data={"seed": seed, "aktivitas": len(rows), "status": dict(sorted(statuses.items())),
              "katalog": sum(len(v) for v in catalogue.values()), "tidak_hadir": len(leave)},
    )  # fmt: skip
    detail = ", ".join(f"{StatusAktivitas(s).label} {n}" for s, n in sorted(statuses.items()))
    return f"Aktivitas  : {len(rows)} dalam {len(days)} hari kerja ({detail})"
