"""The command line: parse options, call one library function, print. Heavy imports stay inside."""

from __future__ import annotations

import functools
import gc
import os
import sys

import click

from tracker.errors import BadArgument, InvalidWorkspace, NoWorkspace, TrackerError

EXIT_INVALID = 1


def common_options(command):
    """--workspace and --verbose on every command; domain errors become messages and exit codes."""
    return click.option(
        "--workspace",
        "-w",
        default=".",
        show_default=True,
        type=click.Path(file_okay=False),
        help="The workspace folder.",
    )(error_options(command))


def error_options(command):
    """--verbose; domain errors become messages and exit codes (for commands without a workspace)."""

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


def echo_warnings(warnings: list[str]) -> None:
    """Warnings on stderr, one a line: they never change the exit code."""
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


def engine_options(command):
    """--engine and --scheduler: where the model is computed (SPEC section 9)."""
    command = click.option(
        "--scheduler",
        metavar="ADDRESS",
        help="With --engine dask: a scheduler (default: DASK_SCHEDULER_ADDRESS, else a local cluster).",
    )(command)
    return click.option(
        "--engine",
        type=click.Choice(["local", "dask"]),
        default="local",
        show_default=True,
        help="local: this machine's cores; dask: a Dask cluster (pip install 'tracker[dask]').",
    )(command)


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
@engine_options
@common_options
def validate(workspace, engine, scheduler):
    """Check every file of the workspace; list all problems, exit 1 if any.

    \b
    Example:
        tracker validate --workspace .
    """
    from tracker.plans import summary
    from tracker.views import validate_workspace

    found = validate_workspace(workspace, engine, scheduler)
    echo_warnings(found.warnings)
    ws = found.workspace
    click.echo(
        f"ok: {len(ws.files)} files, {len(ws.indicators)} indicators, "
        f"{found.targets} targets, {found.actuals} actual rows"
    )
    plans = summary(ws.plans, found.revisions)
    if plans:
        click.echo(plans)


@cli.command()
@as_of_option
@click.option("--area", help="Only this area's rows (an id of targets/areas.csv).")
@click.option(
    "--by-area",
    is_flag=True,
    help="League tables: each area ranked among the areas of the same parent (1 = best index).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table for people; csv and json (plain numbers, SPEC keys) for programs.",
)
@click.option(
    "--plan",
    metavar="ID|all",
    help="The rows of this plan of targets/plans.csv, or of every plan (default: the plan of record).",
)
@click.option(
    "--span",
    metavar="FIRST-LAST",
    is_flag=False,
    flag_value="",
    help="The table of the targets set for a span of years (2021-2025); alone: the span of the month.",
)
@engine_options
@common_options
def status(workspace, as_of, area, by_area, fmt, plan, span, engine, scheduler):
    """One row per indicator and area: actual, plan, attainment, pace, status, projection.

    Also how many month-ends in a row each has been at risk or lagging
    (lagging_months) and how many months of pace it is behind (months_behind).

    \b
    Example:
        tracker status --as-of 2020-06
        tracker status --by-area
        tracker status --plan all
        tracker status --span 2021-2025
        tracker status --format json > status.json
    """
    from tracker import output
    from tracker.views import status_view

    view = status_view(workspace, as_of, area, by_area, plan, span, engine, scheduler, fmt)
    echo_warnings(view.result.warnings)
    rows = view.rows
    if view.text is not None:  # written by the partitions themselves, one piece after another
        sys.stdout.flush()
        for piece in view.text:
            sys.stdout.buffer.write(piece)
        sys.stdout.buffer.flush()
        return
    if fmt == "csv":
        text = output.to_csv(rows)
    elif fmt == "json":
        text = output.to_json(rows)
    else:
        colour = sys.stdout.isatty()
        text = output.to_table(rows, view.workspace.settings.language, colour)
        click.echo(view.title)
    click.echo(text, nl=False, color=fmt == "table" and None)


