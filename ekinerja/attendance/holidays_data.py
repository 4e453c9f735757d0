"""The national holidays (libur nasional) and cuti bersama of each year, as decreed.

Every year's list comes from that year's Surat Keputusan Bersama (SKB) of the Menteri Agama,
the Menteri Ketenagakerjaan and the Menteri PANRB. Islamic holidays follow the Hijri calendar and
the government's own determination, so dates are copied from the decree, never computed. A year
is added here only from its signed decree; regions add their own days as `libur_daerah` rows.

2026: SKB Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun 2025, announced by the
Menko PMK on 19 September 2025: 17 libur nasional and 8 cuti bersama. Checked against
https://disdiksmg.semarangkota.go.id/post-detail/resmi-daftar-hari-libur-nasional-dan-cuti-bersama-tahun-2026-berdasarkan-skb-3-menteri
(SKB numbers and the 17 + 8 totals),
https://pembelajaranbermaknaid.blogspot.com/2025/11/skb-3-menteri-rilis-daftar-cuti-bersama.html
(the dated list) and https://palu.tribunnews.com/news/169028 (the cuti bersama dates).

2027: INCOMPLETE. No signed SKB for 2027 could be verified when this file was written, so the
year is left empty rather than guessed; add it from the decree once it is published (or import
it as a CSV/XLSX with `imports_holidays.import_holidays(..., instansi_id=None)`).
"""

from __future__ import annotations

import datetime as dt

LIBUR_NASIONAL = "libur_nasional"
CUTI_BERSAMA = "cuti_bersama"

# Years whose list is complete (taken whole from a signed SKB).
COMPLETE_YEARS = frozenset({2026})

_D = dt.date

# year -> [(tanggal, jenis, nama)], in date order.
NATIONAL_HOLIDAYS: dict[int, list[tuple[dt.date, str, str]]] = {
    2026: [
        (_D(2026, 1, 1), LIBUR_NASIONAL, "Tahun Baru 2026 Masehi"),
        (_D(2026, 1, 16), LIBUR_NASIONAL, "Isra Mikraj Nabi Muhammad S.A.W."),
        (_D(2026, 2, 16), CUTI_BERSAMA, "Cuti bersama Tahun Baru Imlek 2577 Kongzili"),
        (_D(2026, 2, 17), LIBUR_NASIONAL, "Tahun Baru Imlek 2577 Kongzili"),
        (_D(2026, 3, 18), CUTI_BERSAMA, "Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1948)"),
        (_D(2026, 3, 19), LIBUR_NASIONAL, "Hari Suci Nyepi (Tahun Baru Saka 1948)"),
        (_D(2026, 3, 20), CUTI_BERSAMA, "Cuti bersama Idul Fitri 1447 Hijriah"),
        (_D(2026, 3, 21), LIBUR_NASIONAL, "Idul Fitri 1447 Hijriah"),
        (_D(2026, 3, 22), LIBUR_NASIONAL, "Idul Fitri 1447 Hijriah"),
        (_D(2026, 3, 23), CUTI_BERSAMA, "Cuti bersama Idul Fitri 1447 Hijriah"),
        (_D(2026, 3, 24), CUTI_BERSAMA, "Cuti bersama Idul Fitri 1447 Hijriah"),
        (_D(2026, 4, 3), LIBUR_NASIONAL, "Wafat Yesus Kristus"),
        (_D(2026, 4, 5), LIBUR_NASIONAL, "Kebangkitan Yesus Kristus (Paskah)"),
        (_D(2026, 5, 1), LIBUR_NASIONAL, "Hari Buruh Internasional"),
        (_D(2026, 5, 14), LIBUR_NASIONAL, "Kenaikan Yesus Kristus"),
        (_D(2026, 5, 15), CUTI_BERSAMA, "Cuti bersama Kenaikan Yesus Kristus"),
        (_D(2026, 5, 27), LIBUR_NASIONAL, "Idul Adha 1447 Hijriah"),
        (_D(2026, 5, 28), CUTI_BERSAMA, "Cuti bersama Idul Adha 1447 Hijriah"),
        (_D(2026, 5, 31), LIBUR_NASIONAL, "Hari Raya Waisak 2570 BE"),
        (_D(2026, 6, 1), LIBUR_NASIONAL, "Hari Lahir Pancasila"),
        (_D(2026, 6, 16), LIBUR_NASIONAL, "1 Muharam Tahun Baru Islam 1448 Hijriah"),
        (_D(2026, 8, 17), LIBUR_NASIONAL, "Proklamasi Kemerdekaan Republik Indonesia"),
        (_D(2026, 8, 25), LIBUR_NASIONAL, "Maulid Nabi Muhammad S.A.W."),
        (_D(2026, 12, 24), CUTI_BERSAMA, "Cuti bersama Kelahiran Yesus Kristus"),
        (_D(2026, 12, 25), LIBUR_NASIONAL, "Kelahiran Yesus Kristus"),
    ],
    # 2027: not yet verified from a signed SKB; see the module docstring. Do not fill by guess.
    2027: [],
}


def national_holidays(year: int) -> list[tuple[dt.date, str, str]]:
    """The decreed national rows of a year (empty when the decree is not in this file)."""
    return list(NATIONAL_HOLIDAYS.get(year, ()))
