// Placeholder: filled in by the checkpoint work of issue 12.
