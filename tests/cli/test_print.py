"""Every official document from the command line: print notice, notices --year, letters, inspection, reply; each
signs in like the other commands, and a refusal says why with exit status 1."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pdfplumber

from tests.cli.test_cli import shuangjian


def test_print_every_document(tmp_path: Path) -> None:
    db = tmp_path / "county.sqlite3"
    assert shuangjian("demo", "--db", str(db), data_dir=tmp_path).returncode == 0
    with sqlite3.connect(db) as conn:
        number = conn.execute("SELECT doc_number FROM notice ORDER BY id LIMIT 1").fetchone()[0]
        notices = conn.execute("SELECT count(*) FROM notice WHERE issued_on LIKE '2026-%'").fetchone()[0]
        inspection = conn.execute("SELECT min(id) FROM inspection").fetchone()[0]
        answered = conn.execute("SELECT number FROM ticket WHERE status = 'closed' LIMIT 1").fetchone()[0]
        open_ticket = conn.execute("SELECT number FROM ticket WHERE status = 'handling' LIMIT 1").fetchone()[0]

    def run(*args: str) -> tuple[int, str, str]:
        done = shuangjian("print", *args, "--db", str(db), "--user", "周建华", data_dir=tmp_path)
        return done.returncode, done.stdout, done.stderr

    code, out, err = run("notice", number, "--out", str(tmp_path / "one.pdf"))
    assert code == 0 and number in out, err
    with pdfplumber.open(tmp_path / "one.pdf") as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert number in text and "送达回执" in text and "自收到本通知书之日起" in text

    code, out, err = run("notices", "--year", "2026", "--out", str(tmp_path / "year.pdf"))
    assert code == 0 and f"{notices}份" in out, err
    with pdfplumber.open(tmp_path / "year.pdf") as pdf:
        firsts = [i for i, p in enumerate(pdf.pages) if (p.extract_text() or "").startswith("示范县教育和体育局")]
    assert len(firsts) == notices and all(i % 2 == 0 for i in firsts)

    code, out, err = run("letters", "--out", str(tmp_path / "letters.pdf"), "--single-sided")
    assert code == 0 and "责任书" in out, err
    code, out, err = run("inspection", str(inspection), "--out", str(tmp_path / "form.pdf"))
    assert code == 0, err
    code, out, err = run("reply", answered, "--out", str(tmp_path / "reply.pdf"))
    assert code == 0 and (tmp_path / "reply.pdf").is_file(), err

    code, out, err = run("reply", open_ticket, "--out", str(tmp_path / "no.pdf"))
    assert code == 1 and "尚未答复" in err and not (tmp_path / "no.pdf").exists()
    code, out, err = run("notice", "示教体整改〔1999〕9号", "--out", str(tmp_path / "no.pdf"))
    assert code == 1 and "没有文号为" in err
    code, out, err = run("notices", "--out", str(tmp_path / "no.pdf"))
    assert code == 1 and "--year" in err
    unsigned = shuangjian("print", "letters", "--out", str(tmp_path / "x.pdf"), "--db", str(db), data_dir=tmp_path)
    assert unsigned.returncode == 1 and "--user" in unsigned.stderr
