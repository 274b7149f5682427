"""The question bank in Excel: the template, the import and the export.

- ``columns``: the file's contract (sheet and column names, labels, limits);
- ``reading``: an upload turned into rows, within the file's limits;
- ``importing``: rows checked into questions, reported row by row, saved all or nothing;
- ``writing``: the template and the export.
"""