@cli.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False))
@click.option("--example", is_flag=True, help="Copy the Trà Vinh 2020 example instead of blank files.")
@error_options
def init(folder, example):
    """Create a workspace in DIR (new or empty): settings, catalogue, areas, targets, actuals.

    Each file has its header and one example row to replace, and
    submission-template.xlsx is the sheet district offices fill in each month.

    \b
    Example:
        tracker init my-office
        tracker init demo --example
    """
    from tracker.scaffold import create_workspace

    for path in create_workspace(folder, example):
        click.echo(path)
    click.echo(f"next: edit the files, then run `tracker validate -w {folder}`", err=True)


@cli.command()
@click.argument(
    "files", metavar="FILE...", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False)
)
@click.option("--area", help="The area of rows whose area is empty (an id of targets/areas.csv).")
@click.option("--reported-at", metavar="YYYY-MM-DD", help="The report date of rows that have none.")
@common_options
def ingest(workspace, files, area, reported_at):
    """Add submitted actuals files (CSV or Excel) to actuals/ if the workspace still validates.

    The files are added together or not at all, each under a new name; a refused
    file's problems name its own lines. A file already added is skipped as a
    duplicate; a later report of a period already held is shown as a revision.
    Every file is logged in ingest-log.jsonl. Exit 1 if a file was not added.

    \b
    Example:
        tracker ingest inbox/cang-long-2020-07.xlsx --area CL --reported-at 2020-08-05
    """
    from tracker.ingest import ingest as add_files

    result = add_files(workspace, list(files), area, reported_at)
    out, err = result.lines()
    for line in out:
        click.echo(line)
    for line in err:
        click.echo(line, err=True)
    sys.exit(result.exit_code)


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
    echo_warnings(result.warnings)
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

    First the areas whose report for the month has not come in. Each lagging or
    at-risk indicator comes with what it must deliver per month from now on and
    the areas under it that lag most; what has lagged longest comes first. Then
    a one-line verdict per indicator. Exit 0 when nothing is lagging or
    breached, 3 when something is.

    \b
    Example:
        tracker check --as-of 2020-06
    """
    from tracker.check import monthly_check, render_check
    from tracker.workspace import load_workspace

    ws = load_workspace(workspace)
    report = monthly_check(ws, as_of, area)
    echo_warnings(report.warnings)
    click.echo(render_check(report, ws.settings.language, ws.settings.name), nl=False)
    sys.exit(report.exit_code)


@cli.command()
@click.argument("dest", metavar="DIR", type=click.Path(file_okay=False))
@common_options
def pack(workspace, dest):
    """Write the workspace again into DIR with its targets and actuals as Parquet, a file per indicator.

    A packed workspace is read like any other; on a Dask cluster (--engine dask) each
    task then reads only its own indicators' files.

    \b
    Example:
        tracker pack national-packed
        tracker status -w national-packed --engine dask
    """
    from tracker.pack import pack_workspace

    for path in pack_workspace(workspace, dest):
        click.echo(str(path))


def main() -> None:
    """The `tracker` program: the command line, in a process that ends with it."""
    _keep_freed_memory()
    # pandera's checks import hypothesis, when it is installed, to synthesise data, which tracker
    # never does: a tenth of a second of every command. The process is tracker's: it goes without.
    hidden = "hypothesis" not in sys.modules
    if hidden:
        sys.modules["hypothesis"] = None  # an import of it raises ImportError
    try:
        cli(prog_name="tracker")
    finally:
        if hidden:
            del sys.modules["hypothesis"]
        # Python sweeps every object for cycles once more as it exits: a tenth of a second
        # here, a seventh of `tracker status` on a small workspace. Frozen objects are skipped.
        gc.freeze()


def _keep_freed_memory() -> None:
    """Have the C library serve large arrays from its heap and keep freed memory for the next ones.

    By default glibc maps each large array afresh and hands it back when it is freed, so the
    kernel zeroes its pages again for the next one: a sixth of `tracker status` on a national
    workspace went there. Where the C library has no mallopt (macOS, musl), nothing changes.
    Arrow's own allocator does the same with its buffers (a fifth more, with both cores at
    work): Arrow is told to use the C library's, unless the user says otherwise.
    """
    import ctypes

    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")  # read when pyarrow is imported

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):
        return
    m_trim_threshold, m_mmap_threshold = -1, -3  # glibc's <malloc.h>
    mallopt(m_mmap_threshold, 1 << 30)
    mallopt(m_trim_threshold, 1 << 31)
