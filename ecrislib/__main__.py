"""``python -m ecrislib``: the same as the ``ecrislib`` command."""

import sys

from .cli import main

sys.exit(main())
