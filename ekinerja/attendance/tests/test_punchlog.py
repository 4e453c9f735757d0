"""Fingerprint exports (issue 5): ZKTeco attlog and two-column CSV, bad lines reported with
their numbers while good lines still parse, device zones and the cross-import dedupe key.
Pure; no database."""

import datetime as dt

import pytest

from ekinerja.attendance.punchlog import (
    LineProblem,
    RawPunch,
    decode,
    dedupe_key,
    detect_format,
    localise,
    parse_log,
)

# A realistic USB-stick export: BOM, CRLF, tabs on most lines, space runs on a few (older
# firmware), leading indentation, a blank line and the four trailing status columns.
ZKTECO_SAMPLE = (
    "\ufeff"
    + "\r\n".join(
        [
            "        1\t2026-01-05 07:28:41\t1\t0\t0\t0",
            "       12\t2026-01-05 07:31:02\t1\t0\t0\t0",
            "      105\t2026-01-05 07:45:59\t1\t0\t0\t0",
            "\t7\t2026-01-05 07:59:00\t15\t0\t0\t0",
            "",
            "1    2026-01-05 16:01:10    1    1    0    0",
            "12   2026-01-05 16:15:00    1    1    0    0",
            "        105\t2026-01-05 16:30:33\t1\t1\t0\t0",
            "        7\t2026-01-05 17:02:45\t15\t1\t0\t0",
            "        1\t2026-01-06 07:25:00\t1\t0\t0\t0",
            "        12\t2026-01-06 07:29:59\t1\t0",
            "        105\t2026-01-06 07:40:00",
        ]
    )
    + "\r\n"
)


def test_zkteco_sample_parses_every_line():
    log = parse_log(ZKTECO_SAMPLE.encode("utf-8"))

    assert log.problems == []
    assert len(log.punches) == 11
    first = log.punches[0]
    assert first == RawPunch(
        line=1, key="1", local_time=dt.datetime(2026, 1, 5, 7, 28, 41), state="1"
    )
    # The blank line 5 still counts, so line numbers match what an editor shows.
    assert [p.line for p in log.punches] == [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12]
    assert log.punches[3].key == "7" and log.punches[3].state == "15"
    assert log.punches[4] == RawPunch(6, "1", dt.datetime(2026, 1, 5, 16, 1, 10), "1")
    assert log.punches[-1].state is None
    assert all(p.local_time.tzinfo is None for p in log.punches)


def test_zkteco_detected_and_bom_in_str_ignored():
    assert detect_format(ZKTECO_SAMPLE) == "zkteco"
    assert parse_log(ZKTECO_SAMPLE).punches[0].key == "1"


def test_zkteco_bad_lines_reported_good_lines_kept():
    text = "\n".join(
        [
            "1\t2026-01-05 07:30:00\t1\t0\t0\t0",
            "2\t2026-13-01 07:30:00\t1\t0\t0\t0",  # month 13
            "3\t2026-01-05\t1\t0\t0\t0",  # time missing
            "\t2026-01-05 07:31:00\t1\t0\t0\t0",  # empty PIN
            "%%%% garbage \x00 from a broken stick",
            "4\t2026-01-05 25:00:00\t1\t0\t0\t0",  # hour 25
            "5\t2026-02-29 08:00:00\t1",  # 2026 is not a leap year
            "6\t05/01/2026 07:30:00\t1",  # attlog is always ISO
            "7\t2026-01-05 07:32:00\t1\t0\t0\t0",
        ]
    )
    log = parse_log(text, fmt="zkteco")

    assert [(p.line, p.key) for p in log.punches] == [(1, "1"), (9, "7")]
    assert [p.line for p in log.problems] == [2, 3, 4, 5, 6, 7, 8]
    by_line = {p.line: p for p in log.problems}
    assert by_line[2].message == "Baris 2: waktu '2026-13-01 07:30:00' tidak valid."
    assert by_line[3].message.startswith("Baris 3: jam tidak ada")
    assert by_line[4].message == "Baris 4: PIN kosong."
    assert by_line[5].message.startswith("Baris 5: format tidak dikenali")
    assert by_line[6].message == "Baris 6: waktu '2026-01-05 25:00:00' tidak valid."
    assert by_line[7].message == "Baris 7: waktu '2026-02-29 08:00:00' tidak valid."
    assert by_line[8].message.startswith("Baris 8:")
    assert by_line[2].text == "2\t2026-13-01 07:30:00\t1\t0\t0\t0"


def test_zkteco_requires_seconds():
    log = parse_log("1\t2026-01-05 07:30\t1\n", fmt="zkteco")
    assert log.punches == []
    assert "tidak dikenali" in log.problems[0].message


