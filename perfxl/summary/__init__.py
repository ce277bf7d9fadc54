"""The batch's outputs beyond each workbook: the compact per-file record, the summary workbook
for the 财政局, and the month-by-month history kept beside it."""
