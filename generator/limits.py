"""Bounds on how much work an input may cause, checked by the readers before that work grows.

A real input is far inside each bound (the samples: 32 KB for the largest YAML file, about 2 800
values, nesting 6 deep; a workbook of 30 entries, 0.5 MB unpacked, 210 rows, ratio 12). Past a
bound the input is refused with exit code 2 and a located message naming the bound
(docs/limits.md lists them). Every value here is a named constant so that a service can read them.
"""

from decimal import Decimal

MB = 1024 * 1024

# YAML folders
YAML_FILE_BYTES = 2 * MB  # one YAML file
YAML_TOTAL_BYTES = 8 * MB  # every file one input reads, an included file counted each time it is read
YAML_FILES = 64  # files one input reads: report.yaml and each !include, counted each time
YAML_ALIASES = 1_000  # aliases (*name) in one file
YAML_NODES = 100_000  # values of the whole input once every alias is expanded (the billion-laughs bound)
DEPTH = 32  # nesting of values, across !include and expanded aliases (the samples: 6)

CATALOG_BYTES = 5 * MB  # a code list supplied under catalog/<year>/ (the shipped functional list: 0.2 MB)

# Workbooks (.xlsx), checked on the zip's central directory before openpyxl opens it
WORKBOOK_BYTES = 20 * MB  # the file as uploaded
ZIP_ENTRIES = 1_000  # files inside the zip
UNCOMPRESSED_BYTES = 50 * MB  # all entries unpacked
EXPANSION_RATIO = 100  # an entry's unpacked size ÷ its packed size (the samples: 12) ...
RATIO_FLOOR_BYTES = 1 * MB  # ... for entries that unpack to more than this
SHEETS = 100  # worksheets
ROWS = 10_000  # the highest row number used in a sheet
COLUMNS = 1_000  # the highest column number used in a sheet
CELLS = 200_000  # cells of all sheets, every cell of a merged range counted

# Values
AMOUNT = Decimal("1e12")  # 万元: an amount at or above it is refused (a whole country's budget is ~1e8)


def size_text(n: int) -> str:
    """Bytes as a reader counts them: 2 MB, 512 KB, 300 字节."""
    if n >= MB:
        return f"{n / MB:.1f}".rstrip("0").rstrip(".") + " MB"
    if n >= 1024:
        return f"{n // 1024} KB"
    return f"{n} 字节"
