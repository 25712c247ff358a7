"""What the pages do when a button is pressed or a widget changes: one module per page (and the
sharing panel, and uploads.py for a file handed to the store). Callbacks change the Session or
the Store; pages only get data and draw."""
