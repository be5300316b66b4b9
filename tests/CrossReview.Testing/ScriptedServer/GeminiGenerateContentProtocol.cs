namespace CrossReview.Testing.ScriptedServer;

/// <summary>
/// Gemini <c>generateContent</c>: one <c>GenerateContentResponse</c>, or for <c>:streamGenerateContent?alt=sse</c>
/// <c>data:</c> frames of partial responses (no event names), the last with <c>finishReason: STOP</c> and
/// <c>usageMetadata</c>, where <c>promptTokenCount</c> includes <c>cachedContentTokenCount</c>. A tool call is one
/// <c>functionCall{name,args}</c> part in a single final frame.
/// </summary>
internal static class GeminiGenerateContentProtocol
{
    public static async Task WriteAsync(ScriptedExchange exchange)
    {
        if (exchange.Reply.ToolName is { } tool)
        {
            using var arguments = System.Text.Json.JsonDocument.Parse(exchange.Reply.Content.Length > 0 ? exchange.Reply.Content : "{}");
            var part = new { functionCall = new { name = tool, args = arguments.RootElement.Clone() } };
            if (!exchange.Request.Stream)
            {
                await exchange.WriteJsonAsync(Frame(exchange, part, final: true)).ConfigureAwait(false);
                return;
            }

            exchange.StartSse();
            await exchange.WriteSseAsync(null, Frame(exchange, part, final: true)).ConfigureAwait(false);
            return;
        }

        if (!exchange.Request.Stream)
        {
            await exchange.WriteJsonAsync(Frame(exchange, exchange.Reply.Content, final: true)).ConfigureAwait(false);
            return;
        }

        exchange.StartSse();
        for (var i = 0; i < exchange.PiecesBeforeCut; i++)
        {
            await exchange.BeforePieceAsync(i).ConfigureAwait(false);
            var last = i == exchange.Pieces.Count - 1 && !exchange.Reply.CutMidway;
            await exchange.WriteSseAsync(null, Frame(exchange, exchange.Pieces[i], final: last)).ConfigureAwait(false);
        }

        if (exchange.Reply.CutMidway)
        {
            await exchange.CutAsync().ConfigureAwait(false);
            return;
        }

        if (exchange.Pieces.Count == 0)
        {
            await exchange.WriteSseAsync(null, Frame(exchange, "", final: true)).ConfigureAwait(false);
        }
    }

    private static Dictionary<string, object> Frame(ScriptedExchange exchange, string text, bool final) =>
        Frame(exchange, new { text }, final);

    private static Dictionary<string, object> Frame(ScriptedExchange exchange, object part, bool final)
    {
        var candidate = new Dictionary<string, object>
        {
            ["content"] = new { parts = new[] { part }, role = "model" },
            ["index"] = 0,
        };
        if (final)
        {
            candidate["finishReason"] = "STOP";
        }

        var frame = new Dictionary<string, object>
        {
            ["candidates"] = new[] { candidate },
            ["modelVersion"] = exchange.Model,
            ["responseId"] = "scripted",
        };
        if (final && !exchange.Reply.OmitUsage)
        {
            frame["usageMetadata"] = new
            {
                promptTokenCount = exchange.Usage.InputTokens,
                cachedContentTokenCount = exchange.Usage.CachedInputTokens,
                candidatesTokenCount = exchange.Usage.OutputTokens,
                totalTokenCount = exchange.Usage.InputTokens + exchange.Usage.OutputTokens,
            };
        }

        return frame;
    }
}
