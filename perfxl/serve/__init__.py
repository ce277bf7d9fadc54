"""``perfxl serve``: a small web page for the office.

Drop workbooks on the page, read the findings per workbook, download each workbook with its
result sheets (or a zip of several); with ``--folder DIR`` a second page shows the folder's last
monthly run. The check is the runner's (:func:`perfxl.runner.run_file` in a bounded process
pool), the page shows the one result contract (:meth:`perfxl.result.WorkbookResult.to_dict`).

Modules: ``settings`` (the caps and defaults), ``app`` (routes), ``access`` (token, origin and
upload size at the door), ``uploads`` (the private temporary folder and opaque ids), ``work``
(the process pool), ``views`` (a record as the page shows it), ``folder`` (the last monthly run),
``command`` (start the server, print the link). Importing this package imports no web framework:
``perfxl.cli`` stays quick to start.
"""
