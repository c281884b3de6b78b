"""Course files as text: front matter, field schemas, Markdown and math rendering, asset paths. Pure."""
