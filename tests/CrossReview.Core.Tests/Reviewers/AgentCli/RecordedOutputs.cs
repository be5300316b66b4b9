namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>
/// What the pinned CLIs (codex 0.169.0, claude 2.1.197, gemini-cli 0.61.0) printed in runs against the scripted
/// server, kept verbatim unless a summary says otherwise.
/// </summary>
internal static class RecordedOutputs
{
    /// <summary>codex exec --json: one turn whose agent message is the review; usage 1200 in (200 cached), 300 out.</summary>
    public const string CodexSuccess = """"
{"type":"thread.started","thread_id":"01a2106b-1fb6-7d12-8987-6a2705e88b39"}
{"type":"turn.started"}
{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"{\"verdict\":\"request_changes\",\"summary\":\"The sum now starts at index 1 and drops the first value.\",\"findings\":[{\"title\":\"Loop skips the first element\",\"body\":\"range(1, len(values)) starts at 1, so values[0] is never added.\",\"severity\":\"major\",\"category\":\"correctness\",\"file\":\"calc.py\",\"start_line\":3,\"end_line\":3,\"start_line_hash\":\"c6c\",\"confidence\":0.9,\"recommendation\":\"Iterate over range(len(values)).\"}]}"}}
{"type":"turn.completed","usage":{"input_tokens":1200,"cached_input_tokens":200,"cache_write_input_tokens":0,"output_tokens":300,"reasoning_output_tokens":0}}
"""";

    /// <summary>codex exec --json against a server answering 401: five reconnects, then turn.failed (exit code 1).</summary>
    public const string CodexKeyRefused = """"
{"type":"thread.started","thread_id":"01a2106b-2557-75b1-babc-5a01889c3c8e"}
{"type":"turn.started"}
{"type":"error","message":"Reconnecting... 1/5 (unexpected status 401 Unauthorized: Incorrect API key provided, url: http://127.0.0.1:36599/v1/responses)"}
{"type":"error","message":"Reconnecting... 2/5 (unexpected status 401 Unauthorized: Incorrect API key provided, url: http://127.0.0.1:36599/v1/responses)"}
{"type":"error","message":"Reconnecting... 3/5 (unexpected status 401 Unauthorized: Incorrect API key provided, url: http://127.0.0.1:36599/v1/responses)"}
{"type":"error","message":"Reconnecting... 4/5 (unexpected status 401 Unauthorized: Incorrect API key provided, url: http://127.0.0.1:36599/v1/responses)"}
{"type":"error","message":"Reconnecting... 5/5 (unexpected status 401 Unauthorized: Incorrect API key provided, url: http://127.0.0.1:36599/v1/responses)"}
{"type":"error","message":"unexpected status 401 Unauthorized: Incorrect API key provided, url: http://127.0.0.1:36599/v1/responses"}
{"type":"turn.failed","error":{"message":"unexpected status 401 Unauthorized: Incorrect API key provided, url: http://127.0.0.1:36599/v1/responses"}}
"""";

    /// <summary>claude -p --output-format json --json-schema: the model called StructuredOutput; 5000 + 1000 cache-read in, 500 out.</summary>
    public const string ClaudeSuccess = """"
{"type":"result","subtype":"success","is_error":false,"api_error_status":null,"duration_ms":81,"duration_api_ms":30,"ttft_ms":66,"ttft_stream_ms":64,"time_to_request_ms":55,"num_turns":2,"result":"{\"verdict\":\"request_changes\",\"summary\":\"The sum now starts at index 1 and drops the first value.\",\"findings\":[{\"title\":\"Loop skips the first element\",\"body\":\"range(1, len(values)) starts at 1, so values[0] is never added.\",\"severity\":\"major\",\"category\":\"correctness\",\"file\":\"calc.py\",\"start_line\":3,\"end_line\":3,\"start_line_hash\":\"c6c\",\"confidence\":0.9,\"recommendation\":\"Iterate over range(len(values)).\"}]}","stop_reason":"tool_use","session_id":"a8bc1cbd-13de-4c7e-a344-3421b81b440e","total_cost_usd":0.0228,"usage":{"input_tokens":5000,"cache_creation_input_tokens":0,"cache_read_input_tokens":1000,"output_tokens":500,"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0},"service_tier":"standard","cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":0},"inference_geo":"","iterations":[],"speed":"standard"},"modelUsage":{"claude-sonnet-4-5":{"inputTokens":5000,"outputTokens":500,"cacheReadInputTokens":1000,"cacheCreationInputTokens":0,"webSearchRequests":0,"costUSD":0.0228,"contextWindow":200000,"maxOutputTokens":32000}},"permission_denials":[],"structured_output":{"verdict":"request_changes","summary":"The sum now starts at index 1 and drops the first value.","findings":[{"title":"Loop skips the first element","body":"range(1, len(values)) starts at 1, so values[0] is never added.","severity":"major","category":"correctness","file":"calc.py","start_line":3,"end_line":3,"start_line_hash":"c6c","confidence":0.9,"recommendation":"Iterate over range(len(values))."}]},"terminal_reason":"completed","fast_mode_state":"off","uuid":"bb542076-8eeb-40a9-b7ec-45cc95a49180"}
"""";

