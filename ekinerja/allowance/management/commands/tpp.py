"""manage.py tpp: TPP policies and monthly runs from the command line, for admins and scripts.

Every subcommand names its actor with `--nip` (the NIP an admin logs in with) and goes through
`allowance.access` and the services, so the same rules and the same audit trail apply as on the
pages. Examples:

    manage.py tpp muat-kebijakan kebijakan-2026.yaml --instansi 3201 --nip 198501012010011001
    manage.py tpp ekspor-kebijakan 3 --nip 198501012010011001 -o kebijakan-3.yaml
    manage.py tpp hitung --bulan 2026-03 --instansi 3201 --nip 198501012010011001
    manage.py tpp finalisasi 12 --nip 198501012010011001
    manage.py tpp buka-kembali 12 --alasan "Koreksi presensi Maret" --nip 198501012010011001
    manage.py tpp ekspor-csv 12 --nip 198501012010011001 -o tpp-2026-03.csv

`hitung` finishes with the run computed: when no worker has taken the queued job yet, the
command takes it off the queue (so no worker computes it a second time) and computes the run
itself; with `--tunggu` it leaves the job to the worker (`manage.py db_worker`) and waits.
Bad input ends with a message and exit code 1.
"""

from __future__ import annotations

import csv
import io
import re
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from ekinerja.core.closing import month_label
from ekinerja.core.tabular import csv_neutral_row
from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Instansi, Unit
from ekinerja.people.access import roles_for

from ... import services
from ...access import (
    can_manage_tpp,
    can_read_tpp,
    get_policy_for_user,
    get_run_for_user,
    lines_visible_to,
)
from ...calc import rupiah
from ...choices import ProsesRun, StatusKebijakan
from ...models import TppRun
from ...services_policy import as_yaml, save_policy
from ...tasks import run_tpp

# The same columns as the CSV of the run page (reports.tpp_documents), so scripts read both.
CSV_HEADER = [
    "nip", "nama", "golongan", "jabatan", "kelas_jabatan", "opd", "besaran", "kinerja_persen",
    "disiplin_persen", "bruto", "bpjs_pegawai", "bpjs_pemberi_kerja", "pajak", "bersih",
]  # fmt: skip
WORKER_ID = "manage.py tpp hitung"
POLL_SECONDS = 2.0
MONTH = re.compile(r"(\d{4})-(\d{1,2})")


