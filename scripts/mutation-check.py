"""Break each rule on purpose and check that a test notices: a hand-written mutation check.

Every rule the README names (the access rule first) and every rule in a services or
permissions module is broken here, one at a time, in a copy of the working tree: the tests
of its part must fail. A mutation that survives is a rule no test holds; write the test.

    .venv/bin/python scripts/mutation-check.py            # all mutations
    .venv/bin/python scripts/mutation-check.py 3 17       # mutations 3 and 17 only
    .venv/bin/python scripts/mutation-check.py --list     # what is broken, and where

The working tree itself is never changed. See docs/mutation-check.md.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import namedtuple
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKERS = "not browser and not html and not postgres and not redis"
# What is not copied: the virtualenv (the copy runs with this one), local data, caches.
NOT_COPIED = shutil.ignore_patterns(
    ".venv", "var", ".git", "__pycache__", "node_modules", "build", "*.egg-info", ".ruff_cache"
)

Mutation = namedtuple("Mutation", "file original mutated rule tests", defaults=(None,))


CANNOT_MOVE = (
    '        raise ValidationError(_("The minutes of this meeting are final; it cannot move."))'
)


def tests_of(mutation):
    """The tests of the part the file belongs to and the cross-cutting security tests,
    unless the mutation names its own. The core's rules are also held by the tests of the
    parts with confidential records, where the access rule is met."""
    part = mutation.file.split("/")[0]
    tests = [f"tests/{part}", "tests/security"]
    if part == "coalition":
        tests += ["tests/dilemmas", "tests/digital"]
    return mutation.tests or tests


MUTATIONS = [
    # --- The access rule (coalition/access/, coalition/people.py, coalition/sight.py) ---
    Mutation(
        "coalition/access/decisions.py",
        "if confirmation is None or not may_confirm(actor, grant, organisation.pk):",
        "if confirmation is None:",
        "Only a second person of the organisation concerned confirms an access request.",
    ),
    Mutation(
        "coalition/access/confirmers.py",
        "if not user.is_authenticated or not grant.is_pending or user.pk == grant.requested_by_id:",
        "if not user.is_authenticated or not grant.is_pending:",
        "The person who asked never confirms their own request.",
    ),
    Mutation(
        "coalition/access/confirmers.py",
        "    if user.pk in kind_of(grant).beneficiaries(grant):\n        return False",
        "    if False:\n        return False",
        "Someone who gains sight never confirms the request that gives it.",
    ),
    Mutation(
        "coalition/access/confirmers.py",
        "return active - sight_excluded_ids() - recently_granted_ids()",
        "return active - sight_excluded_ids()",
        "Someone given sight only just now confirms for others after ACCESS_CONFIRMER_WAIT_DAYS.",
    ),
    Mutation(
        "coalition/access/confirmers.py",
        "        and not eligible_confirmers(grant, organisation_id)\n"
        "        and not holds_records(organisation_id)\n",
        "        and not eligible_confirmers(grant, organisation_id)\n",
        "A superuser confirms only for a new organisation that holds no confidential records.",
    ),
    Mutation(
        "coalition/access/confirmers.py",
        "Q(is_superuser=True) | Q(groups__name=roles.COORDINATOR)",
        "Q(is_superuser=True)",
        "Coordinators never get sight of confidential records and never confirm.",
    ),
    Mutation(
        "coalition/access/decisions.py",
        "    org_ids = set(kind_of(grant).organisations(grant))\n    if not org_ids:",
        "    org_ids = set(kind_of(grant).organisations(grant))\n    if True:",
        "A change that widens sight is a request; it is not applied on the word of the asker.",
    ),
    Mutation(
        "coalition/access/decisions.py",
        "    if grant.confirmations.filter(confirmed_at__isnull=True).exists():\n"
        "        return grant\n",
        "",
        "A request naming several organisations is applied only when every one confirmed.",
    ),
    Mutation(
        "coalition/access/decisions.py",
        "    if grant.requested_by_id != actor.pk:\n        raise PermissionDenied",
        "    if False:\n        raise PermissionDenied",
        "Only the person who asked withdraws a request.",
    ),
    Mutation(
        "coalition/access/visibility.py",
        "    if user.is_superuser or roles.has_role(user, roles.COORDINATOR):\n        return qs",
        "    if True:\n        return qs",
        "An access request is seen by its asker, its subject, its confirmers and the "
        "coordinators only.",
    ),
    Mutation(
        "coalition/access/kinds.py",
        '    roles.CARE_WORKER: "organisations",\n',
        "",
        "Making someone a care worker opens client data: it waits for a second person.",
    ),
    Mutation(
        "coalition/people.py",
        "        if role in access.SIGHT_ROLES:\n",
        "        if False:\n",
        "A role that opens confidential records is an access request, not given at once.",
    ),
    Mutation(
        "coalition/permissions.py",
        "return may_manage_person(actor, user) and (user != actor or actor.is_superuser)",
        "return may_manage_person(actor, user)",
        "Nobody but a superuser changes their own roles, teams or organisations.",
    ),
    Mutation(
        "coalition/sight.py",
        "    if any(sight.excludes_coordinators for sight in giving) and (",
        "    if False and (",
        "A coordinator never sees client data, whatever other role they hold.",
    ),
    Mutation(
        "coalition/services.py",
        "    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():\n"
        '        raise ValidationError({"email"',
        '    if False:\n        raise ValidationError({"email"',
        "An e-mail address (where password resets go) is one person's alone.",
    ),
    # --- Moral deliberation (dilemmas) ---
    Mutation(
        "dilemmas/permissions.py",
        "    if not user.is_authenticated:\n        return DilemmaCase.objects.none()\n",
        "    if not user.is_authenticated:\n        return DilemmaCase.objects.none()\n"
        "    if is_coordinator(user):\n        return DilemmaCase.objects.all()\n",
        "Coordinators never see a case (lists and search included).",
    ),
    Mutation(
        "dilemmas/services/access.py",
        "    never = access.sight_excluded_ids() - {case.author_id}",
        "    never = set()",
        "Coordinators never see a case, whatever roles or memberships they also hold.",
    ),
    Mutation(
        "dilemmas/permissions.py",
        "    _log(request, case, None, AccessLogEntry.Outcome.VIEWED, action)\n",
        "",
        "Every page that shows a case writes the access log (the case chokepoint).",
    ),
    Mutation(
        "dilemmas/permissions.py",
        "    if CASE_PERMS[perm] not in held:",
        "    if False:",
        "403 for a case one may see but not change, close or tag.",
    ),
    Mutation(
        "dilemmas/permissions.py",
        "    return is_coordinator(user) and not group.memberships.exists()",
        "    return is_coordinator(user)",
        "A coordinator only sets up the first members of a group; members keep it after.",
    ),
    Mutation(
        "dilemmas/permissions.py",
        "        as_group &= ~Q(pk__in=hidden)",
        "        pass",
        "A consultation asked with 'not for my team lead' is never seen by that team lead.",
    ),
    Mutation(
        "dilemmas/permissions.py",
        "    return session.participants.filter(pk=user.pk).exists()",
        "    return True",
        "Only a participant answers a session's 'less alone' question.",
    ),
    Mutation(
        "dilemmas/services/access.py",
        "    if user == actor and not group.memberships.filter(user=user).exists():",
        "    if False:",
        "Nobody makes themselves a member of a working group.",
    ),
    Mutation(
        "dilemmas/services/access.py",
        "    lock_group(group.pk)\n    if group.memberships.filter(user=user).exists():",
        "    lock_group(group.pk)\n    if True:",
        "A new member reads cases only once a second person of each organisation confirms.",
    ),
    Mutation(
        "dilemmas/services/access.py",
        "        if has_members:\n            grant = access.grant_request(",
        "        if False:\n            grant = access.grant_request(",
        "An organisation added to a group with members waits for a second person.",
    ),
    Mutation(
        "dilemmas/services/access.py",
        "    return people & team_member_ids_of(case.team_id)",
        "    return people",
        "Who leaves the team no longer sees the cases of its sessions.",
    ),
    Mutation(
        "dilemmas/services/trainings.py",
        "    if len(new) > free:",
        "    if False:",
        "A training session never takes more people than its places.",
    ),
    Mutation(
        "dilemmas/services/trainings.py",
        "        if session.capacity < enrolled:",
        "        if False:",
        "A session's places never drop below the people already enrolled.",
    ),
    Mutation(
        "dilemmas/services/sessions.py",
        "    if not created:\n        raise ValidationError(",
        "    if False:\n        raise ValidationError(",
        "A participant answers the 'less alone' question once.",
    ),
    Mutation(
        "dilemmas/services/cases.py",
        "    if not draft.questions.exists():",
        "    if False:",
        "A case form without questions is not published.",
    ),
    # --- Steering group (regiegroep) ---
    Mutation(
        "regiegroep/services/crises.py",
        "    if decision.is_published:\n        raise ValidationError(\n"
        '            _("A published decision cannot be changed',
        "    if False:\n        raise ValidationError(\n"
        '            _("A published decision cannot be changed',
        "A published decision is final: only a new decision supersedes it.",
    ),
    Mutation(
        "regiegroep/services/groups.py",
        "    if others.count() >= group.max_members:",
        "    if False:",
        "A steering group never has more seats than its maximum of members.",
    ),
    Mutation(
        "regiegroep/permissions.py",
        "        qs = qs.published()",
        "        pass",
        "Readers (staff of member organisations) see published decisions only.",
    ),
    Mutation(
        "regiegroep/permissions.py",
        "        read = view or group.organisations.filter(",
        "        read = True or group.organisations.filter(",
        "An outsider gets 404 on every page of a steering group.",
    ),
    # --- Digital services (digital) ---
    Mutation(
        "digital/permissions.py",
        "    return Client.objects.filter(organisation_id__in=client_organisation_ids(user))",
        "    return Client.objects.all()",
        "Clients are seen only by the intake staff and care workers of their organisation.",
    ),
    Mutation(
        "digital/permissions.py",
        "        or roles.has_role(user, roles.COORDINATOR)\n    ):",
        "    ):",
        "A coordinator never sees a client, whatever other role they hold.",
    ),
    Mutation(
        "digital/permissions.py",
        "    return client.organisation_id in client_organisation_ids(user) and roles.has_role(\n"
        "        user, roles.INTAKE_STAFF\n    )",
        "    return client.organisation_id in client_organisation_ids(user)",
        "Intake staff change clients and intakes; care workers read them.",
    ),
    Mutation(
        "digital/permissions.py",
        "    if request is not None:\n        log_access(request=request, obj=client)\n",
        "",
        "Every look at a client is in the access log (the client chokepoint).",
    ),
    Mutation(
        "digital/permissions.py",
        "    badge = staff_badges_of(user).filter(pk=pk).first()",
        "    badge = StaffBadge.objects.filter(pk=pk).first()",
        "A staff badge and its Open Badges file are their owner's alone.",
    ),
    Mutation(
        "digital/services/plans.py",
        "    if not worked and failures_counted(goal) >= STRIKES:",
        "    if not worked and failures_counted(goal) > STRIKES:",
        "At the third failure the client switches to the analog alternative.",
    ),
    Mutation(
        "digital/services/intake.py",
        "    if persona != intake.proposed_persona and not reason:",
        "    if False:",
        "The intake staff overrule the proposed persona only with a reason.",
    ),
    # --- Relationship management (relatiebeheer) ---
    Mutation(
        "relatiebeheer/permissions.py",
        "    return Partner.objects.filter(Q(organisation__in=_kept_organisations(user)) "
        "| Q(shared=True))",
        "    return Partner.objects.all()",
        "An outsider never sees a partner that is not shared with the coalition.",
    ),
    Mutation(
        "relatiebeheer/permissions.py",
        "    return keepers is None or partner.organisation_id in keepers",
        "    return True",
        "A partner shared by another organisation is seen, not changed (403).",
    ),
    Mutation(
        "relatiebeheer/services/partners.py",
        "    if keepers is not None and organisation_id not in keepers:",
        "    if False:",
        "The services refuse partners and categories of an organisation one does not keep.",
    ),
    Mutation(
        "relatiebeheer/services/wall.py",
        "    return is_coordinator(user) or success.shared_by_id == user.pk",
        "    return True",
        "A success is taken off the wall by who shared it or a coordinator only.",
    ),
    Mutation(
        "relatiebeheer/services/meetings.py",
        "    if meeting.closed_at:\n" + CANNOT_MOVE,
        "    if False:\n" + CANNOT_MOVE,
        "A meeting whose minutes are final does not move.",
    ),
    Mutation(
        "relatiebeheer/services/merge.py",
        "    if survivor.organisation_id != absorbed.organisation_id:",
        "    if False:",
        "Only partners of the same organisation are merged.",
    ),
    Mutation(
        "relatiebeheer/permissions.py",
        "    return is_coordinator(user) or series.chair_id == user.pk",
        "    return True",
        "Only the chair (or a coordinator) changes an RRO series and moves its meetings.",
    ),
]


def check_snippets(tree):
    """Each original snippet must stand exactly once in its file, or nothing runs."""
    problems = []
    for number, mutation in enumerate(MUTATIONS, 1):
        path = tree / mutation.file
        if not path.exists():
            problems.append(f"{number}: {mutation.file} does not exist")
            continue
        count = path.read_text(encoding="utf-8").count(mutation.original)
        if count != 1:
            problems.append(
                f"{number}: the original snippet occurs {count} times in {mutation.file} "
                f"(must be once): {mutation.original.strip().splitlines()[0]!r}"
            )
    return problems


def pytest_command(tests, *, workers, stop_at_first, deselect=()):
    command = [sys.executable, "-m", "pytest", *tests, "-q", "-p", "no:randomly"]
    command += ["-n", str(workers), "-m", MARKERS, "-rfE"]
    if stop_at_first:
        command.append("-x")
    for node in deselect:
        command += ["--deselect", node]
    return command


def run(command, *, cwd, timeout):
    # No bytecode is written: a mutated module must never be read back from a stale .pyc.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.monotonic()
    try:
        result = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return None, "", time.monotonic() - started
    return result.returncode, result.stdout + result.stderr, time.monotonic() - started


FAILED_LINE = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.MULTILINE)
SUMMARY_LINE = re.compile(r"^=* ?(\d+ (?:passed|failed).*?)(?: =*)?$", re.MULTILINE)


def summary(output):
    """pytest's last line ("1087 passed, 1 deselected in 82.31s"), to show what ran."""
    lines = SUMMARY_LINE.findall(output)
    return lines[-1] if lines else ""


