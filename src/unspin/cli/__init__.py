"""The ``unspin`` command: a thin typed face over the Python API, one module per command group."""

from __future__ import annotations

import sys

import typer

from ..errors import UnspinError

app = typer.Typer(
    name="unspin",
    help="Show how a news article tries to persuade: techniques, claims, quotes, sources, entities, places.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
train_app = typer.Typer(help="Train the models that ship with unspin.", no_args_is_help=True)
evaluate_app = typer.Typer(help="Score unspin's analyzers on research corpora.", no_args_is_help=True)
app.add_typer(train_app, name="train")
app.add_typer(evaluate_app, name="evaluate")


def _register() -> None:
    """Import each command module; each attaches its commands to the apps above."""
    from . import analyze, batch, claims, compare, export, outlets, quotes, serve, techniques  # noqa: F401


def main() -> None:
    """Entry point: run the app, turning every UnspinError into one line on stderr and exit 1."""
    from ..memory import limit_arenas

    limit_arenas()  # this process is unspin's own: fewer malloc heaps for the engine's threads (unspin.memory)
    _register()
    try:
        app(standalone_mode=False)
    except UnspinError as err:
        print(f"unspin: error: {err}", file=sys.stderr)
        sys.exit(1)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except typer.Abort:
        print("unspin: aborted", file=sys.stderr)
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # usage errors: click's, or the copy of click that newer typer releases carry
        show, code = getattr(err, "show", None), getattr(err, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            sys.exit(code)
        raise
