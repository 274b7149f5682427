"""The monthly participation report of a unit subtree: figures, charts, pages, Excel and print view."""
