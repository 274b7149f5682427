"""Vietnamese name order: by given name, marks only breaking ties, Đ after D."""

from __future__ import annotations

from quizsite.accounts.names import name_sort_key, vietnamese_key


def test_people_sort_by_given_name_the_way_a_vietnamese_reader_expects():
    names = ["Phạm Văn Dũng", "Lê Đức", "Trần Thị Bình", "Ân", "Nguyễn Văn An"]

    assert sorted(names, key=name_sort_key) == ["Nguyễn Văn An", "Ân", "Trần Thị Bình", "Phạm Văn Dũng", "Lê Đức"]


def test_d_with_stroke_comes_after_every_d():
    assert sorted(["Đào", "Dung", "Duy", "Em", "Dương"], key=vietnamese_key) == ["Dung", "Dương", "Duy", "Đào", "Em"]


def test_marks_only_break_ties_in_alphabet_then_tone_order():
    # a < ă < â, then the tones: ngang, huyền, hỏi, ngã, sắc, nặng.
    assert sorted(["Ân", "Ăn", "An"], key=vietnamese_key) == ["An", "Ăn", "Ân"]
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=vietnamese_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(["Ánh", "Anh", "Bảo"], key=vietnamese_key) == ["Anh", "Ánh", "Bảo"]


def test_the_same_given_name_sorts_by_family_and_middle_names():
    names = ["Võ Thị Lan", "Đỗ Lan", "Bùi Văn Lan", "Dương Lan"]

    assert sorted(names, key=name_sort_key) == ["Bùi Văn Lan", "Dương Lan", "Đỗ Lan", "Võ Thị Lan"]


def test_case_and_the_unicode_form_do_not_change_the_order():
    decomposed = "Nguye\u0302\u0303n"

    assert vietnamese_key("NGUYỄN") == vietnamese_key("nguyễn") == vietnamese_key(decomposed)
