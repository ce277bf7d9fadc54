"""`python -m perfxl …` runs the command line (useful where the perfxl script is not on PATH)."""

from perfxl.cli import main

main(prog_name="perfxl")
