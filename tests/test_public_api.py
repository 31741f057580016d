"""The public surface is listed once, in ``unspin.__all__``."""

import unspin


def test_all_is_sorted_and_complete() -> None:
    assert unspin.__all__ == sorted(unspin.__all__)
    public = {n for n in dir(unspin) if not n.startswith("_") and n[0].isupper() or n in ("analyze", "analyze_many", "build_pipeline", "load_pipeline", "read_path")}
    assert public <= set(unspin.__all__)
    for name in unspin.__all__:
        assert hasattr(unspin, name)