    /// <summary>claude -p --json-schema when the model answered in text twice: success, but no structured_output.</summary>
    public const string ClaudeTextOnly = """"
{"type":"result","subtype":"success","is_error":false,"api_error_status":null,"duration_ms":739,"duration_api_ms":681,"ttft_ms":701,"ttft_stream_ms":697,"time_to_request_ms":49,"num_turns":2,"result":"{\"verdict\":\"request_changes\",\"summary\":\"The sum now starts at index 1 and drops the first value.\",\"findings\":[{\"title\":\"Loop skips the first element\",\"body\":\"range(1, len(values)) starts at 1, so values[0] is never added.\",\"severity\":\"major\",\"category\":\"correctness\",\"file\":\"calc.py\",\"start_line\":3,\"end_line\":3,\"start_line_hash\":\"c6c\",\"confidence\":0.9,\"recommendation\":\"Iterate over range(len(values)).\"}]}","stop_reason":"end_turn","session_id":"129380a3-24f1-4660-ac70-c63f03013584","total_cost_usd":0.07549499999999999,"usage":{"input_tokens":14089,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":202,"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0},"service_tier":"standard","cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":0},"inference_geo":"","iterations":[],"speed":"standard"},"modelUsage":{"claude-opus-4-8[1m]":{"inputTokens":14089,"outputTokens":202,"cacheReadInputTokens":0,"cacheCreationInputTokens":0,"webSearchRequests":0,"costUSD":0.07549499999999999,"contextWindow":1000000,"maxOutputTokens":64000}},"permission_denials":[],"terminal_reason":"completed","fast_mode_state":"off","uuid":"7ca370be-4215-4000-a587-7f18188ac786"}
"""";

    /// <summary>claude -p against a server answering 401 (CLAUDE_CODE_MAX_RETRIES=0); exit code 1.</summary>
    public const string ClaudeKeyRefused = """"
{"type":"result","subtype":"success","is_error":true,"api_error_status":401,"duration_ms":341,"duration_api_ms":0,"num_turns":1,"result":"Invalid API key · Fix external API key","stop_reason":"stop_sequence","session_id":"2db8b26a-9f92-49fc-b206-01dc20df088a","total_cost_usd":0,"usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0,"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0},"service_tier":"standard","cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":0},"inference_geo":"","iterations":[],"speed":"standard"},"modelUsage":{},"permission_denials":[],"terminal_reason":"completed","fast_mode_state":"off","uuid":"21d6fddc-ca02-44c4-b5f9-3621bc0c20a8"}
"""";

