"""disclosure-reports: a department's budget data in, its public disclosure report out.

The package follows the pipeline: inputs → model → rules → derive → report (tree) → render.
"""

from generator.errors import DisclosureError

__all__ = ["DisclosureError"]
__version__ = "0.1.0"
