"""``python -m tutor`` is the same as the ``hw3-tutor`` command."""

from tutor.cli.entry import main

if __name__ == "__main__":
    raise SystemExit(main())
