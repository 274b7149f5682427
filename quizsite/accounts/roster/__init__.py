"""The roster: a province's teams and members from the officers' Excel lists (template, reading, import, export)."""
