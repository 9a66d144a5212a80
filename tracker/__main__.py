from tracker.cli import cli

cli(prog_name="tracker")
