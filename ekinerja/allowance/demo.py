"""TPP for the demo Kabupaten Sukamaju: a complete policy in force from January of the demo year,
a proposed 70/30 predikat policy for simulations, a few disciplinary sanctions and "tidak apel"
counts, and the official run of the last month the demo has attendance and activities for.

Called by `manage.py seed_demo` after attendance, planning, activity and appraisal (the command
looks for `extend_demo` in every app's `demo` module). The policy in force is the example
`docs/tpp-examples/kebijakan-60-40-menit.yaml` when it is there and valid, else the equivalent
document below. Policies are saved, and a month is finalised, through the services by the demo's
admin BKPSDM, so they carry the same validation and audit trail as the pages; the run is
computed with `services.compute_run` in this process, never queued for the worker.

The attendance and activity demos cover the 30 days before the real date, so the month computed
is the previous calendar month (the current one if the window holds none of it), and the month
before that is computed and finalised only when attendance covers at least half of its days. The
choices are drawn from `random.Random(seed + 8)`.
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ekinerja.attendance.models import DailyAttendance
from ekinerja.core.closing import month_label
from ekinerja.core.services import record_audit_event
from ekinerja.org.models import Instansi
from ekinerja.people.choices import Peran
from ekinerja.people.demo import DemoResult
from ekinerja.people.models import User

from . import services
from .calc import rupiah
from .choices import StatusKebijakan
from .inputs import Month, employee_ids_in_scope
from .models import CatatanBulanan, HukumanDisiplin, TppPolicy, TppRun
from .policy import PolicyError, parse_policy
from .services_policy import save_policy

EXAMPLE_POLICY = Path(settings.BASE_DIR) / "docs" / "tpp-examples" / "kebijakan-60-40-menit.yaml"
APEL = "tidak_apel"
SANCTIONS = 6  # employees under a disciplinary sanction in the computed month
APEL_SHARE = 0.08  # employees who missed an apel in a month
# Chunks of the run: each chunk reads the month's activities once (a scan of the region's month
# on SQLite), so a few large chunks keep the 10,000-employee seed inside its time.
CHUNK_SIZE = 5000
APEL_CUT = 0.5  # % of the discipline part per missed apel, when the policy has no such rule

YearMonth = tuple[int, int]

_BEBAN_KERJA = {
    1: 1_500_000, 2: 1_650_000, 3: 1_800_000, 4: 2_000_000, 5: 2_250_000, 6: 2_500_000,
    7: 2_800_000, 8: 3_200_000, 9: 3_700_000, 10: 4_300_000, 11: 5_000_000, 12: 6_000_000,
    13: 7_500_000, 14: 9_500_000, 15: 12_000_000, 16: 15_000_000, 17: 18_000_000,
}  # fmt: skip
_KONDISI_KERJA = {9: 250_000, 10: 300_000, 11: 400_000, 12: 500_000, 13: 600_000,
                  14: 750_000, 15: 1_000_000, 16: 1_250_000, 17: 1_500_000}  # fmt: skip
_ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
           "XIV", "XV", "XVI", "XVII")  # fmt: skip


def _tarif_pph21() -> dict[str, int]:
    """PPh 21 final on TPP (PP 80/2010): 0% for golongan I and II, 5% for III, 15% for IV;
    PPPK by their golongan I-XVII (IX ~ III/a, XIII ~ IV/a). PNS rates are written per ruang
    so the PPPK golongan I-IV keep their own."""
    tarif = {}
    for group, ruang, rate in (("I", "abcd", 0), ("II", "abcd", 0), ("III", "abcd", 5),
                               ("IV", "abcde", 15)):  # fmt: skip
        tarif.update({f"{group}/{r}": rate for r in ruang})
    for index, roman in enumerate(_ROMAWI, start=1):
        tarif[roman] = 0 if index < 9 else 5 if index < 13 else 15
    return tarif


def demo_policy_document(start: dt.date) -> dict[str, Any]:
    """The policy in force when the example file is missing: 60% performance (approved minutes,
    proportional) and 40% discipline of the beban kerja component, kondisi kerja paid in full."""
    per_kelas: dict[int, dict[str, int]] = {
        kelas: {"beban_kerja": amount} for kelas, amount in _BEBAN_KERJA.items()
    }
    for kelas, amount in _KONDISI_KERJA.items():
        per_kelas[kelas]["kondisi_kerja"] = amount
    band = [[1, 0.5], [31, 1], [61, 1.25], [91, 1.5]]
    return {
        "versi_skema": 1,
        "nama": "Perbup Sukamaju tentang TPP ASN (60/40, menit kerja)",
        "berlaku_mulai": start.isoformat(),
        "besaran": {"per_kelas": per_kelas},
        "komponen": {
            "beban_kerja": {"kinerja": 60, "disiplin": 40},
            "kondisi_kerja": {"kinerja": 0, "disiplin": 0},
        },
        "kinerja": {"metode": "menit", "menit": {"cara": "proporsional"}},
        "disiplin": {
            "terlambat": band,
            "pulang_cepat": band,
            "tanpa_presensi_masuk": 1.5,
            "tanpa_presensi_pulang": 1.5,
            "tanpa_keterangan": {"per_hari": 3, "penuh_setelah_hari": 10},
            "lainnya": {APEL: APEL_CUT, "tidak_rapat": 1},
            "maksimal": 100,
        },
        "hukuman_disiplin": {
            "teguran_lisan": 10,
            "teguran_tertulis": 15,
            "pernyataan_tidak_puas": 20,
            "pemotongan_tunkin": 25,
            "penurunan_jabatan": 50,
            "pembebasan_jabatan": 75,
            "ptdh_banding": 100,
        },
        "status": {
            "cpns": 80,
            "pppk": 100,
            "kedudukan": {"tugas_belajar": 0, "cltn": 0, "diberhentikan_sementara": 0, "mpp": 50},
            "cuti_tanpa_tpp": ["besar", "cltn"],
            "pro_rata": True,
            "plt_setingkat": 20,
            "plh": 0,
        },
        "kategori": {"guru": {"dikecualikan": False, "persen_besaran": 50}},
        "pajak": {"ditanggung_pemerintah": False, "tarif": _tarif_pph21()},
        "bpjs": {"pemberi_kerja": 4, "pegawai": 1, "batas_dasar": 12_000_000},
    }


def policy_in_force_document(start: dt.date) -> tuple[dict[str, Any], str]:
    """The example file if it is there and valid, else the document above; from `start`."""
    try:
        document = yaml.safe_load(EXAMPLE_POLICY.read_text(encoding="utf-8"))
        parse_policy(document)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, PolicyError):
        document, source = demo_policy_document(start), "dokumen demo"
    else:
        source = f"docs/tpp-examples/{EXAMPLE_POLICY.name}"
    document = copy.deepcopy(document)
    document["berlaku_mulai"] = start.isoformat()
    # The demo counts missed apel; a policy that does not cut for them gets the usual 0.5%.
    disiplin = document.setdefault("disiplin", {}) or {}
    if not disiplin.get("lainnya"):
        disiplin["lainnya"] = {APEL: APEL_CUT}
        document["disiplin"] = disiplin
        source += " + tidak apel " + f"{APEL_CUT:g}%".replace(".", ",")
    return document, source


def proposal_document(in_force: dict[str, Any], start: dt.date) -> dict[str, Any]:
    """A proposed change for simulations: 70% performance by the SKP predikat, 30% discipline."""
    document = copy.deepcopy(in_force)
    document["nama"] = "Usulan perubahan TPP: 70/30 berbasis predikat kinerja"
    document["berlaku_mulai"] = start.isoformat()
    # Every component paid by performance and discipline moves to 70/30.
    for key, split in list(document["komponen"].items()):
        if (split or {}).get("kinerja") or (split or {}).get("disiplin"):
            document["komponen"][key] = {"kinerja": 70, "disiplin": 30}
    document["kinerja"] = {
        "metode": "predikat",
        "predikat": {
            "sangat_baik": 100, "baik": 100, "butuh_perbaikan": 80, "kurang": 60,
            "sangat_kurang": 40, "belum_dinilai": 100,
        },
    }  # fmt: skip
    document.pop("catatan", None)
    return document


def _shift(month: YearMonth, by: int) -> YearMonth:
    index = month[0] * 12 + month[1] - 1 + by
    return index // 12, index % 12 + 1


def pick_months(end: dt.date, attended: Iterable[dt.date]) -> tuple[YearMonth, YearMonth | None]:
    """The month to compute (the previous one, or the current one when the data holds none of
    the previous) and the month before it to finalise, if attendance covers half its days."""
    by_month: dict[YearMonth, set[dt.date]] = {}
    for day in attended:
        by_month.setdefault((day.year, day.month), set()).add(day)
    current = (end.year, end.month)
    previous = _shift(current, -1)
    target = previous if by_month.get(previous) else current
    earlier = _shift(target, -1)
    days = calendar.monthrange(*earlier)[1]
    return target, earlier if len(by_month.get(earlier, ())) * 2 >= days else None


def _admin(instansi: Instansi) -> User | None:
    return (
        User.objects.filter(
            role_grants__instansi=instansi,
            role_grants__peran=Peran.ADMIN_BKPSDM,
            role_grants__unit__isnull=True,
            is_active=True,
        )
        .order_by("pk")
        .first()
    )


def _save(
    admin: User, instansi: Instansi, document: dict[str, Any], status: str, catatan: str
) -> TppPolicy:
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    return save_policy(actor=admin, instansi=instansi, text=text, status=status, catatan=catatan)


def _light_sanctions(policy: TppPolicy) -> list[str]:
    """The codes of the policy's sanctions that cut at most 40% (else all of them)."""
    rates = policy.dokumen.get("hukuman_disiplin") or {}
    light = sorted(code for code, rate in rates.items() if float(rate) <= 40)
    return light or sorted(rates)