def failing_tests(output):
    return sorted({node.split(" - ")[0] for node in FAILED_LINE.findall(output)})


def baseline(copy, tests, args):
    """The selected tests on the unchanged copy: what already fails is left out of the
    mutation runs (and reported), so it cannot pass for a caught mutation."""
    print(f"Baseline: {' '.join(tests)} unchanged ...", flush=True)
    code, output, seconds = run(
        pytest_command(tests, workers=args.workers, stop_at_first=False),
        cwd=copy,
        timeout=args.baseline_timeout,
    )
    if code is None:
        sys.exit(f"The baseline run took more than {args.baseline_timeout} s; nothing checked.")
    if code not in (0, 1):
        sys.exit(f"The baseline run did not complete (exit {code}):\n{output[-3000:]}")
    broken = failing_tests(output)
    print(f"Baseline done in {seconds:.0f} s ({summary(output)})", flush=True)
    for node in broken:
        print(f"  left out: {node}")
    return broken


def check(copy, number, mutation, args, deselect):
    path = copy / mutation.file
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(mutation.original, mutation.mutated, 1), encoding="utf-8")
    try:
        tests = tests_of(mutation)
        code, output, seconds = run(
            pytest_command(tests, workers=args.workers, stop_at_first=True, deselect=deselect),
            cwd=copy,
            timeout=args.timeout,
        )
    finally:
        path.write_text(original, encoding="utf-8")
    if code is None:
        return "timeout", seconds, ""
    if code == 0:
        return "survived", seconds, summary(output)
    caught_by = failing_tests(output)
    if code in (1, 2) and caught_by:
        return "caught", seconds, caught_by[0]
    return "error", seconds, output[-2000:]


