"""Batch printing (issue 8): 1,000 TPP slips of the 10,000-employee region rendered, each
issued with its verification code, into one ZIP by the batch job's own code
(`services_batch.build_batch`), in this process. Target: under 2 minutes.

The lines are the first 1,000 of an official run of tpp_run's month under tpp_run's policy
(computed here once and kept: tpp_run only removes its own simulation runs). One measured run,
Typst's start-up included, as a real job pays it; the batch, its file and the documents it
issued are removed afterwards so a rerun measures the same work."""

from __future__ import annotations

import tempfile
import zipfile

from bench.benchmarks.tpp_run import _instansi_and_actor, ensure_month, ensure_policy
from bench.dataset import Context, Result, ensure_dataset, timed

NAME = "batch_pdf"
TARGET = 120.0
UNIT = "s"
DOCUMENTS = 1000


def run(ctx: Context) -> Result:
    from django.conf import settings

    from ekinerja.allowance.choices import JenisRun
    from ekinerja.allowance.models import TppLine, TppRun
    from ekinerja.allowance.selectors import LINE_ORDER
    from ekinerja.reports.choices import JenisDokumen, StatusBatch
    from ekinerja.reports.models import IssuedDocument, PrintBatch
    from ekinerja.reports.services_batch import build_batch

    ensure_dataset()
    run_row = _official_run(JenisRun, TppRun)
    ids = list(
        TppLine.objects.filter(run=run_row).order_by(*LINE_ORDER)[:DOCUMENTS]
        .values_list("id", flat=True)
    )  # fmt: skip
    _instansi, actor = _instansi_and_actor()
    with tempfile.TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        batch = PrintBatch.objects.create(
            instansi_id=run_row.instansi_id, jenis=JenisDokumen.SLIP_TPP, sumber=ids,
            total=len(ids), judul="bench batch_pdf", requested_by=actor,
        )  # fmt: skip
        issued_before = IssuedDocument.objects.count()
        try:
            seconds = timed(lambda: build_batch(batch))
            batch.refresh_from_db()
            with zipfile.ZipFile(batch.berkas.path) as archive:
                names = archive.namelist()
                size_mb = sum(i.file_size for i in archive.infolist()) / 1e6
                complete = len(names) == len(ids) and all(
                    archive.read(name)[:5] == b"%PDF-" for name in names
                )
            issued = IssuedDocument.objects.count() - issued_before
        finally:
            IssuedDocument.objects.filter(sumber__in=[f"tpp_line:{i}" for i in ids]).delete()
            PrintBatch.objects.filter(pk=batch.pk).delete()
    met = seconds < TARGET and complete and batch.status == StatusBatch.SELESAI
    return Result(
        value=seconds, unit=UNIT, target=TARGET, target_text=f"< {TARGET:.0f} s", met=met,
        notes=(
            f"{len(names):,} slips of TPP {run_row.bulan:02d}/{run_row.tahun} in one ZIP "
            f"({size_mb:.1f} MB, {seconds * 1000 / max(len(names), 1):.0f} ms per slip), "
            f"{issued:,} verification codes issued; Typst start-up included"
        ),
    )  # fmt: skip


def _official_run(JenisRun, TppRun):  # type: ignore[no-untyped-def]
    from ekinerja.allowance.services import compute_run

    first, _last, _prepared = ensure_month()
    instansi, actor = _instansi_and_actor()
    policy, _note = ensure_policy(instansi, actor, first)
    official = TppRun.objects.filter(
        instansi=instansi, tahun=first.year, bulan=first.month, jenis=JenisRun.RESMI
    ).first()
    if official is None:
        official = TppRun.objects.create(
            instansi=instansi, policy=policy, tahun=first.year, bulan=first.month,
            jenis=JenisRun.RESMI, started_by=actor,
        )  # fmt: skip
    if not official.lines.exists():
        compute_run(official)
    return official