def _counted_item(policy: TppPolicy) -> str:
    """The counted item of the demo: tidak apel if the policy cuts for it, else its first."""
    items = (policy.dokumen.get("disiplin") or {}).get("lainnya") or {}
    return APEL if APEL in items or not items else sorted(items)[0]


def _sanctions(
    instansi: Instansi, ids: list[int], codes: list[str], month: Month, rng: random.Random
) -> int:
    """Sanctions in force during the month, each from one to eleven months before it."""
    if not ids or not codes:
        return 0
    rows = []
    for number, employee_id in enumerate(rng.sample(ids, min(SANCTIONS, len(ids))), start=1):
        mulai = month.first - dt.timedelta(days=rng.randint(20, 330))
        rows.append(
            HukumanDisiplin(
                instansi=instansi, employee_id=employee_id, jenis=rng.choice(codes),
                nomor_sk=f"800.1.6/{number:03d}/BKPSDM/{mulai.year}", mulai=mulai,
                # A year, so the sanction still runs at the end of the month.
                selesai=mulai + dt.timedelta(days=364), keterangan="Data demo",
            )
        )  # fmt: skip
    HukumanDisiplin.objects.bulk_create(rows)
    return len(rows)


def _apel(
    instansi: Instansi, ids: list[int], kode: str, months: list[YearMonth], rng: random.Random
) -> int:
    rows = [
        CatatanBulanan(
            instansi=instansi, employee_id=employee_id, tahun=tahun, bulan=bulan, kode=kode,
            jumlah=rng.choice((1, 1, 1, 2, 2, 3, 4)),
        )
        for tahun, bulan in months
        for employee_id in sorted(rng.sample(ids, round(len(ids) * APEL_SHARE)))
    ]  # fmt: skip
    CatatanBulanan.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _official_run(instansi: Instansi, month: YearMonth, policy: TppPolicy, admin: User) -> TppRun:
    """An official run computed here, as the worker would (nothing is queued)."""
    run = TppRun.objects.create(
        instansi=instansi, policy=policy, tahun=month[0], bulan=month[1], started_by=admin
    )
    return services.compute_run(run, chunk_size=CHUNK_SIZE)


