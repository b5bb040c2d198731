"""Load generator: many applicants and staff at once, over the browser's websocket protocol."""
