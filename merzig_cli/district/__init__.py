"""The district brochure: one brochure over the workspaces of a district's towns."""
