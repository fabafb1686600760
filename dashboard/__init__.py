"""What the user sees: layout, thin callbacks, figure builders. Never reads files."""
