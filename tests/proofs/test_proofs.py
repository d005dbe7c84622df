"""The proof scripts in small: the same code as the scripts, with counts that fit the test suite."""

from __future__ import annotations

import pytest

from tests.proofs import crash_import


def test_killing_an_import_never_corrupts_or_half_writes() -> None:
    tally = crash_import.run(runs=4, rows=3000, seed=7)
    assert tally.runs == 4
    assert (tally.failures, tally.corruptions, tally.crashes) == (0, 0, 0)
    assert tally.none_imported + tally.all_imported == 4


def test_hostile_spreadsheets_never_crash_or_change_the_database() -> None:
    from tests.proofs import hostile_files

    tally = hostile_files.run(count=80, seed=11)
    assert tally.files == 80
    assert (tally.crashes, tally.changed_when_refused) == (0, 0)
    assert tally.refused >= 70 and tally.imported >= 2
    assert any("压缩" in m for m in tally.messages) and any("XML" in m for m in tally.messages)
    assert any("XFD1048576" in m for m in tally.messages) and any("已加密" in m for m in tally.messages)
    assert any("1048576行×16384列" in m for m in tally.messages)


# openpyxl abandons its zip writer when the disk fills; its finaliser then fails on our closed handle (ignored).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_full_disk_gives_a_message_and_changes_nothing() -> None:
    from tests.proofs import full_disk

    try:
        tally = full_disk.run(rows=3000, levels=2)
    except full_disk.CannotMount as why:
        pytest.skip(f"this machine cannot mount a small tmpfs: {why}")
    assert tally.runs == 10 and tally.by_kind == {"导入": 2, "导出": 2, "月报": 2, "打印": 2, "备份": 2}
    assert (tally.failures, tally.corruptions, tally.crashes) == (0, 0, 0), tally.notes
    assert all("磁盘空间不足" in message for message in tally.messages.values()) and len(tally.messages) == 5


def test_the_worst_day_in_small() -> None:
    from tests.proofs import recovery

    parts = recovery.run(runs=3, seed=5)
    assert [t.runs for t in parts.values()] == [3, 6, 2]
    for part, tally in parts.items():
        assert (tally.failures, tally.data_lost, tally.crashes) == (0, 0, 0), (part, tally.notes)


def test_many_clerks_at_once_keep_numbers_gap_free_and_edits_safe(pg_server) -> None:
    from tests.proofs import concurrent_numbers

    tally = concurrent_numbers.run(runs=1, writers=4, notices=6, server_url=pg_server.url.render_as_string(False))
    assert (tally.runs, tally.failures, tally.crashes) == (1, 0, 0), tally.notes
    assert tally.issued == 24 and tally.saved >= 1 and tally.saved + tally.refused + tally.busy == 24