@transaction.atomic
def extend_demo(result: DemoResult, *, seed: int, today: dt.date) -> str:
    """Add the TPP policies, monthly inputs and a computed run to a fresh demo region."""
    rng = random.Random(seed + 8)
    instansi = result.instansi
    admin = _admin(instansi)
    if admin is None:
        return "TPP        : tidak ada admin BKPSDM, data TPP demo tidak ditambahkan"
    end = timezone.localdate()
    attended = DailyAttendance.objects.filter(
        instansi=instansi, tanggal__gte=dt.date(*_shift((end.year, end.month), -3), 1)
    ).dates("tanggal", "day")
    target, earlier = pick_months(end, attended)
    first_month = earlier or target
    start = min(dt.date(today.year, 1, 1), dt.date(*first_month, 1))
    document, source = policy_in_force_document(start)
    policy = _save(admin, instansi, document, StatusKebijakan.BERLAKU, f"Demo: {source}")
    proposal = proposal_document(document, dt.date(today.year + 1, 1, 1))
    _save(admin, instansi, proposal, StatusKebijakan.USULAN, "Demo: bahan simulasi")

    month = Month.of(instansi.pk, *target)
    ids = employee_ids_in_scope(month)
    sanctions = _sanctions(instansi, ids, _light_sanctions(policy), month, rng)
    apel_months = [m for m in (earlier, target, (end.year, end.month)) if m is not None]
    kode = _counted_item(policy)
    apel = _apel(instansi, ids, kode, list(dict.fromkeys(apel_months)), rng)

    final_note = ""
    if earlier is not None:
        closed = _official_run(instansi, earlier, policy, admin)
        services.finalise_run(actor=admin, run=closed)
        final_note = f"; {month_label(*earlier)} final ({closed.jumlah_pegawai} pegawai)"
    run = _official_run(instansi, target, policy, admin)
    record_audit_event(
        actor=None, action="seed_demo_tpp", obj=run, instansi_id=instansi.pk,
        summary=f"Data demo TPP {month_label(*target)}: {run.jumlah_pegawai} pegawai, seed {seed}",
        data={"seed": seed, "kebijakan": source, "hukuman": sanctions, "tidak_apel": apel,
              "final": list(earlier) if earlier else None},
    )  # fmt: skip
    return (
        f"TPP        : kebijakan berlaku ({source}) dan 1 usulan; {month_label(*target)} draf: "
        f"{run.jumlah_pegawai} pegawai, bruto {rupiah(run.jumlah_bruto)}, bersih "
        f"{rupiah(run.jumlah_bersih)}{final_note}; {sanctions} hukuman disiplin, "
        f"{apel} catatan {kode.replace('_', ' ')}"
    )
