key_id, model, window_start, window_end, COALESCE(project_id, ''), COALESCE(openai_api_key_id, ''), COALESCE(openai_user_id, ''), COALESCE(service_tier, ''), COALESCE(batch, false)
