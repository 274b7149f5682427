from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from vietnam_provinces import Province, Ward

from quizsite.accounts.models import Unit
from quizsite.accounts.services import create_unit

AN_GIANG = next(p for p in Province.iter_all() if p.name == "An Giang")
AN_GIANG_WARDS = list(Ward.iter_by_province(AN_GIANG.code))


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_units", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_loads_one_province_with_all_its_communes_and_wards():
    load("--province", "An Giang")
    province = Unit.objects.get(code="P91")
    assert province.name == "Tỉnh An Giang"
    assert province.kind == Unit.Kind.PROVINCE
    assert province.children.count() == len(AN_GIANG_WARDS)
    assert Unit.objects.count() == 1 + len(AN_GIANG_WARDS)


@pytest.mark.django_db
def test_communes_wards_and_special_zones_get_their_own_kinds():
    load("--province", "91")
    assert Unit.objects.get(name="Phường Rạch Giá").kind == Unit.Kind.WARD
    assert Unit.objects.get(name="Xã Giồng Riềng").kind == Unit.Kind.COMMUNE
    assert Unit.objects.get(name="Đặc khu Phú Quốc").kind == Unit.Kind.SPECIAL_ZONE


@pytest.mark.django_db
def test_every_loaded_unit_has_the_path_of_its_ancestors():
    load("--province", "An Giang")
    province = Unit.objects.get(code="P91")
    assert province.path == f"/{province.pk}/"
    assert province.depth == 0
    for ward in Unit.objects.filter(parent=province):
        assert ward.path == f"/{province.pk}/{ward.pk}/"
        assert ward.depth == 1
    assert Unit.objects.subtree(province).count() == 1 + len(AN_GIANG_WARDS)


@pytest.mark.django_db
def test_ward_codes_are_kept_apart_from_province_codes():
    load("--province", "Hà Nội", "--province", "Cao Bằng")
    # Ward 4 (Hà Nội) and province 4 (Cao Bằng) share the number 4 in the package.
    assert Unit.objects.get(code="P04").name == "Tỉnh Cao Bằng"
    assert Unit.objects.get(code="W00004").parent.code == "P01"


@pytest.mark.django_db
def test_a_second_run_adds_nothing():
    load("--province", "An Giang")
    count = Unit.objects.count()
    output = load("--province", "an giang")
    assert Unit.objects.count() == count
    assert "Đã thêm 0 tỉnh/thành phố và 0 xã/phường/đặc khu" in output


@pytest.mark.django_db
def test_it_prints_how_many_units_it_added():
    output = load("--province", "Tây Ninh")
    wards = len(list(Ward.iter_by_province(80)))
    assert f"Đã thêm 1 tỉnh/thành phố và {wards} xã/phường/đặc khu" in output


@pytest.mark.django_db
def test_units_added_by_hand_before_loading_are_not_duplicated():
    province = create_unit(name="Tỉnh An Giang", kind=Unit.Kind.PROVINCE)
    create_unit(name="Phường Rạch Giá", kind=Unit.Kind.WARD, parent=province)
    load("--province", "An Giang")
    assert Unit.objects.filter(kind=Unit.Kind.PROVINCE).count() == 1
    assert Unit.objects.filter(name="Phường Rạch Giá").count() == 1
    assert province.children.count() == len(AN_GIANG_WARDS)


@pytest.mark.django_db
def test_an_unknown_province_is_refused_with_a_clear_message():
    with pytest.raises(CommandError, match="Không tìm thấy tỉnh/thành phố “Atlantis”"):
        load("--province", "Atlantis")
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_it_asks_for_a_province_when_none_is_given():
    with pytest.raises(CommandError, match="--province"):
        load()