def table(rows, *, markdown):
    if markdown:
        lines = ["| # | file | rule broken | result | caught by |", "|---|---|---|---|---|"]
        for number, mutation, result, _seconds, detail in rows:
            by = f"`{detail}`" if result == "caught" else ""
            lines.append(f"| {number} | `{mutation.file}` | {mutation.rule} | {result} | {by} |")
        return "\n".join(lines)
    lines = []
    for number, mutation, result, seconds, detail in rows:
        lines.append(f"{number:>3}  {result:<9} {seconds:>5.0f} s  {mutation.file}")
        lines.append(f"     {mutation.rule}")
        if result == "caught":
            lines.append(f"     caught by {detail}")
        elif result == "survived":
            lines.append(f"     every test passed: {detail}")
        elif result == "error":
            lines.append("     " + detail.strip().replace("\n", "\n     "))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("numbers", nargs="*", type=int, help="run only these mutations (1-based)")
    parser.add_argument("--list", action="store_true", help="list the mutations and stop")
    parser.add_argument(
        "--timeout", type=int, default=240, help="seconds per mutation run (default 240)"
    )
    parser.add_argument("--baseline-timeout", type=int, default=1800)
    parser.add_argument("--no-baseline", action="store_true", help="skip the unchanged run")
    parser.add_argument("--workers", type=int, default=2, help="pytest-xdist workers (-n)")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    parser.add_argument("--keep", action="store_true", help="keep the copy of the tree")
    args = parser.parse_args()

    problems = check_snippets(ROOT)
    if problems:
        sys.exit("Mutations that no longer fit the code:\n" + "\n".join(problems))
    if args.list:
        for number, mutation in enumerate(MUTATIONS, 1):
            tests = " ".join(tests_of(mutation))
            print(f"{number:>3}  {mutation.file}  [{tests}]\n     {mutation.rule}")
        return
    unknown = [n for n in args.numbers if not 1 <= n <= len(MUTATIONS)]
    if unknown:
        sys.exit(f"No mutation numbered {unknown}: there are {len(MUTATIONS)}.")
    chosen = args.numbers or range(1, len(MUTATIONS) + 1)

    copy = Path(tempfile.mkdtemp(prefix="mutation-check-")) / "tree"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    (copy / "var").mkdir()
    try:
        # The copy is checked again: the tree may have changed between the check and the copy.
        problems = check_snippets(copy)
        if problems:
            sys.exit("Mutations that no longer fit the code:\n" + "\n".join(problems))
        deselect = []
        if not args.no_baseline:
            selections = sorted({t for n in chosen for t in tests_of(MUTATIONS[n - 1])})
            deselect = baseline(copy, selections, args)
        rows = []
        for number in chosen:
            mutation = MUTATIONS[number - 1]
            print(f"{number:>3}/{len(MUTATIONS)} {mutation.file}: {mutation.rule}", flush=True)
            result, seconds, detail = check(copy, number, mutation, args, deselect)
            print(f"     {result} in {seconds:.0f} s", flush=True)
            rows.append((number, mutation, result, seconds, detail))
    finally:
        if args.keep:
            print(f"The copy stays in {copy}")
        else:
            shutil.rmtree(copy.parent, ignore_errors=True)

    print()
    print(table(rows, markdown=args.markdown))
    caught = sum(1 for row in rows if row[2] == "caught")
    print(f"\nScore: {caught} / {len(rows)} caught")
    sys.exit(0 if caught == len(rows) else 1)


if __name__ == "__main__":
    main()
