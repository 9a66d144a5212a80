"""The command line: parse options, call one library function, print. Heavy imports stay inside."""

from __future__ import annotations

import functools
import sys

import click

from tracker.errors import BadArgument, InvalidWorkspace, NoWorkspace, TrackerError

EXIT_INVALID = 1
EXIT_USAGE = 2


def common_options(command):
    """--workspace and --verbose on every command; domain errors become messages and exit codes."""

    @click.option(
        "--workspace",
        "-w",
        default=".",
        show_default=True,
        type=click.Path(file_okay=False),
        help="The workspace folder.",
    )
    @click.option("--verbose", is_flag=True, help="Show a traceback on errors.")
    @functools.wraps(command)
    def wrapper(*args, verbose, **kwargs):
        try:
            return command(*args, **kwargs)
        except InvalidWorkspace as e:
            if verbose:
                raise
            for problem in e.problems:
                click.echo(str(problem), err=True)
            click.echo(str(e), err=True)
            sys.exit(EXIT_INVALID)
        except (BadArgument, NoWorkspace) as e:
            if verbose:
                raise
            raise click.UsageError(str(e)) from e
        except TrackerError as e:
            if verbose:
                raise
            click.echo(f"Error: {e}", err=True)
            sys.exit(EXIT_INVALID)

    return wrapper


as_of_option = click.option(
    "--as-of", metavar="YYYY-MM", help="The month to report on (default: the latest data)."
)


@click.group()
@click.version_option(package_name="tracker")
def cli():
    """Plan-versus-actual tracking: annual targets, monthly actuals, attainment and status.

    Run it in a workspace (a folder with targets/ and actuals/) or pass --workspace.

    \b
    Example:
        tracker validate
        tracker status --as-of 2020-06
        tracker check
    """


@cli.command()
@common_options
def validate(workspace):
    """Check every file of the workspace; list all problems, exit 1 if any.

    \b
    Example:
        tracker validate --workspace .
    """
    from tracker.model import missing_months
    from tracker.workspace import load_workspace

    ws = load_workspace(workspace)
    for warning in ws.warnings + missing_months(ws):
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"ok: {len(ws.files)} files, {len(ws.indicators)} indicators, "
        f"{len(ws.targets)} targets, {len(ws.actuals)} actual rows"
    )


@cli.command()
@as_of_option
@click.option("--area", help="Only this area's rows (an id of targets/areas.csv).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table for people; csv and json (plain numbers, SPEC keys) for programs.",
)
@common_options
def status(workspace, as_of, area, fmt):
    """One row per indicator and area: actual, plan, attainment, pace, status, projection.

    \b
    Example:
        tracker status --as-of 2020-06
        tracker status --format json > status.json
    """
    from tracker import output
    from tracker.model import compute
    from tracker.workspace import load_workspace

    ws = load_workspace(workspace)
    result = compute(ws, as_of)
    rows = result.status
    if area is not None:
        from tracker.check import area_rows

        rows, _ = area_rows(result, area, ws.settings.root_area)
    if fmt == "csv":
        text = output.to_csv(rows)
    elif fmt == "json":
        text = output.to_json(rows)
    else:
        colour = sys.stdout.isatty()
        text = output.to_table(rows, ws.settings.language, colour)
        click.echo(f"{ws.settings.name or ws.path.resolve().name} — {result.as_of}")
    click.echo(text, nl=False, color=fmt == "table" and None)


@cli.command()
@as_of_option
@click.option("--lang", type=click.Choice(["vi", "en"]), help="Language of the charts and documents.")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Folder to write (default: reports/<as_of>/ in the workspace).",
)
@common_options
def report(workspace, as_of, lang, out):
    """Charts, summaries (vi and en), a PDF dashboard, a Word report and the status table.

    Written whole or not at all: a failure leaves the previous report untouched.

    \b
    Example:
        tracker report --as-of 2020-06 --lang vi
    """
    from pathlib import Path

    from tracker.model import compute
    from tracker.report import build_report
    from tracker.workspace import load_workspace

    ws = load_workspace(workspace)
    result = compute(ws, as_of)
    folder = build_report(ws, result, Path(out) if out else None, lang)
    language = lang or ws.settings.language
    click.echo((folder / f"summary.{language}.md").read_text(encoding="utf-8"), nl=False)
    click.echo(f"\n{folder}", err=True)


@cli.command()
@as_of_option
@click.option("--area", help="The area to check (default: the root area).")
@common_options
def check(workspace, as_of, area):
    """The monthly check: what lags, is at risk, breached or stale; exit 3 if anything lags.

    Each lagging or at-risk indicator comes with what it must deliver per month
    from now on. Exit 0 when nothing is lagging or breached, 3 when something is.

    \b
    Example:
        tracker check --as-of 2020-06
    """
    from tracker.check import area_rows, monthly_check, render_check
    from tracker.model import compute, missing_months
    from tracker.workspace import load_workspace

    ws = load_workspace(workspace)
    result = compute(ws, as_of)
    rows, chosen = area_rows(result, area, ws.root_area)
    missing = missing_months(ws, through=int(result.year) * 12 + result.month - 1)
    report = monthly_check(result, rows, chosen, missing)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(render_check(report, ws.settings.language, ws.settings.name), nl=False)
    sys.exit(report.exit_code)
