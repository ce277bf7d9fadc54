"""The one exception the reader raises."""


class UnreadableWorkbook(Exception):
    """The file is not a workbook perfxl can read (zero bytes, not a zip, encrypted, a renamed
    CSV, an Excel ``~$`` owner file …). ``str(e)`` is a complete Chinese sentence for the user."""
