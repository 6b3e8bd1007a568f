from pipeline.schedule import next_interval


def test_busy_sources_are_polled_more_often_and_quiet_ones_less() -> None:
    kw = dict(configured_s=1800, min_s=300, max_s=14_400)
    assert next_interval(1800, new_items=10, ok=True, **kw) == 900
    assert next_interval(1800, new_items=0, ok=True, **kw) == 2700
    assert next_interval(1800, new_items=2, ok=True, **kw) == 1800


def test_interval_stays_within_bounds_and_failures_back_off() -> None:
    kw = dict(configured_s=1800, min_s=300, max_s=14_400)
    assert next_interval(450, new_items=50, ok=True, **kw) == 450  # configured/4 floor
    assert next_interval(7200, new_items=0, ok=True, **kw) == 7200  # configured*4 ceiling
    assert next_interval(7200, new_items=0, ok=False, **kw) == 14_400
    assert next_interval(14_400, new_items=0, ok=False, **kw) == 14_400
