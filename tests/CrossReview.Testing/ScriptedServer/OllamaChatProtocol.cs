namespace CrossReview.Testing.ScriptedServer;

/// <summary>Ollama <c>/api/chat</c>: NDJSON lines, the last with <c>done:true</c>, <c>prompt_eval_count</c> and <c>eval_count</c> (unless usage is omitted); one JSON object when <c>stream:false</c>.</summary>
internal static class OllamaChatProtocol
{
    public static async Task WriteAsync(ScriptedExchange exchange)
    {
        var createdAt = exchange.Created.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
        object Final(string content)
        {
            var final = new Dictionary<string, object?>
            {
                ["model"] = exchange.Model,
                ["created_at"] = createdAt,
                ["message"] = new { role = "assistant", content },
                ["done"] = true,
                ["done_reason"] = "stop",
                ["total_duration"] = 1_000_000L,
                ["load_duration"] = 1_000L,
                ["prompt_eval_duration"] = 1_000L,
                ["eval_duration"] = 1_000L,
            };
            if (!exchange.Reply.OmitUsage)
            {
                final["prompt_eval_count"] = exchange.Usage.InputTokens;
                final["eval_count"] = exchange.Usage.OutputTokens;
            }

            return final;
        }

        if (!exchange.Request.Stream)
        {
            await exchange.WriteJsonAsync(Final(exchange.Reply.Content)).ConfigureAwait(false);
            return;
        }

        exchange.Context.Response.ContentType = "application/x-ndjson";
        for (var i = 0; i < exchange.PiecesBeforeCut; i++)
        {
            await exchange.BeforePieceAsync(i).ConfigureAwait(false);
            await exchange.WriteRawAsync(ScriptedExchange.Serialize(new
            {
                model = exchange.Model,
                created_at = createdAt,
                message = new { role = "assistant", content = exchange.Pieces[i] },
                done = false,
            }) + "\n").ConfigureAwait(false);
        }

        if (exchange.Reply.CutMidway)
        {
            await exchange.CutAsync().ConfigureAwait(false);
            return;
        }

        await exchange.WriteRawAsync(ScriptedExchange.Serialize(Final("")) + "\n").ConfigureAwait(false);
    }
}
