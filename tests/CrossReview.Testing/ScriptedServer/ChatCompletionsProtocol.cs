using System.Text.Json;

namespace CrossReview.Testing.ScriptedServer;

/// <summary>OpenAI Chat Completions: a <c>chat.completion</c> object, or <c>chat.completion.chunk</c> SSE frames, a final chunk with <c>finish_reason</c>, a usage chunk when <c>stream_options.include_usage</c> is set, then <c>data: [DONE]</c>.</summary>
internal static class ChatCompletionsProtocol
{
    public static async Task WriteAsync(ScriptedExchange exchange)
    {
        var id = "chatcmpl-scripted";
        var created = exchange.Created.ToUnixTimeSeconds();
        if (!exchange.Request.Stream)
        {
            await exchange.WriteJsonAsync(new
            {
                id,
                @object = "chat.completion",
                created,
                model = exchange.Model,
                choices = new[]
                {
                    new
                    {
                        index = 0,
                        message = new { role = "assistant", content = exchange.Reply.Content, refusal = (string?)null },
                        logprobs = (object?)null,
                        finish_reason = exchange.Reply.ChatFinishReason,
                    },
                },
                usage = exchange.Reply.OmitUsage ? null : Usage(exchange.Usage),
            }).ConfigureAwait(false);
            return;
        }

        exchange.StartSse();
        object Chunk(object delta, string? finishReason) => new
        {
            id,
            @object = "chat.completion.chunk",
            created,
            model = exchange.Model,
            choices = new[] { new { index = 0, delta, logprobs = (object?)null, finish_reason = finishReason } },
        };

        await exchange.WriteSseAsync(null, Chunk(new { role = "assistant", content = "" }, null)).ConfigureAwait(false);
        for (var i = 0; i < exchange.PiecesBeforeCut; i++)
        {
            await exchange.BeforePieceAsync(i).ConfigureAwait(false);
            await exchange.WriteSseAsync(null, Chunk(new { content = exchange.Pieces[i] }, null)).ConfigureAwait(false);
        }

        if (exchange.Reply.CutMidway)
        {
            await exchange.CutAsync().ConfigureAwait(false);
            return;
        }

        await exchange.WriteSseAsync(null, Chunk(new { }, exchange.Reply.ChatFinishReason)).ConfigureAwait(false);
        if (!exchange.Reply.OmitUsage && exchange.Request.Find("stream_options", "include_usage") is { ValueKind: JsonValueKind.True })
        {
            await exchange.WriteSseAsync(null, new
            {
                id,
                @object = "chat.completion.chunk",
                created,
                model = exchange.Model,
                choices = Array.Empty<object>(),
                usage = Usage(exchange.Usage),
            }).ConfigureAwait(false);
        }

        await exchange.WriteRawAsync("data: [DONE]\n\n").ConfigureAwait(false);
    }

    private static object Usage(ScriptedUsage usage) => new
    {
        prompt_tokens = usage.InputTokens,
        completion_tokens = usage.OutputTokens,
        total_tokens = usage.InputTokens + usage.OutputTokens,
        prompt_tokens_details = new { cached_tokens = usage.CachedInputTokens },
        completion_tokens_details = new { reasoning_tokens = 0 },
    };
}
