"""python -m claimtrack."""

from .cli import main

main()
