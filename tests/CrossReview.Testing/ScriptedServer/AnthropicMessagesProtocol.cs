namespace CrossReview.Testing.ScriptedServer;

/// <summary>
/// Anthropic Messages: a <c>message</c> object, or the SSE sequence <c>message_start</c> → <c>content_block_start</c> →
/// <c>content_block_delta{text_delta}</c>×N → <c>content_block_stop</c> → <c>message_delta{stop_reason, usage}</c> →
/// <c>message_stop</c>. Cached input is reported as <c>cache_read_input_tokens</c>, apart from <c>input_tokens</c> as the API does.
/// </summary>
internal static class AnthropicMessagesProtocol
{
    private const string MessageId = "msg_scripted";

    public static async Task WriteAsync(ScriptedExchange exchange)
    {
        var usage = exchange.Usage;
        var uncachedInput = Math.Max(0, usage.InputTokens - usage.CachedInputTokens);
        if (!exchange.Request.Stream)
        {
            await exchange.WriteJsonAsync(new
            {
                id = MessageId,
                type = "message",
                role = "assistant",
                model = exchange.Model,
                content = new[] { new { type = "text", text = exchange.Reply.Content } },
                stop_reason = "end_turn",
                stop_sequence = (string?)null,
                usage = new
                {
                    input_tokens = uncachedInput,
                    cache_creation_input_tokens = 0,
                    cache_read_input_tokens = usage.CachedInputTokens,
                    output_tokens = usage.OutputTokens,
                },
            }).ConfigureAwait(false);
            return;
        }

        exchange.StartSse();
        await exchange.WriteSseAsync("message_start", new
        {
            type = "message_start",
            message = new
            {
                id = MessageId,
                type = "message",
                role = "assistant",
                model = exchange.Model,
                content = Array.Empty<object>(),
                stop_reason = (string?)null,
                stop_sequence = (string?)null,
                usage = new
                {
                    input_tokens = uncachedInput,
                    cache_creation_input_tokens = 0,
                    cache_read_input_tokens = usage.CachedInputTokens,
                    output_tokens = 1,
                },
            },
        }).ConfigureAwait(false);
        await exchange.WriteSseAsync("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } }).ConfigureAwait(false);
        await exchange.WriteSseAsync("ping", new { type = "ping" }).ConfigureAwait(false);
        for (var i = 0; i < exchange.PiecesBeforeCut; i++)
        {
            await exchange.BeforePieceAsync(i).ConfigureAwait(false);
            await exchange.WriteSseAsync("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = exchange.Pieces[i] } }).ConfigureAwait(false);
        }

        if (exchange.Reply.CutMidway)
        {
            await exchange.CutAsync().ConfigureAwait(false);
            return;
        }

        await exchange.WriteSseAsync("content_block_stop", new { type = "content_block_stop", index = 0 }).ConfigureAwait(false);
        await exchange.WriteSseAsync("message_delta", new
        {
            type = "message_delta",
            delta = new { stop_reason = "end_turn", stop_sequence = (string?)null },
            usage = new { output_tokens = usage.OutputTokens },
        }).ConfigureAwait(false);
        await exchange.WriteSseAsync("message_stop", new { type = "message_stop" }).ConfigureAwait(false);
    }
}
