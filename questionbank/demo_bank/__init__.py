"""The demo question bank: data, not code.

``ngan-hang-cau-hoi-mau.xlsx`` holds every demo question in the officers'
own import format (the "Câu hỏi" sheet of questionbank.excel), written from
the provincial documents in shared/seeds; edit it in Excel or LibreOffice
like any question workbook. ``loader.load()`` imports it through the same
service as an officer's upload; ``manage.py seed_demo`` calls it.
"""
