"""Check-worthiness research code: CheckThat! data, metrics and training of the claims model."""
