"""Import of partners in steps (upload, columns, preview, import), the imports page with
undo, and the export of the partners one may see to CSV and Excel.

The uploaded file waits between steps in the default storage (Django's storage API: a
folder of the media root, or an S3 bucket in production, so every web process finds it) under
imports/pending/, named by a random token; what the user chose (organisation, defaults, how
to read the file, the columns, duplicates to import anyway, where new categories go) waits in
the session under that token. Nothing is in the database until the last step, so a step
with an error loses nothing, and an abandoned import leaves no rows behind (its file is
removed after a day).
"""

import uuid
from datetime import timedelta
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coalition.paging import paginate

from ..forms import PartnerFilterForm
from ..forms_imports import ImportChoicesForm, ImportMappingForm, ImportUploadForm
from ..models import Category
from ..permissions import (
    can_use_app,
    categories_of,
    get_import_for_user,
    imports_visible_to,
    keeper_organisations,
    partners_visible_to,
    require_importer,
)
from ..services import imports as services

SESSION_KEY = "relatiebeheer_imports"
REPORT_KEY = "relatiebeheer_import_reports"
MAX_PENDING = 5
PENDING_MAX_AGE = 24 * 60 * 60


# --- The file and the choices between steps ---


PENDING_FOLDER = "imports/pending"


def _pending_name(state):
    return f"{PENDING_FOLDER}/{state['path']}"


def _clean_old_files():
    try:
        _folders, files = default_storage.listdir(PENDING_FOLDER)
    except FileNotFoundError:
        return
    limit = timezone.now() - timedelta(seconds=PENDING_MAX_AGE)
    for name in files:
        full = f"{PENDING_FOLDER}/{name}"
        if default_storage.get_modified_time(full) < limit:
            default_storage.delete(full)


def _pending(request):
    return request.session.get(SESSION_KEY, {})


def _save_state(request, token, state):
    pending = _pending(request)
    pending[token] = state
    request.session[SESSION_KEY] = pending


def _drop_state(request, token):
    pending = _pending(request)
    state = pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    if state:
        default_storage.delete(_pending_name(state))


def _state(request, token):
    """(state, organisation) of an import in progress of this user; 404 when there is none
    (another session's token, or one finished)."""
    require_importer(request.user)
    state = _pending(request).get(str(token))
    if state is None:
        raise Http404
    organisation = get_object_or_404(keeper_organisations(request.user), pk=state["organisation"])
    return state, organisation


def _read(state, **overrides):
    name = _pending_name(state)
    if not default_storage.exists(name):
        raise FileNotFoundError(name)
    with default_storage.open(name, "rb") as stored:
        content = stored.read()
    reading = {
        "encoding": state.get("encoding") or None,
        "delimiter": state.get("delimiter") or None,
    }
    reading.update(overrides)
    if state["kind"] != "csv":
        reading = {}
    return services.read_table(content, state["file_name"], **reading)


def _table_or_restart(request, token, state):
    """The table, or None after telling the user to upload again (the file is gone)."""
    try:
        return _read(state)
    except FileNotFoundError:
        _drop_state(request, str(token))
        messages.error(request, _("The uploaded file is no longer here. Please upload it again."))
    except services.ImportFileError as exc:
        messages.error(request, str(exc))
    return None


def _defaults(state, organisation):
    category = None
    if state.get("category"):
        category = Category.objects.filter(pk=state["category"], organisation=organisation).first()
    return {"default_category": category, "default_priority": state.get("priority")}


# --- The steps ---


def import_list(request):
    require_importer(request.user)
    batches = (
        imports_visible_to(request.user)
        .select_related("organisation", "imported_by")
        .annotate(remaining=Count("partners"))
        .order_by("-imported_at", "-pk")
    )
    page, query = paginate(request, batches)
    pending = [
        {"token": token, "file_name": state["file_name"], "step": _next_step(state)}
        for token, state in _pending(request).items()
    ]
    return render(
        request,
        "relatiebeheer/import_list.html",
        {"page": page, "query": query, "pending": pending},
    )


def _next_step(state):
    return (
        "relatiebeheer:import_preview" if state.get("mapping") else "relatiebeheer:import_mapping"
    )


