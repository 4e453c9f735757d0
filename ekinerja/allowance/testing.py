"""A small policy for tests of the run, pages and commands (the full examples live in
docs/tpp-examples/)."""

SIMPLE_POLICY = """\
versi_skema: 1
nama: Kebijakan Uji 60/40
berlaku_mulai: 2026-01-01
besaran:
  per_kelas:
    5: {beban_kerja: 2000000}
    7: {beban_kerja: 3000000}
    9: {beban_kerja: 4000000, kondisi_kerja: 500000}
    11: {beban_kerja: 6000000}
    14: {beban_kerja: 10000000}
    16: {beban_kerja: 15000000}
komponen:
  beban_kerja: {kinerja: 60, disiplin: 40}
  kondisi_kerja: {kinerja: 0, disiplin: 0}
kinerja:
  metode: menit
  menit: {cara: proporsional}
disiplin:
  terlambat: [[1, 0.5], [31, 1], [61, 1.5], [91, 2]]
  pulang_cepat: [[1, 0.5], [31, 1], [61, 1.5], [91, 2]]
  tanpa_keterangan: {per_hari: 4}
status:
  cpns: 80
pajak: {ditanggung_pemerintah: true}
bpjs: {pemberi_kerja: 4, pegawai: 1, batas_dasar: 12000000}
"""
