"""Route an inquiry to the right actor and contact person."""
