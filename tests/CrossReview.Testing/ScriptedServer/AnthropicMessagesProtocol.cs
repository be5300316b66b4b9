using System.Text.Json;

namespace CrossReview.Testing.ScriptedServer;

/// <summary>
/// Anthropic Messages: a <c>message</c> object, or the SSE sequence <c>message_start</c> → <c>content_block_start</c> →
/// <c>content_block_delta{text_delta}</c>×N → <c>content_block_stop</c> → <c>message_delta{stop_reason, usage}</c> →
/// <c>message_stop</c>. Cached input is reported as <c>cache_read_input_tokens</c>, apart from <c>input_tokens</c> as the API does.
/// A tool call is a <c>tool_use</c> block whose input streams as <c>input_json_delta</c>, ending with <c>stop_reason: tool_use</c>.
/// </summary>
internal static class AnthropicMessagesProtocol
{
    private const string MessageId = "msg_scripted";
    private const string ToolUseIdPrefix = "toolu_scripted_";

    /// <summary>Each tool call gets its own id: claude keeps one result per id, so repeated ids hid all but the first call.</summary>
    private static int s_toolUses;

    public static async Task WriteAsync(ScriptedExchange exchange)
    {
        var usage = exchange.Usage;
        var uncachedInput = Math.Max(0, usage.InputTokens - usage.CachedInputTokens);
        var toolName = exchange.Reply.ToolName;
        var stopReason = toolName is null ? "end_turn" : "tool_use";
        if (!exchange.Request.Stream)
        {
            await exchange.WriteJsonAsync(new
            {
                id = MessageId,
                type = "message",
                role = "assistant",
                model = exchange.Model,
                content = new[] { toolName is null ? Text(exchange.Reply.Content) : ToolUse(toolName, JsonSerializer.Deserialize<JsonElement>(exchange.Reply.Content)) },
                stop_reason = stopReason,
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
        var emptyBlock = toolName is null ? Text("") : ToolUse(toolName, new Dictionary<string, object>());
        await exchange.WriteSseAsync("content_block_start", new { type = "content_block_start", index = 0, content_block = emptyBlock }).ConfigureAwait(false);
        await exchange.WriteSseAsync("ping", new { type = "ping" }).ConfigureAwait(false);
        for (var i = 0; i < exchange.PiecesBeforeCut; i++)
        {
            await exchange.BeforePieceAsync(i).ConfigureAwait(false);
            object delta = toolName is null
                ? new { type = "text_delta", text = exchange.Pieces[i] }
                : new { type = "input_json_delta", partial_json = exchange.Pieces[i] };
            await exchange.WriteSseAsync("content_block_delta", new { type = "content_block_delta", index = 0, delta }).ConfigureAwait(false);
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
            delta = new { stop_reason = stopReason, stop_sequence = (string?)null },
            usage = new { output_tokens = usage.OutputTokens },
        }).ConfigureAwait(false);
        await exchange.WriteSseAsync("message_stop", new { type = "message_stop" }).ConfigureAwait(false);
    }

    private static Dictionary<string, object> Text(string text) => new() { ["type"] = "text", ["text"] = text };

    private static Dictionary<string, object> ToolUse(string name, object input) =>
        new() { ["type"] = "tool_use", ["id"] = ToolUseIdPrefix + Interlocked.Increment(ref s_toolUses).ToString(System.Globalization.CultureInfo.InvariantCulture), ["name"] = name, ["input"] = input };
}
