"""The question bank in Excel: the template, the import and the export.

- ``columns``: the file's contract (sheet and column names, labels, limits);
- ``reading``: an upload turned into rows, within the file's limits;
- ``importing``: rows checked into questions, reported row by row, saved all or nothing;
- ``archive``: the .zip of a workbook and its images (uploaded or exported), a folder of images;
- ``pictures``: the image a row names, checked with the rows and attached once they are saved;
- ``fetching``: an image named by URL, fetched without opening the server's own network;
- ``writing``: the template and the export; ``help_sheet``: the template's "Hướng dẫn" sheet.
"""
