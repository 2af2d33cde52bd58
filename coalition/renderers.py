"""The form renderer: Django's own, with the widgets that repeat per option written in Python.

Django renders every option of a select or a list of checkboxes through three nested
templates. A coordinator's form with 300 teams spends most of its time there (75 ms for
the teams field alone), while the markup is plain. `QuickRenderer` writes exactly the
markup of Django's templates for those widgets (and for the inputs and text areas, one
template include less each), escaped the same way, and leaves every
other template (the field group, labels, errors, other widgets and any template a project
overrides) to the template engine. tests/coalition/test_renderers.py compares the two on
every form of the app."""

import html

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise

WIDGETS = "django/forms/widgets/"


def conditional_escape(value):
    """Django's conditional_escape without its lazy-text wrapper, which costs more than the
    escaping itself when it runs for every attribute of thousands of options: the same
    text (plain text escaped, quotes included; safe text as it is)."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs):
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget):
    value = widget["value"]
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"'
        + ("" if value is None else f' value="{conditional_escape(value)}"')
        + f"{_attrs(widget['attrs'])}>\n"
    )


def _input_option(option):
    if not option["wrap_label"]:
        return _input(option) + "\n"
    target = option["attrs"].get("id")
    label_for = f' for="{conditional_escape(target)}"' if target else ""
    label = conditional_escape(option["label"])
    return f"<label{label_for}>{_input(option)} {label}</label>\n"


def _included_option(option):
    """checkbox_option.html and radio_option.html: input_option.html, included."""
    return _input_option(option) + "\n"


def _multiple_input(widget):
    target, css = widget["attrs"].get("id"), widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{conditional_escape(target)}"' if target else "",
        f' class="{conditional_escape(css)}"' if css else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{conditional_escape(group)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_option(option)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _select_option(option):
    return (
        f'<option value="{conditional_escape(option["value"])}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>\n"
    )


def _select(widget):
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{conditional_escape(group)}">')
        for option in options:
            parts.append(f"\n  {_option(option)}")
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


OPTIONS = {
    WIDGETS + "input_option.html": _input_option,
    WIDGETS + "checkbox_option.html": _included_option,
    WIDGETS + "radio_option.html": _included_option,
    WIDGETS + "select_option.html": _select_option,
}
LISTS = {
    WIDGETS + "checkbox_select.html": _multiple_input,
    WIDGETS + "radio.html": _multiple_input,
    WIDGETS + "multiple_input.html": _multiple_input,
    WIDGETS + "select.html": _select,
}


def _option(option):
    return OPTIONS[option["template_name"]](option)


def _quick(widget):
    """Whether every option of `widget` has a template written here (a widget with an
    option template of its own goes to the engine)."""
    return all(
        option["template_name"] in OPTIONS
        for _group, options, _index in widget["optgroups"]
        for option in options
    )


def _textarea(widget):
    value = widget["value"]
    text = conditional_escape(value) if value else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{text}</textarea>"
    )


# Widgets of one field: each of these templates is input.html, included; and the textarea.
INPUTS = "checkbox color date datetime email file hidden number password search tel text time url"
SINGLE = {WIDGETS + f"{name}.html": _input for name in INPUTS.split()}
SINGLE[WIDGETS + "textarea.html"] = _textarea


def _label(context):
    """django/forms/label.html"""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>"


def _errors(context):
    """django/forms/errors/list/default.html, for a field without errors (most of them):
    nothing. With errors, None: the template writes them."""
    return "" if not context["errors"] else None


def _field_group(context):
    """django/forms/field.html, its lines and their line ends as they are."""
    field = context["field"]
    label = field.label
    if field.use_fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        legend = conditional_escape(field.legend_tag()) if label else ""
        head = f"\n  <fieldset{described}>\n  {legend}\n"
    else:
        head = f"\n  {conditional_escape(field.label_tag()) if label else ''}\n"
    help_text = ""
    if field.help_text:
        target = field.auto_id
        target = f' id="{conditional_escape(target)}_helptext"' if target else ""
        help_text = f'<div class="helptext"{target}>{field.help_text}</div>'
    end = "</fieldset>" if field.use_fieldset else ""
    return (
        f"{head}\n{help_text}\n{conditional_escape(field.errors)}\n"
        f"{conditional_escape(field)}{end}\n"
    )


# Templates that take the whole context; a function may answer None to leave it to the
# template.
CONTEXTUAL = {
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _errors,
    "django/forms/field.html": _field_group,
}


class QuickRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        contextual = CONTEXTUAL.get(template_name)
        if contextual is not None:
            written = contextual(context)
            if written is not None:
                return written.strip()
        widget = context.get("widget")
        single = SINGLE.get(template_name)
        if single is not None and widget is not None:
            return single(widget).strip()
        write = LISTS.get(template_name)
        if write is not None and widget is not None and _quick(widget):
            # Stripped, as Django's renderer strips what its templates give; the widget
            # marks it safe, as it does the engine's.
            return write(widget).strip()
        return super().render(template_name, context, request=request)
