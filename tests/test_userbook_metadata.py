"""Title and publication date inferred from an article's own text (llmrace.metadata), with evidence."""
from __future__ import annotations

import pytest

from llmrace.metadata import find_date, front_matter, infer_metadata


@pytest.mark.parametrize("line,expected", [
    ("作者：张三 2023年08月11日 10:00", ("2023-08-11", "day")),
    ("来源：新华社 2023/05/30", ("2023-05-30", "day")),
    ("发布时间 2023-06-13 08:00", ("2023-06-13", "day")),
    ("2023.6.3", ("2023-06-03", "day")),
    ("2023年 5月 发布", ("2023-05", "month")),
    ("2023-04", ("2023-04", "month")),
    ("5月30日晚，美股开盘", None),  # no year: not a publication date
    ("GPT-4 的 2023 版本", None),
])
def test_find_date(line, expected):
    assert find_date(line) == expected


def test_front_matter_title_and_date():
    text = "---\ntitle: \"大模型观察\"\ndate: 2023-06-13\nauthor: x\n---\n# 另一个标题\n正文。\n"
    fields, n = front_matter(text)
    assert fields["title"] == "大模型观察" and n == 5
    m = infer_metadata(text)
    assert (m.title, m.pub_date, m.date_precision) == ("大模型观察", "2023-06-13", "day")
    assert "front matter" in m.title_evidence and "'date'" in m.date_evidence


def test_markdown_heading_and_byline_date():
    m = infer_metadata("# 百度发布文心一言\n\n记者 李四 2023年03月16日\n\n正文提到2022年11月的事件。\n")
    assert m.title == "百度发布文心一言" and m.title_evidence.startswith("markdown heading (line 1)")
    assert (m.pub_date, m.date_precision) == ("2023-03-16", "day")
    assert m.date_evidence.startswith("line 3 (near the top)")


def test_event_date_in_a_lead_sentence_is_not_the_publication_date():
    lead = "2023年3月21日，谷歌正式宣布开放其聊天机器人Bard的访问权限，这是一场迟到的反击，也是一场硬仗。"
    m = infer_metadata("标题\n\n" + lead + "\n")
    assert m.pub_date == "" and m.date_precision == "none"
    assert "no date" in m.date_evidence


def test_footer_date_at_the_end():
    body = "\n".join(["标题"] + [f"第{i}段正文，没有日期。" for i in range(30)] + ["发布于 2023/05/30"])
    m = infer_metadata(body)
    assert m.pub_date == "2023-05-30" and "at the end" in m.date_evidence


def test_long_first_line_is_not_a_headline():
    m = infer_metadata("这" * 120 + "\n", fallback_title="file_stem")
    assert m.title == "file_stem" and "no headline" in m.title_evidence


def test_boilerplate_lines_and_cleaned_headline_are_used():
    text = "訂閱\n\n強(qiáng)人工智能\n"
    assert infer_metadata(text, skip_lines={1}).title == "強(qiáng)人工智能"
    assert infer_metadata(text, skip_lines={1}, headline=(3, "強人工智能")).title == "強人工智能"