    /// <summary>gemini -p -o json -m gemini-2.5-pro (no router call with a model given): 9000 in (2000 cached), 400 out.</summary>
    public const string GeminiSuccess = """"
{
  "session_id": "936e9904-2590-4f4e-9a22-8acad953b80d",
  "response": "{\"verdict\":\"request_changes\",\"summary\":\"The sum now starts at index 1 and drops the first value.\",\"findings\":[{\"title\":\"Loop skips the first element\",\"body\":\"range(1, len(values)) starts at 1, so values[0] is never added.\",\"severity\":\"major\",\"category\":\"correctness\",\"file\":\"calc.py\",\"start_line\":3,\"end_line\":3,\"start_line_hash\":\"c6c\",\"confidence\":0.9,\"recommendation\":\"Iterate over range(len(values)).\"}]}",
  "stats": {
    "models": {
      "gemini-2.5-pro": {
        "api": {
          "totalRequests": 1,
          "totalErrors": 0,
          "totalLatencyMs": 174,
          "errorsByType": {}
        },
        "tokens": {
          "input": 7000,
          "prompt": 9000,
          "candidates": 400,
          "total": 9400,
          "cached": 2000,
          "thoughts": 0,
          "tool": 0
        },
        "roles": {
          "main": {
            "totalRequests": 1,
            "totalErrors": 0,
            "totalLatencyMs": 174,
            "tokens": {
              "input": 7000,
              "prompt": 9000,
              "candidates": 400,
              "total": 9400,
              "cached": 2000,
              "thoughts": 0,
              "tool": 0
            }
          }
        }
      }
    },
    "tools": {
      "totalCalls": 0,
      "totalSuccess": 0,
      "totalFail": 0,
      "totalDurationMs": 0,
      "totalDecisions": {
        "accept": 0,
        "reject": 0,
        "modify": 0,
        "auto_accept": 0
      },
      "byName": {}
    },
    "files": {
      "totalLinesAdded": 0,
      "totalLinesRemoved": 0
    }
  }
}
"""";

    /// <summary>
    /// gemini -p -o json without a model, shaped as its stats code writes it (not recorded: the router's classifier
    /// answer was not scripted): a router call on flash-lite, then the review on pro, which also thought.
    /// </summary>
    public const string GeminiWithRouterCall = """"
{
  "session_id": "5b1f0c3e-2d7a-4f7e-9a51-0c2f3c8e6a10",
  "response": "{\"verdict\":\"request_changes\",\"summary\":\"The sum now starts at index 1.\",\"findings\":[{\"title\":\"Loop skips the first element\",\"body\":\"values[0] is never added.\",\"severity\":\"major\",\"category\":\"correctness\",\"file\":\"calc.py\",\"start_line\":3,\"end_line\":3,\"start_line_hash\":null,\"confidence\":0.9,\"recommendation\":null}]}",
  "stats": {
    "models": {
      "gemini-2.5-flash-lite": {
        "api": { "totalRequests": 1, "totalErrors": 0, "totalLatencyMs": 310, "errorsByType": {} },
        "tokens": { "input": 900, "prompt": 900, "candidates": 12, "total": 912, "cached": 0, "thoughts": 0, "tool": 0 },
        "roles": {}
      },
      "gemini-2.5-pro": {
        "api": { "totalRequests": 1, "totalErrors": 0, "totalLatencyMs": 4200, "errorsByType": {} },
        "tokens": { "input": 7000, "prompt": 9000, "candidates": 400, "total": 9650, "cached": 2000, "thoughts": 250, "tool": 0 },
        "roles": {}
      }
    },
    "tools": { "totalCalls": 0, "totalSuccess": 0, "totalFail": 0, "totalDurationMs": 0, "totalDecisions": {}, "byName": {} },
    "files": { "totalLinesAdded": 0, "totalLinesRemoved": 0 }
  }
}
"""";

    /// <summary>
    /// The end of stderr from gemini -p -o json against a server answering 401 (exit code 145); stdout was empty. The
    /// stack trace is shortened to its last frame.
    /// </summary>
    public const string GeminiKeyRefusedStderr = """"
Error when talking to Gemini API Full report available at: /tmp/gemini-client-error-Turn.run-sendMessageStream-2026-11-25T02-02-59-360Z.json _ApiError: {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}
    at async Turn.run (file:///tmp/npmtest/node_modules/@google/gemini-cli/bundle/chunk-JDPZ4CE3.js:333001:24) {
  status: 401
}
{
  "session_id": "6cdf1b73-4663-4aba-9840-af717e90fdb1",
  "error": {
    "type": "Error",
    "message": "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}",
    "code": 401
  }
}
"""";
}
