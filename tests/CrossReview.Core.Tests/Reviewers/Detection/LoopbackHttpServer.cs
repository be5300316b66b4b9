using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CrossReview.Tests.Reviewers.Detection;

/// <summary>
/// A real HTTP/1.1 listener on 127.0.0.1 that answers every request with one scripted response (or never answers,
/// to test timeouts), and counts what it got. Small enough to see all of it; the scripted model server speaks model
/// protocols, this one speaks whatever a probe needs.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _requestLines = [];
    private readonly Task _loop;

    private LoopbackHttpServer(int status, string body, bool answer)
    {
        _listener.Start();
        _loop = Task.Run(() => AcceptAsync(status, body, answer));
    }

    public Uri Root => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>The request lines received (<c>GET /api/tags HTTP/1.1</c>).</summary>
    public IReadOnlyList<string> RequestLines
    {
        get
        {
            lock (_requestLines)
            {
                return [.. _requestLines];
            }
        }
    }

    public static LoopbackHttpServer Answering(int status, string body) => new(status, body, answer: true);

    /// <summary>Accepts connections and reads requests but never sends a byte back.</summary>
    public static LoopbackHttpServer Silent() => new(200, "", answer: false);

    /// <summary>A port on 127.0.0.1 that nothing listens on: it was just bound and released.</summary>
    public static Uri ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(int status, string body, bool answer)
    {
        var open = new List<TcpClient>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    return;
                }

                open.Add(client);
                _ = Task.Run(() => ServeAsync(client, status, body, answer));
            }
        }
        finally
        {
            foreach (var client in open)
            {
                client.Dispose();
            }
        }
    }

    private async Task ServeAsync(TcpClient client, int status, string body, bool answer)
    {
        try
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            var requestLine = await reader.ReadLineAsync(_stop.Token);
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token)))
            {
            }

            lock (_requestLines)
            {
                _requestLines.Add(requestLine ?? "");
            }

            if (!answer)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }

            var bytes = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 {status} Scripted\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
            await stream.WriteAsync(bytes, _stop.Token);
            await stream.FlushAsync(_stop.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }
}
