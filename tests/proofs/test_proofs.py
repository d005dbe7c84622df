"""The proof scripts in small: the same code as the scripts, with counts that fit the test suite."""

from __future__ import annotations

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
