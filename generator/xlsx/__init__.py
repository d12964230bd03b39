"""The officer's workbook: its layout (layout.py) and writer (writer.py). The reader is inputs/xlsx_reader.py."""
