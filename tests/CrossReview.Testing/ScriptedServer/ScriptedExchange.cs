using System.Text;
using System.Text.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace CrossReview.Testing.ScriptedServer;

/// <summary>One request being answered: what the protocol writers need, and the framing they share.</summary>
internal sealed class ScriptedExchange
{
    /// <summary>Small pieces so even a short answer arrives as several deltas, like a real stream.</summary>
    private const int PieceLength = 24;

    private static readonly TimeSpan ClientGiveUpWait = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    private readonly StringBuilder _beforeCut = new();

    public ScriptedExchange(HttpContext context, RecordedRequest request, ScriptedReply reply)
    {
        Context = context;
        Request = request;
        Reply = reply;
        Model = reply.Model ?? request.Model ?? "scripted-model";
        Usage = reply.Usage ?? new ScriptedUsage(
            Math.Max(1, request.Body.Length / 4), 0, Math.Max(1, reply.Content.Length / 4));
        Pieces = Split(reply.Content);
        Created = DateTimeOffset.UtcNow;
    }

    public HttpContext Context { get; }
    public RecordedRequest Request { get; }
    public ScriptedReply Reply { get; }
    public string Model { get; }
    public ScriptedUsage Usage { get; }
    public IReadOnlyList<string> Pieces { get; }
    public DateTimeOffset Created { get; }
    public CancellationToken Aborted => Context.RequestAborted;

    /// <summary>How many pieces a cut stream sends before the connection drops.</summary>
    public int PiecesBeforeCut => Reply.CutMidway ? Math.Max(1, Pieces.Count / 2) : Pieces.Count;

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Compact);

    /// <summary>Writes a whole JSON answer, or half of it and a dropped connection when the reply is cut.</summary>
    public async Task WriteJsonAsync(object body)
    {
        var text = Serialize(body);
        Context.Response.ContentType = "application/json";
        if (Reply.CutMidway)
        {
            await WriteRawAsync(text[..(text.Length / 2)]).ConfigureAwait(false);
            await CutAsync().ConfigureAwait(false);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        Context.Response.ContentLength = bytes.Length;
        await Context.Response.Body.WriteAsync(bytes, Aborted).ConfigureAwait(false);
    }

    /// <summary>Paces a stream by <see cref="ScriptedReply.PieceDelay"/>, so a client can be seen consuming it live.</summary>
    public Task BeforePieceAsync(int index) =>
        index > 0 && Reply.PieceDelay > TimeSpan.Zero ? Task.Delay(Reply.PieceDelay, Aborted) : Task.CompletedTask;

    public void StartSse()
    {
        Context.Response.ContentType = "text/event-stream";
        Context.Response.Headers.CacheControl = "no-cache";
    }

    public Task WriteSseAsync(string? eventName, object data) =>
        WriteRawAsync((eventName is null ? "" : $"event: {eventName}\n") + $"data: {Serialize(data)}\n\n");

    public async Task WriteRawAsync(string text)
    {
        if (Reply.CutMidway)
        {
            _beforeCut.Append(text);
            return;
        }

        await Context.Response.WriteAsync(text, Aborted).ConfigureAwait(false);
        await Context.Response.Body.FlushAsync(Aborted).ConfigureAwait(false);
    }

    /// <summary>Sends what was written so far as the start of a chunked body, then drops the connection.</summary>
    /// <remarks>
    /// Kestrel sends from a pipe in the background and its abort resets the connection, and a reset makes the client's
    /// kernel drop bytes not yet read: the client could lose the status line too and see a plain connection error
    /// instead of a cut answer. So the bytes go straight to the socket, which is then closed for sending (FIN, which
    /// keeps order with the data); once the client has found the body truncated and hung up, the connection is torn down.
    /// </remarks>
    public async Task CutAsync()
    {
        if (Context.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            await Context.Response.WriteAsync(_beforeCut.ToString(), Aborted).ConfigureAwait(false);
            await Context.Response.Body.FlushAsync(Aborted).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(200), Aborted).ConfigureAwait(false);
            Context.Abort();
            return;
        }

        var body = Encoding.UTF8.GetBytes(_beforeCut.ToString());
        var head = new StringBuilder()
            .Append("HTTP/1.1 200 OK\r\n")
            .Append("Content-Type: ").Append(Context.Response.ContentType ?? "application/octet-stream").Append("\r\n")
            .Append("Transfer-Encoding: chunked\r\n");
        foreach (var (name, value) in Reply.Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("\r\n").Append(body.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n");
        await socket.SendAsync(Encoding.ASCII.GetBytes(head.ToString()), SocketFlags.None, Aborted).ConfigureAwait(false);
        await socket.SendAsync(body, SocketFlags.None, Aborted).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Send);
        try
        {
            await Task.Delay(ClientGiveUpWait, Aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client hung up: it has seen the cut.
        }

        Context.Abort();
    }

    private static string[] Split(string content)
    {
        var pieces = new List<string>();
        for (var start = 0; start < content.Length; start += PieceLength)
        {
            pieces.Add(content.Substring(start, Math.Min(PieceLength, content.Length - start)));
        }

        return [.. pieces];
    }
}
