"""Every form of the site words a too-long (or too-short) answer the same plain way (GOV.UK
style), not with Django's "Ensure this value has at most N characters (it has M)"."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.utils import translation

PROJECT_APPS = ("casestudies", "community", "core", "events", "guidance", "impact", "participation")


def _form_modules():
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if info.name.split(".")[-1].endswith("forms"):
                yield importlib.import_module(info.name)


def _length_limited_fields():
    seen = set()
    for module in _form_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            for name, field in getattr(cls, "base_fields", {}).items():
                if isinstance(field, forms.CharField) and field.max_length:
                    key = (cls.__module__, cls.__name__, name)
                    if key not in seen:
                        seen.add(key)
                        yield key, field


def test_the_sweep_finds_the_forms_of_every_app():
    modules = {module for (module, _form, _field), _ in _length_limited_fields()}
    apps = {module.split(".")[0] for module in modules}
    assert {"community", "events", "guidance", "casestudies"} <= apps, apps


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_every_too_long_answer_is_worded_plainly(language):
    wrong = []
    with translation.override(language):
        for (module, form, name), field in _length_limited_fields():
            value = "a" * (field.max_length + 1)
            try:
                field.clean(value)
            except forms.ValidationError as error:
                text = " ".join(error.messages)
                digits = text.replace(",", "")  # "1,000"
                if "Ensure this value" in text or str(field.max_length) not in digits:
                    wrong.append(f"{module}.{form}.{name}: {text}")
    assert not wrong, wrong


def test_the_message_says_the_limit_and_what_was_entered():
    field = forms.CharField(max_length=600)
    with pytest.raises(forms.ValidationError) as error:
        field.clean("x" * 601)
    assert error.value.messages == ["Enter 600 characters or fewer. You entered 601."]
    with pytest.raises(forms.ValidationError) as error:
        forms.CharField(max_length=1).clean("xy")
    assert error.value.messages == ["Enter 1 character or fewer. You entered 2."]
    with pytest.raises(forms.ValidationError) as error:
        forms.CharField(min_length=3).clean("xy")
    assert error.value.messages == ["Enter at least 3 characters. You entered 2."]


def test_the_welsh_message_is_in_welsh():
    with translation.override("cy"):
        with pytest.raises(forms.ValidationError) as error:
            forms.CharField(max_length=600).clean("x" * 601)
        text = error.value.messages[0]  # lazy: read in the language it is shown in
    assert text == "Rhowch 600 nod neu lai. Rydych wedi rhoi 601."
    assert "600" in text and "601" in text
    assert "Enter" not in text and "Ensure" not in text
