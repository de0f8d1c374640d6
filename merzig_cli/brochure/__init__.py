"""The brochure: its content, its layout (HTML, PDF, Markdown), its long PDF."""