def test_impossible_years_are_line_problems():
    next_year = dt.date.today().year + 1
    text = "\n".join(
        [
            "1\t0001-01-01 00:00:00\t0\t1\t0\t0",  # would not even convert to UTC
            "2\t1999-12-31 23:59:59\t0",
            f"3\t{next_year + 1}-01-01 07:00:00\t0",
            "4\t2000-01-01 00:00:00\t0",  # an unset clock: kept, somebody will notice
            f"5\t{next_year}-12-31 07:00:00\t0",
        ]
    )
    log = parse_log(text, fmt="zkteco")

    assert [p.key for p in log.punches] == ["4", "5"]
    by_line = {p.line: p.message for p in log.problems}
    assert sorted(by_line) == [1, 2, 3]
    assert by_line[1] == (
        f"Baris 1: waktu '0001-01-01 00:00:00': tahun 1 di luar rentang 2000–{next_year}; "
        "periksa jam dan tanggal mesin."
    )
    csv_log = parse_log("7;01/01/0001 07:00\n8;02/01/2026 07:00\n", fmt="csv")
    assert [p.key for p in csv_log.punches] == ["8"]
    assert "tahun 1 di luar rentang" in csv_log.problems[0].message


@pytest.mark.parametrize("first", [True, False])
def test_csv_field_past_the_csv_size_limit_is_a_line_problem(first):
    huge = "9," + "1" * 131073
    lines = [huge, "7,2026-01-05 07:30"] if first else ["7,2026-01-05 07:30", huge]

    log = parse_log("\n".join(lines), fmt="csv")

    assert [p.key for p in log.punches] == ["7"]
    (problem,) = log.problems
    assert problem.line == (1 if first else 2)
    assert "tidak dapat dibaca sebagai CSV" in problem.message
    assert len(problem.text) == 120


def test_csv_with_header_comma_and_both_timestamp_styles():
    text = (
        "nip_or_pin,timestamp\r\n"
        "198501012010011001,2026-01-05 07:30:15\r\n"
        "198501012010011001,2026-01-05 16:05\r\n"
        "42,06/01/2026 07:29\r\n"
        "42,06/01/2026 16:00:59\r\n"
    )
    assert detect_format(text) == "csv"
    log = parse_log(text)

    assert log.problems == []
    assert [(p.line, p.key, p.local_time) for p in log.punches] == [
        (2, "198501012010011001", dt.datetime(2026, 1, 5, 7, 30, 15)),
        (3, "198501012010011001", dt.datetime(2026, 1, 5, 16, 5)),
        (4, "42", dt.datetime(2026, 1, 6, 7, 29)),
        (5, "42", dt.datetime(2026, 1, 6, 16, 0, 59)),
    ]
    assert all(p.state is None for p in log.punches)


def test_csv_without_header_semicolon_and_spaced_nip():
    text = "19850101 201001 1 001;05/01/2026 07:30\n\n7;2026-01-05 07:31:00;\n"
    log = parse_log(text)

    assert log.problems == []
    assert [(p.line, p.key) for p in log.punches] == [(1, "198501012010011001"), (3, "7")]
    assert log.punches[1].local_time == dt.datetime(2026, 1, 5, 7, 31)


def test_csv_bad_lines_reported_good_lines_kept():
    text = "\n".join(
        [
            "nip;waktu",
            "1;2026-01-05 07:30:00",
            "2;31/02/2026 07:30",  # 31 February
            "3;2026-01-05",  # time missing
            ";2026-01-05 07:31:00",  # empty NIP
            "lorem ipsum dolor",  # garbage, one column
            "1,98501E+17;2026-01-05 07:32",  # Excel ate the NIP
            "4;kemarin pagi",
            "5;2026-01-05 07:33;extra",
            "6;2026-01-05 07:34",
        ]
    )
    log = parse_log(text, fmt="csv")

    assert [(p.line, p.key) for p in log.punches] == [(2, "1"), (10, "6")]
    by_line = {p.line: p.message for p in log.problems}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9]
    assert by_line[3] == "Baris 3: waktu '31/02/2026 07:30' tidak valid."
    assert by_line[4].startswith("Baris 4: jam tidak ada")
    assert by_line[5] == "Baris 5: NIP/PIN kosong."
    assert by_line[6].startswith("Baris 6: diharapkan 2 kolom")
    assert "notasi ilmiah" in by_line[7]
    assert by_line[8].startswith("Baris 8: waktu 'kemarin pagi' tidak dikenali")
    assert "ditemukan 3" in by_line[9]