class Command(BaseCommand):
    help = (
        "Kebijakan dan perhitungan TPP dari baris perintah: muat-kebijakan, ekspor-kebijakan, "
        "hitung, finalisasi, buka-kembali, ekspor-csv. Setiap perintah memakai --nip admin yang "
        "menjalankannya, sehingga hak akses dan jejak audit berlaku."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(
            dest="perintah", metavar="PERINTAH", title="perintah", required=True
        )

        load = commands.add_parser(
            "muat-kebijakan",
            help="muat berkas YAML kebijakan TPP (versi baru, atau ganti versi dengan --ganti)",
        )
        load.add_argument("berkas", metavar="BERKAS", help="berkas YAML kebijakan")
        load.add_argument("--instansi", metavar="KODE", help="kode instansi (wajib)")
        load.add_argument(
            "--usulan",
            action="store_true",
            help="simpan sebagai usulan (hanya untuk simulasi), bukan kebijakan berlaku",
        )
        load.add_argument(
            "--ganti", metavar="ID", help="ganti dokumen kebijakan dengan ID ini (bukan versi baru)"
        )
        load.add_argument("--catatan", default="", help="catatan versi (mis. nomor Perbup)")
        _actor_option(load)

        export = commands.add_parser(
            "ekspor-kebijakan", help="tulis dokumen kebijakan yang tersimpan sebagai YAML"
        )
        export.add_argument("id", metavar="ID", help="ID kebijakan")
        export.add_argument(
            "-o", "--output", metavar="BERKAS", help="berkas tujuan (bawaan: layar)"
        )
        _actor_option(export)

        run = commands.add_parser(
            "hitung", help="hitung TPP resmi satu bulan untuk instansi atau satu OPD"
        )
        run.add_argument("--bulan", metavar="TTTT-BB", help="bulan yang dihitung (wajib)")
        run.add_argument("--instansi", metavar="KODE", help="kode instansi (wajib)")
        run.add_argument("--opd", metavar="KODE_UNIT", help="hanya OPD dengan kode unit ini")
        run.add_argument(
            "--tunggu",
            action="store_true",
            help="serahkan ke worker (manage.py db_worker) dan tunggu sampai selesai",
        )
        run.add_argument(
            "--batas-waktu",
            metavar="DETIK",
            default="900",
            help="lama menunggu worker, dalam detik (bawaan 900)",
        )
        _actor_option(run)

        final = commands.add_parser(
            "finalisasi", help="finalisasi perhitungan resmi (bulan pegawainya ditutup)"
        )
        final.add_argument("id", metavar="RUN_ID", help="ID perhitungan TPP")
        _actor_option(final)

        reopen = commands.add_parser(
            "buka-kembali", help="buka kembali perhitungan final (dengan alasan)"
        )
        reopen.add_argument("id", metavar="RUN_ID", help="ID perhitungan TPP")
        reopen.add_argument("--alasan", help="alasan membuka kembali (wajib, min. 10 karakter)")
        _actor_option(reopen)

        lines = commands.add_parser(
            "ekspor-csv", help="tulis baris perhitungan TPP sebagai CSV (UTF-8, dengan judul)"
        )
        lines.add_argument("id", metavar="RUN_ID", help="ID perhitungan TPP")
        lines.add_argument("-o", "--output", metavar="BERKAS", help="berkas tujuan (bawaan: layar)")
        _actor_option(lines)

    def handle(self, *args: Any, **options: Any) -> None:
        handlers: dict[str, Callable[[Any, dict[str, Any]], None]] = {
            "muat-kebijakan": self.load_policy,
            "ekspor-kebijakan": self.export_policy,
            "hitung": self.compute,
            "finalisasi": self.finalise,
            "buka-kembali": self.reopen,
            "ekspor-csv": self.export_csv,
        }
        handler = handlers[options["perintah"]]
        actor = _actor(_required(options, "nip", "--nip"))
        try:
            handler(actor, options)
        except PermissionDenied as error:
            raise CommandError(str(error) or "Tindakan ini tidak diizinkan.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    # --- policies ------------------------------------------------------------------------------

    def load_policy(self, actor: Any, options: dict[str, Any]) -> None:
        instansi = _managed_instansi(actor, _required(options, "instansi", "--instansi"))
        path = Path(options["berkas"])
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"Berkas {path} tidak ditemukan.") from None
        except IsADirectoryError:
            raise CommandError(f"{path} adalah folder, bukan berkas.") from None
        except UnicodeDecodeError:
            raise CommandError(f"Berkas {path} bukan teks UTF-8.") from None
        except OSError as error:
            raise CommandError(f"Berkas {path} tidak dapat dibaca: {error.strerror}.") from None
        replaced = None
        if options["ganti"]:
            replaced = _get(get_policy_for_user, actor, options["ganti"], "Kebijakan TPP")
        status = StatusKebijakan.USULAN if options["usulan"] else StatusKebijakan.BERLAKU
        try:
            policy = save_policy(
                actor=actor, instansi=instansi, text=text, status=status,
                catatan=options["catatan"], policy=replaced,
            )  # fmt: skip
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(
                f"Kebijakan tidak disimpan: {len(error.messages)} kesalahan di {path}."
            ) from None
        verb = "diganti" if replaced else "disimpan"
        self.stdout.write(
            self.style.SUCCESS(
                f"Kebijakan '{policy.nama}' (ID {policy.pk}) {verb}: berlaku mulai "
                f"{policy.berlaku_mulai:%d-%m-%Y}, status {policy.get_status_display()}."
            )
        )

    def export_policy(self, actor: Any, options: dict[str, Any]) -> None:
        _refuse_unless_reader(actor)
        policy = _get(get_policy_for_user, actor, options["id"], "Kebijakan TPP")
        self._emit(as_yaml(policy), options["output"], f"Kebijakan ID {policy.pk}")

    # --- runs ----------------------------------------------------------------------------------

    def compute(self, actor: Any, options: dict[str, Any]) -> None:
        instansi = _managed_instansi(actor, _required(options, "instansi", "--instansi"))
        tahun, bulan = _month(_required(options, "bulan", "--bulan"))
        timeout = _seconds(options["batas_waktu"])
        unit = None
        if options["opd"]:
            unit = Unit.objects.filter(instansi=instansi, kode=options["opd"]).first()
            if unit is None:
                raise CommandError(
                    f"OPD dengan kode unit {options['opd']} tidak ada di {instansi.nama}."
                )
            if unit.jenis not in JENIS_UNIT_OPD:
                raise CommandError(
                    f"Unit {unit.kode} ({unit.nama}) bukan OPD; hitung per OPD (sekretariat, "
                    "dinas, badan, kecamatan, dan setingkatnya)."
                )
        run = services.start_run(
            actor=actor, instansi=instansi, tahun=tahun, bulan=bulan, unit=unit
        )
        scope = unit.nama if unit else instansi.nama
        self.stdout.write(f"TPP {month_label(tahun, bulan)} {scope}: perhitungan ID {run.pk}.")
        run = self._finish(run, wait_for_worker=options["tunggu"], timeout=timeout)
        if run.proses == ProsesRun.GAGAL:
            raise CommandError(run.pesan or f"Perhitungan ID {run.pk} gagal.")
        self.stdout.write(
            self.style.SUCCESS(f"Perhitungan ID {run.pk} selesai ({run.policy.nama}).")
        )
        self._totals(run)

    def _finish(self, run: TppRun, *, wait_for_worker: bool, timeout: float) -> TppRun:
        """The run computed: by the immediate backend already, by this command when no worker
        has taken the queued job, or by the worker (waited for)."""
        run.refresh_from_db()
        if run.proses in (ProsesRun.SELESAI, ProsesRun.GAGAL):
            return run
        if not wait_for_worker:
            taken = _take_from_queue(run)
            if taken is not None:
                self.stdout.write("Worker belum mengambil tugas ini; dihitung langsung di sini.")
                return _compute_here(run, taken)
        return self._wait(run, timeout)

    def _wait(self, run: TppRun, timeout: float) -> TppRun:
        deadline = time.monotonic() + timeout
        shown = None
        while True:
            run.refresh_from_db()
            if run.proses in (ProsesRun.SELESAI, ProsesRun.GAGAL):
                return run
            progress = (run.proses, run.selesai, run.total)
            if progress != shown:
                shown = progress
                self.stdout.write(
                    f"  {run.get_proses_display()}: {run.selesai}/{run.total} pegawai"
                )
            if time.monotonic() >= deadline:
                raise CommandError(
                    f"Perhitungan ID {run.pk} belum selesai setelah {timeout:g} detik "
                    f"({run.get_proses_display().lower()}). Pastikan worker berjalan "
                    "(manage.py db_worker); perhitungan tetap di antrean."
                )
            time.sleep(POLL_SECONDS)

    def finalise(self, actor: Any, options: dict[str, Any]) -> None:
        _refuse_unless_manager(actor)
        run = services.finalise_run(actor=actor, run=_get_run(actor, options["id"]))
        self.stdout.write(
            self.style.SUCCESS(f"TPP {month_label(run.tahun, run.bulan)} (ID {run.pk}) final.")
        )
        self._totals(run)

    def reopen(self, actor: Any, options: dict[str, Any]) -> None:
        _refuse_unless_manager(actor)
        alasan = _required(options, "alasan", "--alasan")
        run = services.reopen_run(actor=actor, run=_get_run(actor, options["id"]), alasan=alasan)
        self.stdout.write(
            self.style.SUCCESS(
                f"TPP {month_label(run.tahun, run.bulan)} (ID {run.pk}) dibuka kembali; "
                "bulan pegawainya dapat diubah lagi."
            )
        )

    def export_csv(self, actor: Any, options: dict[str, Any]) -> None:
        _refuse_unless_reader(actor)
        run = _get_run(actor, options["id"])
        if run.proses != ProsesRun.SELESAI:
            self.stderr.write(
                f"Perhitungan ID {run.pk} belum selesai ({run.get_proses_display().lower()}); "
                "barisnya belum lengkap."
            )
        lines = (
            lines_visible_to(actor, run).select_related("opd").order_by("opd__nama", "nama", "id")
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        writer.writerows(csv_neutral_row(_csv_cells(line)) for line in lines.iterator(2000))
        self._emit(buffer.getvalue(), options["output"], f"TPP ID {run.pk}")

    # --- output --------------------------------------------------------------------------------

    def _totals(self, run: TppRun) -> None:
        self.stdout.write(f"  Pegawai : {run.jumlah_pegawai}")
        self.stdout.write(f"  Bruto   : {rupiah(run.jumlah_bruto)}")
        self.stdout.write(f"  Bersih  : {rupiah(run.jumlah_bersih)}")

    def _emit(self, text: str, output: str | None, what: str) -> None:
        if not output:
            self.stdout.write(text, ending="" if text.endswith("\n") else "\n")
            return
        path = Path(output)
        try:
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as error:
            raise CommandError(f"Berkas {path} tidak dapat ditulis: {error.strerror}.") from None
        self.stdout.write(self.style.SUCCESS(f"{what} ditulis ke {path}."))


def _actor_option(parser: CommandParser) -> None:
    parser.add_argument(
        "--nip", metavar="NIP", help="NIP (nama pengguna) admin yang menjalankan perintah (wajib)"
    )


def _required(options: dict[str, Any], key: str, flag: str) -> str:
    value = (options.get(key) or "").strip()
    if not value:
        raise CommandError(f"{flag} wajib diisi.")
    return value


def _actor(nip: str) -> Any:
    user = get_user_model().objects.filter(username=nip).first()
    if user is None or not user.is_active:
        raise CommandError(f"Pengguna dengan NIP {nip} tidak ditemukan atau tidak aktif.")
    return user


def _refuse_unless_manager(actor: Any) -> None:
    if not can_manage_tpp(actor):
        raise CommandError(
            f"Pengguna {actor.username} bukan admin BKPSDM; hanya admin BKPSDM yang dapat "
            "mengubah kebijakan dan perhitungan TPP."
        )


def _refuse_unless_reader(actor: Any) -> None:
    if not can_read_tpp(actor):
        raise CommandError(f"Pengguna {actor.username} tidak berhak membaca data TPP.")


def _managed_instansi(actor: Any, kode: str) -> Instansi:
    """The instansi the actor administers; another region's code is refused."""
    _refuse_unless_manager(actor)
    instansi = Instansi.objects.filter(kode=kode).first()
    if instansi is None:
        raise CommandError(f"Instansi dengan kode {kode} tidak ada.")
    if roles_for(actor).instansi_id != instansi.pk:
        raise CommandError(f"Pengguna {actor.username} bukan admin BKPSDM {instansi.nama}.")
    return instansi


def _pk(raw: str, what: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise CommandError(f"ID {what.lower()} harus bilangan bulat, bukan '{raw}'.") from None
    if value < 1:
        raise CommandError(f"ID {what.lower()} harus bilangan bulat positif.")
    return value


def _get(getter: Callable[[Any, int], Any], actor: Any, raw: str, what: str) -> Any:
    pk = _pk(raw, what)
    try:
        return getter(actor, pk)
    except Http404:
        raise CommandError(f"{what} dengan ID {pk} tidak ditemukan.") from None


def _get_run(actor: Any, raw: str) -> TppRun:
    run: TppRun = _get(get_run_for_user, actor, raw, "Perhitungan TPP")
    return run


def _month(raw: str) -> tuple[int, int]:
    match = MONTH.fullmatch(raw.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        raise CommandError(f"Bulan '{raw}' tidak dikenali; gunakan TTTT-BB, mis. 2026-03.")
    return int(match[1]), int(match[2])


def _seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1
    if not 0 <= value <= 86_400:
        raise CommandError(f"--batas-waktu harus jumlah detik 0-86400, bukan '{raw}'.")
    return value


def _take_from_queue(run: TppRun) -> Any:
    """Whether this command may compute the run itself, as the queued job it took (None when a
    worker has it). A job in the database queue that no worker started is marked as taken by
    one conditional update, so no worker starts it afterwards; a backend without a queue that
    a worker reads (the dummy backend) leaves the run to this command, with no job to close."""
    if not isinstance(run_tpp.get_backend(), DatabaseBackend):
        return DBTaskResult.objects.none()
    if not run.task_id:
        return None
    job = DBTaskResult.objects.filter(pk=run.task_id)
    taken = job.filter(status=TaskResultStatus.READY).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=[WORKER_ID]
    )
    return job if taken == 1 else None


def _compute_here(run: TppRun, job: Any) -> TppRun:
    """The task body, run in this process; the job taken from the queue gets its outcome."""
    try:
        run = services.compute_run(TppRun.objects.select_related("policy").get(pk=run.pk))
    except Exception as error:
        job.update(
            status=TaskResultStatus.FAILED, finished_at=timezone.now(),
            exception_class_path=f"{type(error).__module__}.{type(error).__qualname__}",
            traceback="".join(traceback.format_exception(error)),
        )  # fmt: skip
        run.refresh_from_db()
        return run
    job.update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now(),
        return_value={"total": run.total, "selesai": run.selesai},
    )  # fmt: skip
    return run


def _csv_cells(line: Any) -> Iterable[Any]:
    return [
        line.nip, line.nama, line.golongan, line.jabatan, line.kelas_jabatan,
        line.opd.nama if line.opd else "", line.besaran, line.kinerja_persen,
        line.disiplin_persen, line.bruto, line.bpjs_pegawai, line.bpjs_pemberi_kerja,
        line.pajak, line.bersih,
    ]  # fmt: skip
