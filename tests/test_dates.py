import pandas as pd
import pytest

from llmrace.dates import plot_timestamp


@pytest.mark.parametrize("iso, expected", [
    ("2023-04-14", "2023-04-14"), ("2021-04", "2021-04-15"), ("2022-Q3", "2022-08-15"),
    ("2022-Q1", "2022-02-15"), ("2021", "2021-07-01"),
])
def test_plot_timestamp(iso, expected):
    assert plot_timestamp(iso) == pd.Timestamp(expected)


def test_invalid_date_raises():
    with pytest.raises(ValueError):
        plot_timestamp("2023-13-45")
