"""The OpenAI completions usage export's columns and their usage_events counterparts."""

from __future__ import annotations

# Time columns: every export has them, the 4-column empty export has nothing else.
TIME_COLUMNS = ("start_time", "end_time", "start_time_iso", "end_time_iso")

# Key dimensions: CSV column -> usage_events column (model keeps its name).
DIMENSIONS: dict[str, str] = {
    "project_id": "project_id",
    "api_key_id": "openai_api_key_id",
    "user_id": "openai_user_id",
    "model": "model",
    "service_tier": "service_tier",
}

# The fourteen metrics, in report order: CSV column -> usage_events column.
METRICS: dict[str, str] = {
    "input_tokens": "tokens_in",
    "output_tokens": "tokens_out",
    "input_cached_tokens": "input_cached_tokens",
    "input_uncached_tokens": "input_uncached_tokens",
    "input_text_tokens": "input_text_tokens",
    "output_text_tokens": "output_text_tokens",
    "input_cached_text_tokens": "input_cached_text_tokens",
    "input_audio_tokens": "input_audio_tokens",
    "input_cached_audio_tokens": "input_cached_audio_tokens",
    "output_audio_tokens": "output_audio_tokens",
    "input_image_tokens": "input_image_tokens",
    "input_cached_image_tokens": "input_cached_image_tokens",
    "output_image_tokens": "output_image_tokens",
    "num_model_requests": "num_model_requests",
}

# A usage export (not the empty one) must carry all of these; other columns are ignored.
USAGE_COLUMNS = (*TIME_COLUMNS, *DIMENSIONS, "batch", *METRICS)

# Columns of the TEMP table the export is copied into, in COPY order.
STAGE_COLUMNS = (
    "source",
    "line",
    "empty",
    "window_start",
    "window_end",
    *DIMENSIONS,
    "batch",
    *METRICS,
)

# Columns the 0003 release adds to usage_events; backfill needs all of them.
RELEASE_0003_COLUMNS = (
    "window_start",
    "window_end",
    "project_id",
    "openai_user_id",
    "openai_api_key_id",
    "service_tier",
    "batch",
    *(db for db in METRICS.values() if db not in ("tokens_in", "tokens_out")),
)
