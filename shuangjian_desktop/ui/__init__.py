"""The Qt GUI: main window, one view per ledger, table models, dialogs. Talks to services only."""