def import_start(request):
    user = request.user
    require_importer(user)
    organisations = keeper_organisations(user)
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        categories=categories_of(user),
        initial={"organisation": organisations.first()} if request.method == "GET" else None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            table = services.read_table(content, upload.name)
        except services.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            token = str(uuid.uuid4())
            suffix = ".xlsx" if table.kind == "xlsx" else ".csv"
            _clean_old_files()
            default_storage.save(f"{PENDING_FOLDER}/{token}{suffix}", ContentFile(content))
            for old in list(_pending(request))[: -MAX_PENDING + 1]:
                _drop_state(request, old)
            category = form.cleaned_data["category"]
            _save_state(
                request,
                token,
                {
                    "path": f"{token}{suffix}",
                    "file_name": Path(upload.name).name[:200],
                    "kind": table.kind,
                    "encoding": table.encoding,
                    "delimiter": table.delimiter,
                    "organisation": form.cleaned_data["organisation"].pk,
                    "category": category.pk if category else None,
                    "priority": form.cleaned_data["priority"],
                    "mapping": None,
                    "include": [],
                    "categories": {},
                },
            )
            return redirect("relatiebeheer:import_mapping", token=token)
    return render(
        request,
        "relatiebeheer/import_start.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


def import_mapping(request, token):
    token = str(token)
    state, organisation = _state(request, token)
    table = _table_or_restart(request, token, state)
    if table is None:
        return redirect("relatiebeheer:import_start")
    status = 200
    if request.method == "POST" and table.kind == "csv":
        reading = {
            "encoding": request.POST.get("encoding", state["encoding"]),
            "delimiter": request.POST.get("delimiter", state["delimiter"]),
        }
        if reading != {"encoding": state["encoding"], "delimiter": state["delimiter"]}:
            return _read_again(request, token, state, table, reading)
    initial = {
        "encoding": state["encoding"],
        "delimiter": state["delimiter"],
        **(state["mapping"] or services.guess_mapping(table.headers)),
    }
    form = ImportMappingForm(
        request.POST or None,
        headers=table.headers,
        is_csv=table.kind == "csv",
        initial=initial,
    )
    if request.method == "POST":
        if form.is_valid():
            state["mapping"] = form.mapping()
            _save_state(request, token, state)
            return redirect("relatiebeheer:import_preview", token=token)
        status = 400
    return render(
        request,
        "relatiebeheer/import_mapping.html",
        {
            "form": form,
            "state": state,
            "token": token,
            "table": table,
            "organisation": organisation,
            "sample": [cells for _line, cells in table.rows[:3]],
        },
        status=status,
    )


def _read_again(request, token, state, table, reading):
    """The user says how to read the file: read it again and guess the columns anew."""
    try:
        again = _read(state, **reading)
    except services.ImportFileError as exc:
        form = ImportMappingForm(
            request.POST, headers=table.headers, is_csv=True, initial=state["mapping"] or {}
        )
        form.is_valid()
        form.add_error("encoding", str(exc))
        return render(
            request,
            "relatiebeheer/import_mapping.html",
            {
                "form": form,
                "state": state,
                "token": token,
                "table": table,
                "sample": [cells for _line, cells in table.rows[:3]],
            },
            status=400,
        )
    state.update(reading)
    if again.headers != table.headers:
        state["mapping"] = None
    _save_state(request, token, state)
    messages.info(request, _("The file was read again. Check the columns below."))
    return redirect("relatiebeheer:import_mapping", token=token)


def _plan(state, organisation, table):
    return services.plan_import(
        organisation=organisation,
        table=table,
        mapping=state["mapping"],
        **_defaults(state, organisation),
    )


def _choices_form(state, organisation, plan, data=None):
    categories = Category.objects.filter(organisation=organisation)
    new_categories = plan.new_categories
    initial = {"include": state.get("include", [])}
    for index, name in enumerate(new_categories):
        initial[f"category_{index}"] = state.get("categories", {}).get(name.casefold())
    return ImportChoicesForm(
        data,
        duplicate_lines=[row.line for row in plan.rows if row.status == services.DUPLICATE],
        new_categories=new_categories,
        categories=list(categories),
        initial=initial,
    )


@require_GET
def import_preview(request, token):
    return _render_preview(request, str(token))


def _render_preview(request, token, *, form=None, status=200):
    state, organisation = _state(request, token)
    if not state.get("mapping"):
        return redirect("relatiebeheer:import_mapping", token=token)
    table = _table_or_restart(request, token, state)
    if table is None:
        return redirect("relatiebeheer:import_start")
    plan = _plan(state, organisation, table)
    form = form or _choices_form(state, organisation, plan)
    defaults = _defaults(state, organisation)
    return render(
        request,
        "relatiebeheer/import_preview.html",
        {
            "token": token,
            "state": state,
            "organisation": organisation,
            "table": table,
            "plan": plan,
            "form": form,
            "chosen": set(state.get("include", [])),
            "default_category": defaults["default_category"],
        },
        status=status,
    )


@require_POST
def import_run(request, token):
    token = str(token)
    state, organisation = _state(request, token)
    if not state.get("mapping"):
        return redirect("relatiebeheer:import_mapping", token=token)
    table = _table_or_restart(request, token, state)
    if table is None:
        return redirect("relatiebeheer:import_start")
    plan = _plan(state, organisation, table)
    form = _choices_form(state, organisation, plan, data=request.POST)
    if not form.is_valid():
        return _render_preview(request, token, form=form, status=400)
    # Keep the choices first, so nothing is lost if the import itself refuses.
    state["include"] = form.cleaned_data["include"]
    state["categories"] = {
        name.casefold(): category.pk if category else None
        for name, category in form.category_choices().items()
    }
    _save_state(request, token, state)
    try:
        batch, plan = services.import_partners(
            organisation=organisation,
            table=table,
            mapping=state["mapping"],
            file_name=state["file_name"],
            actor=request.user,
            include_lines=state["include"],
            category_choices={k: v for k, v in form.category_choices().items() if v},
            **_defaults(state, organisation),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("relatiebeheer:import_preview", token=token)
    if batch is None:
        messages.error(
            request,
            _("There is nothing to import: fix the rows with an error, or tick the duplicates "
              "you want to import anyway."),
        )  # fmt: skip
        return redirect("relatiebeheer:import_preview", token=token)
    _drop_state(request, token)
    reports = request.session.get(REPORT_KEY, {})
    reports[str(batch.pk)] = _report(plan, set(state["include"]))
    request.session[REPORT_KEY] = dict(list(reports.items())[-MAX_PENDING:])
    messages.success(
        request,
        _("%(count)s partners imported.") % {"count": batch.created_count},
    )
    return redirect("relatiebeheer:import_batch", pk=batch.pk)


def _report(plan, include):
    return {
        "errors": [
            {"line": row.line, "name": row.values["name"], "errors": row.errors}
            for row in plan.rows
            if row.status == services.ERROR
        ],
        "skipped": [
            {
                "line": row.line,
                "name": row.values["name"],
                "like": ", ".join(p.name for p in row.duplicates),
                "same_as_line": row.same_as_line,
            }
            for row in plan.rows
            if row.status == services.DUPLICATE and row.line not in include
        ],
    }


@require_POST
def import_cancel(request, token):
    token = str(token)
    _state(request, token)
    _drop_state(request, token)
    messages.success(request, _("The import was cancelled; nothing was saved."))
    return redirect("relatiebeheer:import_list")


def import_batch(request, pk):
    batch = get_import_for_user(request.user, pk)
    partners = list(
        batch.partners.select_related("category")
        .annotate(contact_count=Count("contacts"))
        .order_by("name", "pk")  # a grouped query drops the model's ordering
    )
    report = request.session.get(REPORT_KEY, {}).get(str(batch.pk))
    return render(
        request,
        "relatiebeheer/import_batch.html",
        {"batch": batch, "partners": partners, "report": report},
    )


@require_POST
def import_undo(request, pk):
    batch = get_import_for_user(request.user, pk)
    try:
        deleted, kept = services.batch_undo(batch=batch, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("relatiebeheer:import_batch", pk=batch.pk)
    messages.success(request, _("Import undone: %(count)s partners deleted.") % {"count": deleted})
    if kept:
        messages.warning(
            request,
            _("Kept because contact moments have been logged with them: %(names)s.")
            % {"names": ", ".join(p.name for p in kept)},
        )
    return redirect("relatiebeheer:import_batch", pk=batch.pk)


@require_GET
def import_sample(request):
    can_use_app(request.user)
    response = HttpResponse(services.sample_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="partners-voorbeeld.csv"'
    return response


# --- Export ---


def _exported_partners(request):
    """The partners the user may see, with the list's filters; a fixed number of queries."""
    user = request.user
    partners = partners_visible_to(user).select_related("category", "organisation")
    filters = PartnerFilterForm(request.GET or None, categories=categories_of(user))
    return list(filters.apply(partners, timezone.localdate()).order_by("name", "pk"))


def _download(content, content_type, extension):
    response = HttpResponse(content, content_type=content_type)
    name = f"partners-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def export_csv(request):
    partners = _exported_partners(request)
    return _download(services.export_csv(partners), "text/csv; charset=utf-8", "csv")


@require_GET
def export_xlsx(request):
    partners = _exported_partners(request)
    return _download(
        services.export_xlsx(partners),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    )
