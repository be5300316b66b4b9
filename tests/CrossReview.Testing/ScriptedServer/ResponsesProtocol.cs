namespace CrossReview.Testing.ScriptedServer;

/// <summary>
/// OpenAI Responses: a <c>response</c> object, or the SSE sequence <c>response.created</c> → <c>response.in_progress</c>
/// → <c>response.output_item.added</c> → <c>response.content_part.added</c> → <c>response.output_text.delta</c>×N →
/// <c>response.output_text.done</c> → <c>response.content_part.done</c> → <c>response.output_item.done</c> →
/// <c>response.completed</c> (with usage, cached tokens included). A tool call is a <c>function_call</c> item whose
/// arguments stream as <c>response.function_call_arguments.delta</c>.
/// </summary>
internal static class ResponsesProtocol
{
    private const string ResponseId = "resp_scripted";
    private const string ItemId = "msg_scripted";
    private const string CallItemId = "fc_scripted";

    public static async Task WriteAsync(ScriptedExchange exchange)
    {
        var text = exchange.Reply.Content;
        var toolName = exchange.Reply.ToolName;
        if (!exchange.Request.Stream)
        {
            var item = toolName is null ? Message("completed", text) : FunctionCall(toolName, "completed", text);
            await exchange.WriteJsonAsync(Response(exchange, "completed", [item], withUsage: true)).ConfigureAwait(false);
            return;
        }

        exchange.StartSse();
        var sequence = 0;
        Task Event(string type, Func<int, object> data) => exchange.WriteSseAsync(type, data(sequence++));

        await Event("response.created", n => new { type = "response.created", sequence_number = n, response = Response(exchange, "in_progress", [], withUsage: false) }).ConfigureAwait(false);
        await Event("response.in_progress", n => new { type = "response.in_progress", sequence_number = n, response = Response(exchange, "in_progress", [], withUsage: false) }).ConfigureAwait(false);
        if (toolName is not null)
        {
            await WriteFunctionCallAsync(exchange, toolName, Event).ConfigureAwait(false);
            return;
        }

        await Event("response.output_item.added", n => new { type = "response.output_item.added", sequence_number = n, output_index = 0, item = Message("in_progress", null) }).ConfigureAwait(false);
        await Event("response.content_part.added", n => new { type = "response.content_part.added", sequence_number = n, item_id = ItemId, output_index = 0, content_index = 0, part = Part("") }).ConfigureAwait(false);
        for (var i = 0; i < exchange.PiecesBeforeCut; i++)
        {
            await exchange.BeforePieceAsync(i).ConfigureAwait(false);
            var piece = exchange.Pieces[i];
            await Event("response.output_text.delta", n => new { type = "response.output_text.delta", sequence_number = n, item_id = ItemId, output_index = 0, content_index = 0, delta = piece, logprobs = Array.Empty<object>() }).ConfigureAwait(false);
        }

        if (exchange.Reply.CutMidway)
        {
            await exchange.CutAsync().ConfigureAwait(false);
            return;
        }

        await Event("response.output_text.done", n => new { type = "response.output_text.done", sequence_number = n, item_id = ItemId, output_index = 0, content_index = 0, text, logprobs = Array.Empty<object>() }).ConfigureAwait(false);
        await Event("response.content_part.done", n => new { type = "response.content_part.done", sequence_number = n, item_id = ItemId, output_index = 0, content_index = 0, part = Part(text) }).ConfigureAwait(false);
        await Event("response.output_item.done", n => new { type = "response.output_item.done", sequence_number = n, output_index = 0, item = Message("completed", text) }).ConfigureAwait(false);
        await Event("response.completed", n => new { type = "response.completed", sequence_number = n, response = Response(exchange, "completed", [Message("completed", text)], withUsage: true) }).ConfigureAwait(false);
    }

    private static async Task WriteFunctionCallAsync(ScriptedExchange exchange, string name, Func<string, Func<int, object>, Task> @event)
    {
        var arguments = exchange.Reply.Content;
        await @event("response.output_item.added", n => new { type = "response.output_item.added", sequence_number = n, output_index = 0, item = FunctionCall(name, "in_progress", "") }).ConfigureAwait(false);
        for (var i = 0; i < exchange.PiecesBeforeCut; i++)
        {
            await exchange.BeforePieceAsync(i).ConfigureAwait(false);
            var piece = exchange.Pieces[i];
            await @event("response.function_call_arguments.delta", n => new { type = "response.function_call_arguments.delta", sequence_number = n, item_id = CallItemId, output_index = 0, delta = piece }).ConfigureAwait(false);
        }

        if (exchange.Reply.CutMidway)
        {
            await exchange.CutAsync().ConfigureAwait(false);
            return;
        }

        await @event("response.function_call_arguments.done", n => new { type = "response.function_call_arguments.done", sequence_number = n, item_id = CallItemId, output_index = 0, arguments }).ConfigureAwait(false);
        await @event("response.output_item.done", n => new { type = "response.output_item.done", sequence_number = n, output_index = 0, item = FunctionCall(name, "completed", arguments) }).ConfigureAwait(false);
        await @event("response.completed", n => new { type = "response.completed", sequence_number = n, response = Response(exchange, "completed", [FunctionCall(name, "completed", arguments)], withUsage: true) }).ConfigureAwait(false);
    }

    private static object FunctionCall(string name, string status, string arguments) => new
    {
        type = "function_call",
        id = CallItemId,
        call_id = "call_scripted",
        name,
        arguments,
        status,
    };

    private static object Part(string text) => new { type = "output_text", text, annotations = Array.Empty<object>(), logprobs = Array.Empty<object>() };

    /// <summary>An assistant message item; <paramref name="text"/> null gives the empty item a stream opens with.</summary>
    private static object Message(string status, string? text) => new
    {
        type = "message",
        id = ItemId,
        status,
        role = "assistant",
        content = text is null ? Array.Empty<object>() : new[] { Part(text) },
    };

    private static object Response(ScriptedExchange exchange, string status, object[] output, bool withUsage) => new
    {
        id = ResponseId,
        @object = "response",
        created_at = exchange.Created.ToUnixTimeSeconds(),
        status,
        error = (object?)null,
        incomplete_details = (object?)null,
        instructions = (string?)null,
        max_output_tokens = exchange.Request.FindNumber("max_output_tokens"),
        model = exchange.Model,
        output,
        parallel_tool_calls = true,
        previous_response_id = (string?)null,
        reasoning = new { effort = (string?)null, summary = (string?)null },
        store = false,
        temperature = 1.0,
        text = new { format = new { type = "text" } },
        tool_choice = "auto",
        tools = Array.Empty<object>(),
        top_p = 1.0,
        truncation = "disabled",
        usage = withUsage && !exchange.Reply.OmitUsage
            ? new
            {
                input_tokens = exchange.Usage.InputTokens,
                input_tokens_details = new { cached_tokens = exchange.Usage.CachedInputTokens },
                output_tokens = exchange.Usage.OutputTokens,
                output_tokens_details = new { reasoning_tokens = 0 },
                total_tokens = exchange.Usage.InputTokens + exchange.Usage.OutputTokens,
            }
            : null,
        metadata = new Dictionary<string, string>(),
    };
}
