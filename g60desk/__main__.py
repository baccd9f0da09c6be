"""``python -m g60desk`` is the g60desk command."""
import sys

from .cli import main

sys.exit(main())
