"""Form fields that pick units of the tree, indented by depth so the tree reads in a plain <select>."""

from __future__ import annotations

from django import forms

from .models import Unit


class _IndentedUnits:
    """Labels like “— — Ấp 1”: one dash per level below ``base_depth`` (the shallowest unit offered)."""

    def __init__(self, *args, base_depth: int = 0, **kwargs):
        self.base_depth = base_depth
        super().__init__(*args, **kwargs)

    def label_from_instance(self, unit: Unit) -> str:
        return "— " * max(unit.depth - self.base_depth, 0) + unit.name


class UnitChoiceField(_IndentedUnits, forms.ModelChoiceField):
    pass


class UnitsChoiceField(_IndentedUnits, forms.ModelMultipleChoiceField):
    pass
