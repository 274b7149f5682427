"""The organiser's pages: competitions, stages, rounds, the dashboard, flags and the preview."""