def test_problem_text_is_clipped():
    log = parse_log("x" * 500 + "\n", fmt="zkteco")
    (problem,) = log.problems
    assert isinstance(problem, LineProblem)
    assert len(problem.text) == 120


def test_decode_fallbacks():
    assert decode("\ufeffabc") == "abc"
    assert decode(b"\xef\xbb\xbf1\t2026") == "1\t2026"
    assert decode("Ñ;x".encode("latin-1")) == "Ñ;x"
    assert decode("1\t2026-01-05 07:30:00".encode("utf-16")) == "1\t2026-01-05 07:30:00"


def test_latin1_file_still_parses():
    data = "nama;waktu\n7;2026-01-05 07:30\nJosé;x\n".encode("latin-1")
    log = parse_log(data)
    assert [p.key for p in log.punches] == ["7"]
    assert log.problems[0].text == "José;x"


def test_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError, match="tidak dikenal"):
        parse_log("1\t2026-01-05 07:30:00", fmt="xlsx")


def test_empty_input():
    assert detect_format("") == "zkteco"
    log = parse_log(b"")
    assert log.punches == [] and log.problems == []


@pytest.mark.parametrize(
    ("zone", "utc_hour"),
    [("Asia/Jakarta", 0), ("Asia/Makassar", 23), ("Asia/Jayapura", 22)],
)
def test_localise_gives_the_right_instant(zone, utc_hour):
    raw = RawPunch(1, "1", dt.datetime(2026, 1, 5, 7, 0, 30))
    aware = localise(raw, zone)

    assert aware.tzinfo is not None and str(aware.tzinfo) == zone
    assert aware.fold == 0
    assert (aware.hour, aware.minute, aware.second) == (7, 0, 30)
    utc = aware.astimezone(dt.UTC)
    expected_day = 5 if utc_hour == 0 else 4
    assert utc == dt.datetime(2026, 1, expected_day, utc_hour, 0, 30, tzinfo=dt.UTC)


def test_localise_rejects_unknown_zone_and_aware_input():
    raw = RawPunch(3, "1", dt.datetime(2026, 1, 5, 7, 0))
    with pytest.raises(ValueError, match="zona waktu 'Asia/Bandung'"):
        localise(raw, "Asia/Bandung")
    aware = RawPunch(3, "1", dt.datetime(2026, 1, 5, 7, 0, tzinfo=dt.UTC))
    with pytest.raises(ValueError, match="Baris 3"):
        localise(aware, "Asia/Jakarta")


def test_same_punch_from_two_imports_has_one_dedupe_key():
    attlog = parse_log("  105\t2026-01-05 07:45:59\t1\t0\t0\t0\r\n")
    csv_log = parse_log("pin,waktu\n105,2026-01-05 07:45:59\n")
    (a,) = attlog.punches
    (b,) = csv_log.punches

    key_a = dedupe_key(a.key, localise(a, "Asia/Makassar"))
    key_b = dedupe_key(b.key, localise(b, "Asia/Makassar"))
    assert key_a == key_b == ("105", dt.datetime(2026, 1, 4, 23, 45, 59, tzinfo=dt.UTC))

    # The same instant expressed in another zone is still the same punch.
    jakarta = localise(RawPunch(1, "105", dt.datetime(2026, 1, 5, 6, 45, 59)), "Asia/Jakarta")
    assert dedupe_key(" 105 ", jakarta.replace(microsecond=400)) == key_a
    # One second apart is a different punch.
    later = localise(RawPunch(1, "105", dt.datetime(2026, 1, 5, 7, 46, 0)), "Asia/Makassar")
    assert dedupe_key("105", later) != key_a
    assert len({key_a, key_b}) == 1


def test_dedupe_key_rejects_naive():
    with pytest.raises(ValueError):
        dedupe_key("1", dt.datetime(2026, 1, 5, 7, 0))


def test_thousand_line_generated_log():
    start = dt.datetime(2026, 3, 2, 6, 0, 0)
    lines = [
        f"{' ' * (i % 5)}{100 + i % 37}\t{(start + dt.timedelta(minutes=7 * i)):%Y-%m-%d %H:%M:%S}"
        f"\t1\t{i % 2}\t0\t0"
        for i in range(1000)
    ]
    log = parse_log(("\r\n".join(lines) + "\r\n").encode())

    assert log.problems == []
    assert len(log.punches) == 1000
    assert log.punches[999].line == 1000
    assert log.punches[999].local_time == start + dt.timedelta(minutes=7 * 999)
    assert log.punches[999].state == "1"
