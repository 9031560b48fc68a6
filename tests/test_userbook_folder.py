"""The user book's folder handling (no HTML build): accepted files, stable ids, every skip reported, Make dispatch."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from llmrace import userbook
from paths import ROOT

ARTICLE = "# 测试标题\n\n作者 张三 2023年08月11日\n\n百度于8月10日宣布，文心一言的用户数超过1亿。\n".encode("utf-8")


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    (d / "b_news.TXT").write_bytes(ARTICLE)
    (d / "a_news.md").write_bytes("标题二\n\n8月3日，华为发布盘古大模型，参数达到1000亿。\n".encode("utf-8"))
    (d / "a_notes.md").write_bytes("标题三\n\n正文没有数字。\n".encode("utf-8"))  # same file-name prefix as a_news.md
    (d / "empty.txt").write_bytes(b"")
    (d / "picture.png").write_bytes(b"\x89PNG")
    (d / ".hidden.txt").write_bytes(ARTICLE)
    (d / "sub").mkdir()
    (d / "sub" / "inner.txt").write_bytes(ARTICLE)
    os.symlink(d / "b_news.TXT", d / "link.txt")
    return d


def test_scan_ids_stable_and_skips_reported(tmp_path):
    d = _folder(tmp_path)
    scan = userbook.scan_folder(d)
    names = [a.name for a in scan.accepted]
    assert names == sorted(names) and set(names) >= {"a_news.md", "a_notes.md", "b_news.TXT", "empty.txt"}
    assert [a.id for a in scan.accepted] == [f"{i:03d}" for i in range(1, len(names) + 1)]
    assert [a.id for a in userbook.scan_folder(d).accepted] == [a.id for a in scan.accepted]  # stable
    skipped = dict(scan.skipped)
    for name in ("picture.png", ".hidden.txt", "sub", "link.txt"):
        assert name in skipped and skipped[name], name


def test_extract_skips_undecodable_files_and_infers_metadata(tmp_path):
    d = _folder(tmp_path)
    scan = userbook.scan_folder(d)
    staged = {a.id: a.path for a in scan.accepted}
    tables = userbook.extract_tables(scan, staged, tmp_path / "pages", tmp_path / "data", jobs=1)
    skipped = dict(zip(tables["skipped"].name, tables["skipped"].reason))
    assert "empty.txt" in skipped and "empty" in skipped["empty.txt"]
    arts = tables["articles"].set_index("file")
    assert arts.loc["b_news.TXT", "pub_date"] == "2023-08-11" and arts.loc["b_news.TXT", "title"] == "测试标题"
    assert arts.loc["a_news.md", "pub_date"] == "" and arts.loc["a_news.md", "date_precision"] == "none"
    claims = tables["claims"]
    b = arts.loc["b_news.TXT", "id"]
    a = arts.loc["a_news.md", "id"]
    dates = claims[claims.kind == "date"].groupby("seed").iso.apply(set)
    assert "2023-08-10" in dates[b]  # 8月10日 resolved against the inferred publication date
    assert {d[:2] for d in dates[a]} == {"--"}  # no publication date: 8月3日 stays unresolved
    assert sorted(p.name for p in (tmp_path / "pages").glob("*.md")) == sorted(f"seed_{i}.md" for i in arts.id)
    back = userbook.read_tables(tmp_path / "data")
    assert back["claims"].value.dtype == "float64" and back["claims"].seed.iloc[0] == claims.seed.iloc[0]
    assert list(back["articles"].id) == list(tables["articles"].id)  # ids stay strings ('001')


def test_catalog_supplies_title_and_date(tmp_path):
    d = tmp_path / "with_catalog"
    d.mkdir()
    (d / "x_one.txt").write_bytes(ARTICLE)
    (d / "catalog.csv").write_text("id,file,title,pub_date\nx,x_one.txt,目录里的标题,2023-02-01\n", encoding="utf-8")
    scan = userbook.scan_folder(d)
    assert [a.name for a in scan.accepted] == ["x_one.txt"] and scan.catalog is not None
    t = userbook.extract_tables(scan, {a.id: a.path for a in scan.accepted}, None, tmp_path / "data")
    row = t["articles"].iloc[0]
    assert (row.title, row.pub_date, row.date_precision, row.title_evidence) == ("目录里的标题", "2023-02-01", "catalog", "catalog.csv")


def test_make_dispatch():
    def dry(*args):
        return subprocess.run(["make", "-n", "book", *args], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout

    user = dry("SEEDS=tests/fixtures/userbook/articles", "OUT=/tmp/x")
    assert '-m llmrace userbook "tests/fixtures/userbook/articles" "/tmp/x"' in user and "run_notebook" not in user
    assert "_userbook/articles" in dry("SEEDS=tests/fixtures/userbook/articles")  # the default OUT
    bundled = dry()
    assert "llmrace userbook" not in bundled


def test_out_inside_the_repository_is_refused(tmp_path):
    import pytest

    with pytest.raises(SystemExit, match="inside the repository"):
        userbook.build(_folder(tmp_path), ROOT / "notebooks" / "mine", html=False)
    assert not (ROOT / "notebooks" / "mine").exists()
