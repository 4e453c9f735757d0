"""Request and response shapes of the API. Keys are Indonesian like the rest of the project."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Path, Query, Schema
from pydantic import AfterValidator

# Above any id the database will hand out, below what SQLite and PostgreSQL bigint accept, so a
# huge id in a path is a 422 instead of an overflow.
MAX_ID = 2**53
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]
MAX_LIMIT = 200


def _no_nul(value: str) -> str:
    # PostgreSQL refuses NUL in text; refused here it is a 422 instead of a database error.
    if "\x00" in value:
        raise ValueError("berisi karakter NUL")
    return value


Teks = Annotated[str, AfterValidator(_no_nul)]


class Galat(Schema):
    galat: str
    kesalahan: list[dict] | None = None


class Halaman(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="Paling banyak 200.")
    offset: int = Field(0, ge=0, le=10_000_000)


PageQuery = Query[Halaman]

# Every operation answers these with a Galat body.
ERRORS_READ = {401: Galat, 403: Galat, 404: Galat, 422: Galat}
ERRORS_WRITE = {400: Galat, 401: Galat, 403: Galat, 404: Galat, 422: Galat}


class PegawaiOut(Schema):
    id: int
    nip: str | None
    nama: str
    gelar_depan: str
    gelar_belakang: str
    status: str
    golongan: str


class PegawaiList(Schema):
    jumlah: int
    hasil: list[PegawaiOut]


class PegawaiFilter(Schema):
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="Unit kerja beserta sub-unitnya.")
    q: Teks | None = Field(None, max_length=100, description="Bagian nama atau awal NIP.")


class SkpOut(Schema):
    id: int
    pegawai_id: int
    pegawai_nama: str
    tahun: int
    versi: int
    status: str
    jenis_form: str
    penilai_id: int | None


class SkpList(Schema):
    jumlah: int
    hasil: list[SkpOut]


class TargetPeriodeOut(Schema):
    periode_ke: int
    target: Decimal


class IndikatorOut(Schema):
    id: int
    uraian: str
    aspek: str
    target_min: Decimal | None
    target_max: Decimal | None
    satuan: str
    target_periode: list[TargetPeriodeOut]


class RhkOut(Schema):
    id: int
    jenis: str
    teks: str
    rhk_atasan_id: int | None
    indikator: list[IndikatorOut]


class SkpDetail(SkpOut):
    rhk: list[RhkOut]


class AktivitasOut(Schema):
    id: int
    pegawai_id: int
    tanggal: dt.date
    mulai: dt.time
    selesai: dt.time
    menit: int
    uraian: str
    jumlah_output: Decimal
    satuan: str
    indikator_id: int | None
    katalog_id: int | None
    bukti_tautan: str
    status: str
    alasan: str


class AktivitasList(Schema):
    jumlah: int
    hasil: list[AktivitasOut]


class AktivitasFilter(Schema):
    dari: dt.date | None = None
    sampai: dt.date | None = None


class AktivitasIn(Schema):
    tanggal: dt.date
    mulai: dt.time
    selesai: dt.time
    uraian: Teks = Field(..., max_length=2000)
    jumlah_output: Teks = Field(..., max_length=12)
    satuan: Teks = Field(..., max_length=60)
    indikator_id: BodyId | None = None
    katalog_id: BodyId | None = None
    bukti_tautan: Teks = Field("", max_length=500)


class ValidasiIn(Schema):
    ids: list[BodyId] = Field(..., min_length=1, max_length=500)
    keputusan: Teks = Field(..., description="setujui, tolak atau kembalikan", max_length=20)
    alasan: Teks = Field("", max_length=2000)


class ValidasiOut(Schema):
    jumlah: int
    keputusan: str


class CutiOut(Schema):
    id: int
    pegawai_id: int
    jenis: str
    mulai: dt.date
    selesai: dt.date
    sehari_penuh: bool
    status: str
    keterangan: str
    jumlah_hari: int
    alasan_keputusan: str


class CutiList(Schema):
    jumlah: int
    hasil: list[CutiOut]


class CutiIn(Schema):
    jenis: Teks = Field(..., max_length=20)
    mulai: dt.date
    selesai: dt.date
    sebagian_hari: bool = False
    keterangan: Teks = Field("", max_length=2000)
    alamat_selama_cuti: Teks = Field("", max_length=255)


class KeputusanCutiIn(Schema):
    keputusan: Teks = Field(..., description="setujui atau tolak", max_length=20)
    alasan: Teks = Field("", max_length=2000)


class EvaluasiOut(Schema):
    id: int
    pegawai_id: int
    skp_id: int
    jenis: str
    periode_ke: int
    status: str
    rating_hasil: str
    rating_perilaku: str
    predikat: str


class EvaluasiList(Schema):
    jumlah: int
    hasil: list[EvaluasiOut]


class TppLineOut(Schema):
    id: int
    run_id: int
    tahun: int
    bulan: int
    pegawai_id: int
    nama: str
    nip: str
    jabatan: str
    kelas_jabatan: int | None
    besaran: Decimal
    kinerja_persen: Decimal
    disiplin_persen: Decimal
    bruto: Decimal
    pajak: Decimal
    bersih: Decimal


class TppLineList(Schema):
    jumlah: int
    hasil: list[TppLineOut]


class PresensiMesinOut(Schema):
    diterima: int
    baru: int
    duplikat: int
    tak_dikenal: int
    ditolak: int
    ditolak_final: int
    pin_tak_dikenal: list[str]
    pesan_final: str | None = None
    kesalahan: list[dict] | None = None
    peringatan: str | None = None
