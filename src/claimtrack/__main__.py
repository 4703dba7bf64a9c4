"""python -m claimtrack."""

from claimtrack.cli import main

main()
